// CSV text out, fast: a field as it is or quoted (RFC 4180: a field holding the delimiter, a
// quote or a line end is quoted and its quotes doubled), a number in the shortest form that
// reads back as the same double or with N significant digits. Writers take a pointer with room
// enough (field_room, number_room) and return the end, so a row is written without a size
// kept per field.
#ifndef SMOOTH_IO_CSV_WRITER_HPP
#define SMOOTH_IO_CSV_WRITER_HPP

#include <cstddef>
#include <cstring>
#include <string_view>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <smooth/io/number_format.hpp>

namespace smooth::io {

/// The room a field of this text can take: quoted, every quote doubled.
inline std::size_t field_room(std::string_view text)
{
    return 2 * text.size() + 2;
}

/// Writes text at out as a CSV field (quoted when it holds a comma, a quote or a line end);
/// returns the end.
inline char* write_field(char* out, std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        std::memcpy(out, text.data(), text.size());
        return out + text.size();
    }
    *out++ = '"';
    for (const char c : text) {
        if (c == '"') {
            *out++ = '"';
        }
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

inline void append_field(fmt::memory_buffer& buf, std::string_view text)
{
    const auto at = buf.size();
    buf.resize(at + field_room(text));
    buf.resize(static_cast<std::size_t>(write_field(buf.data() + at, text) - buf.data()));
}

/// The room write_number needs at `out`.
inline constexpr std::size_t number_room = shortest_max_chars;

/// Writes v at out in the shortest round-trip form (digits 0) or with `digits` significant
/// digits (1 to 17); returns the end.
inline char* write_number(char* out, double v, int digits)
{
    if (digits == 0) {
        return write_shortest(out, v); // fmt's "{}", byte for byte, faster
    }
    return fmt::format_to(out, FMT_COMPILE("{:.{}g}"), v, digits);
}

inline void append_number(fmt::memory_buffer& buf, double v, int digits)
{
    const auto at = buf.size();
    buf.resize(at + number_room);
    buf.resize(static_cast<std::size_t>(write_number(buf.data() + at, v, digits) - buf.data()));
}

} // namespace smooth::io

#endif
