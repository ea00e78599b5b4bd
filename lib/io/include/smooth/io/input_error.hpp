// An error in what the user gave us (a file, a number, a spec), with where it is.
#ifndef SMOOTH_IO_INPUT_ERROR_HPP
#define SMOOTH_IO_INPUT_ERROR_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smooth::io {

/// The message already says where: "FILE:LINE:COLUMN: what".
class input_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Text from the user (a field, a file name, a key) as a message may show it: control
/// characters as \xHH (a newline or an ESC in a name never reaches the terminal raw), and at
/// most `longest` bytes, then "...".
inline std::string shown(std::string_view text, std::size_t longest = 40)
{
    constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const char c : text.substr(0, longest)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            out += "\\x";
            out += hex[u >> 4U];
            out += hex[u & 15U];
        } else {
            out += c;
        }
    }
    return text.size() > longest ? out + "..." : out;
}

} // namespace smooth::io

#endif
