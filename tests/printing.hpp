// Test helper: lets Boost.Test print the library's enums and "no value yet" (std::optional,
// what every stream returns) in failure messages.
#ifndef SMOOTH_TESTS_PRINTING_HPP
#define SMOOTH_TESTS_PRINTING_HPP

#include <optional>
#include <ostream>

#include <boost/test/tools/detail/print_helper.hpp>

#include <smooth/run.hpp>
#include <smooth/theory.hpp>

namespace smooth {
inline std::ostream& operator<<(std::ostream& out, run_status s) { return out << to_string(s); }
namespace theory {
inline std::ostream& operator<<(std::ostream& out, region r) { return out << to_string(r); }
} // namespace theory
} // namespace smooth

namespace boost::test_tools::tt_detail {
template <class T>
struct print_log_value<std::optional<T>> {
    void operator()(std::ostream& out, std::optional<T> const& v)
    {
        if (v) {
            out << *v;
        } else {
            out << "nullopt";
        }
    }
};
} // namespace boost::test_tools::tt_detail

#endif
