// The EMAs as Boost.Accumulators features, each a thin wrapper around its stream
// (stream_feature.hpp): tag::ema, tag::ema_corrected, tag::ema_first, tag::ema_seeded,
// tag::wilder, with the keywords tag::ema::beta, tag::ema::missing, tag::ema_seeded::period
// and tag::wilder::period.
#ifndef SMOOTH_EMA_FEATURES_HPP
#define SMOOTH_EMA_FEATURES_HPP

#include <boost/accumulators/framework/accumulator_base.hpp>
#include <boost/accumulators/framework/accumulator_set.hpp>
#include <boost/accumulators/framework/depends_on.hpp>
#include <boost/accumulators/framework/extractor.hpp>
#include <boost/accumulators/framework/features.hpp>
#include <boost/accumulators/framework/parameters/sample.hpp>
#include <boost/parameter/keyword.hpp>

#include <smooth/ema_stream.hpp>
#include <smooth/ema_corrected.hpp>
#include <smooth/ema_seeded.hpp>
#include <smooth/missing.hpp>
#include <smooth/stream_feature.hpp>

namespace smooth {

BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_beta, beta)
BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_missing, missing)
BOOST_PARAMETER_NESTED_KEYWORD(tag, ema_seeded_period, period)
BOOST_PARAMETER_NESTED_KEYWORD(tag, wilder_period, period) // its own: one set may hold both with different N

namespace impl {

/// The Boost.Accumulators features: thin wrappers around the streams above.
template <typename Sample>
struct ema_impl : stream_feature<ema_stream<Sample>> {
    template <typename Args>
    explicit ema_impl(Args const& args)
        : stream_feature<ema_stream<Sample>>(ema_stream<Sample>(args[ema_beta], args[ema_missing | missing_policy::decay]))
    {
    }
};

template <typename Sample>
struct ema_corrected_impl : stream_feature<ema_corrected_stream<Sample>> {
    template <typename Args>
    explicit ema_corrected_impl(Args const& args)
        : stream_feature<ema_corrected_stream<Sample>>(
              ema_corrected_stream<Sample>(args[ema_beta], args[ema_missing | missing_policy::decay]))
    {
    }
};

template <typename Sample>
struct ema_first_impl : stream_feature<ema_first_stream<Sample>> {
    template <typename Args>
    explicit ema_first_impl(Args const& args)
        : stream_feature<ema_first_stream<Sample>>(
              ema_first_stream<Sample>(args[ema_beta], args[ema_missing | missing_policy::decay]))
    {
    }
};

// one type parameter each, as Boost.MPL's placeholders need
template <typename Sample>
struct ema_seeded_impl : stream_feature<ema_seeded_stream<Sample>> {
    template <typename Args>
    explicit ema_seeded_impl(Args const& args)
        : stream_feature<ema_seeded_stream<Sample>>(
              ema_seeded_stream<Sample>::ema(args[ema_seeded_period], args[ema_missing | missing_policy::decay]))
    {
    }
};

template <typename Sample>
struct wilder_impl : stream_feature<ema_seeded_stream<Sample>> {
    template <typename Args>
    explicit wilder_impl(Args const& args)
        : stream_feature<ema_seeded_stream<Sample>>(
              ema_seeded_stream<Sample>::wilder(args[wilder_period], args[ema_missing | missing_policy::decay]))
    {
    }
};

} // namespace impl

namespace tag {
struct ema : boost::accumulators::depends_on<>, ema_beta, ema_missing {
    using impl = smooth::impl::ema_impl<boost::mpl::_1>;
};
struct ema_corrected : boost::accumulators::depends_on<ema> { // keeps tag::ema in the set, as before
    using impl = smooth::impl::ema_corrected_impl<boost::mpl::_1>;
};
struct ema_first : boost::accumulators::depends_on<>, ema_beta, ema_missing {
    using impl = smooth::impl::ema_first_impl<boost::mpl::_1>;
};
struct ema_seeded : boost::accumulators::depends_on<>, ema_seeded_period, ema_missing {
    using impl = smooth::impl::ema_seeded_impl<boost::mpl::_1>;
};
struct wilder : boost::accumulators::depends_on<>, wilder_period, ema_missing {
    using impl = smooth::impl::wilder_impl<boost::mpl::_1>;
};
} // namespace tag

namespace extract {
inline constexpr boost::accumulators::extractor<tag::ema> ema = {};
inline constexpr boost::accumulators::extractor<tag::ema_corrected> ema_corrected = {};
inline constexpr boost::accumulators::extractor<tag::ema_first> ema_first = {};
inline constexpr boost::accumulators::extractor<tag::ema_seeded> ema_seeded = {};
inline constexpr boost::accumulators::extractor<tag::wilder> wilder = {};
} // namespace extract
using extract::ema;
using extract::ema_corrected;
using extract::ema_first;
using extract::ema_seeded;
using extract::wilder;

} // namespace smooth

#endif
