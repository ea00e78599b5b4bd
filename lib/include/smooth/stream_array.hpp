// A stream run over an array: each sample pushed, the stream's value after it written to the
// same place of an output the caller owns. The batch functions (sma.hpp, ema.hpp) share it, and
// its check that the output holds one value per sample.
#ifndef SMOOTH_STREAM_ARRAY_HPP
#define SMOOTH_STREAM_ARRAY_HPP

#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>

namespace smooth::detail {

/// std::invalid_argument naming `function` unless the output holds one value per sample.
inline void check_output_size(char const* function, std::size_t samples, std::size_t output)
{
    if (output != samples) {
        throw std::invalid_argument(std::string(function) + ": the output holds " + std::to_string(output) +
                                    " values for " + std::to_string(samples) + " samples");
    }
}

/// out[t] = the stream's value after pushing series[t], for t in [from, to); `read` turns a
/// value into what out holds (identity by default).
template <class Stream, class T, class Read>
void stream_into(Stream& stream, std::span<const T> series, std::span<T> out, std::size_t from, std::size_t to,
                 Read const& read)
{
    for (std::size_t t = from; t < to; ++t) {
        stream.push(series[t]);
        out[t] = read(stream.value());
    }
}

/// A stream's value as an array holds it: "no value yet" (a std::optional without one) is NaN.
template <class T, class V>
T as_array_value(V const& v)
{
    if constexpr (requires { v.has_value(); }) {
        return v ? static_cast<T>(*v) : std::numeric_limits<T>::quiet_NaN();
    } else {
        return static_cast<T>(v);
    }
}

template <class Stream, class T>
void stream_into(Stream& stream, std::span<const T> series, std::span<T> out)
{
    stream_into(stream, series, out, 0, series.size(), [](auto const& v) { return as_array_value<T>(v); });
}

} // namespace smooth::detail

#endif
