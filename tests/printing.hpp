// Test helper: lets Boost.Test print the library's enums in failure messages.
#ifndef SMOOTH_TESTS_PRINTING_HPP
#define SMOOTH_TESTS_PRINTING_HPP

#include <ostream>

#include <smooth/run.hpp>
#include <smooth/theory.hpp>

namespace smooth {
inline std::ostream& operator<<(std::ostream& out, run_status s) { return out << to_string(s); }
namespace theory {
inline std::ostream& operator<<(std::ostream& out, region r) { return out << to_string(r); }
} // namespace theory
} // namespace smooth

#endif
