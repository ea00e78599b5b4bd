// An error in what the user gave us (a file, a number, a spec), with where it is.
#ifndef SMOOTH_IO_INPUT_ERROR_HPP
#define SMOOTH_IO_INPUT_ERROR_HPP

#include <stdexcept>

namespace smooth::io {

/// The message already says where: "FILE:LINE:COLUMN: what".
class input_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace smooth::io

#endif
