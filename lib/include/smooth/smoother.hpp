// One description for every moving average of a scalar series (which average, which EMA form,
// its window or decay, the missing-value policy, min_periods) and the smoother built from it.
// The smooth tool builds each of its columns from one; a library user can do the same.
//
//   smooth::smoother s({.kind = smooth::average::ema_corrected, .ema_decay = smooth::decay::from_span(19),
//                       .missing = smooth::missing_policy::skip, .min_periods = 3});
//   s.push(x); std::optional<double> v = s.value();   // nullopt while there is no value yet
//
// min_periods, as pandas: no value until that many values are present (observed, not NaN).
// 0 means each form's own default: the window for the SMA (pandas rolling), 1 for the EMAs
// (pandas ewm), the period for the seeded EMAs (TTR); smooth --min-periods 0 means the same.
#ifndef SMOOTH_SMOOTHER_HPP
#define SMOOTH_SMOOTHER_HPP

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include <smooth/decay.hpp>
#include <smooth/ema.hpp>
#include <smooth/missing.hpp>
#include <smooth/parameter_error.hpp>
#include <smooth/sma.hpp>

namespace smooth {

/// Which average: the SMA over a window; the article's zero-started EMA; pandas' adjust=True
/// (bias-corrected) and adjust=False (first-seeded) EMAs; TA-Lib's/TTR's SMA-seeded EMA(N)
/// and Wilder's smoothing.
enum class average { sma, ema, ema_corrected, ema_first, ema_seeded, wilder };

struct smoother_spec {
    average kind = average::sma;
    std::size_t window = 0; ///< the SMA's window; the period N of ema_seeded and wilder
    decay ema_decay = 0.5;  ///< the decay of ema, ema_corrected and ema_first
    missing_policy missing = missing_policy::decay;
    std::size_t min_periods = 0; ///< 0: the form's default (see the top of this header)
};

class smoother {
public:
    explicit smoother(smoother_spec const& spec) : spec_(spec), state_(make(spec)), min_periods_(min_periods_of(spec))
    {
    }

    void push(double x)
    {
        std::visit([x](auto& s) { s.push(x); }, state_);
    }

    /// The smoothed value, nullopt while there is none yet (fewer than min_periods values).
    [[nodiscard]] std::optional<double> value() const
    {
        return std::visit([this](auto const& s) { return value_of(s); }, state_);
    }

    /// push, then value, for `count` samples: in[i * in_step] goes in, out[i * out_step] is the
    /// value after it (NaN where there is none). A loop of push and value, bit for bit, with
    /// the kind looked up once instead of twice a sample (the smooth tool's rows come in
    /// blocks, a row's columns side by side: hence the steps).
    void push_into(double const* in, std::size_t in_step, double* out, std::size_t out_step, std::size_t count)
    {
        std::visit(
            [&](auto& s) {
                for (std::size_t i = 0; i < count; ++i) {
                    s.push(in[i * in_step]);
                    out[i * out_step] = value_of(s).value_or(std::numeric_limits<double>::quiet_NaN());
                }
            },
            state_);
    }

    [[nodiscard]] smoother_spec const& spec() const noexcept { return spec_; }

private:
    using state_type = std::variant<sma_stream<double>, ema_stream<double>, ema_corrected_stream<double>,
                                    ema_first_stream<double>, ema_seeded_stream<double>>;

    static state_type make(smoother_spec const& spec)
    {
        switch (spec.kind) {
        case average::sma:
            return sma_stream<double>(spec.window, spec.min_periods);
        case average::ema:
            return ema_stream<double>(spec.ema_decay, spec.missing);
        case average::ema_corrected:
            return ema_corrected_stream<double>(spec.ema_decay, spec.missing, spec.min_periods);
        case average::ema_first:
            return ema_first_stream<double>(spec.ema_decay, spec.missing, spec.min_periods);
        case average::ema_seeded:
            return ema_seeded_stream<double>::ema(spec.window, spec.missing, spec.min_periods);
        case average::wilder:
            return ema_seeded_stream<double>::wilder(spec.window, spec.missing, spec.min_periods);
        }
        throw_parameter_error("smoother kind", "one of the enum's values", static_cast<double>(spec.kind));
    }

    template <class Stream>
    [[nodiscard]] std::optional<double> value_of(Stream const& s) const
    {
        if constexpr (std::is_same_v<Stream, ema_stream<double>>) { // V_0 = 0 is a value: min_periods decides
            return s.observed() < min_periods_ ? std::nullopt : std::optional<double>(s.value());
        } else {
            return s.value(); // each stream applies min_periods itself
        }
    }

    static std::size_t min_periods_of(smoother_spec const& spec)
    {
        return spec.min_periods == 0 ? 1 : spec.min_periods; // the zero-start EMA's (the others apply their own)
    }

    smoother_spec spec_;
    state_type state_;
    std::size_t min_periods_;
};

} // namespace smooth

#endif
