// The one way a streaming type becomes a Boost.Accumulators feature: push each sample, read
// value(). Each feature's impl derives from stream_feature and only says how to build its
// stream from the named parameters.
#ifndef SMOOTH_STREAM_FEATURE_HPP
#define SMOOTH_STREAM_FEATURE_HPP

#include <utility>

#include <boost/accumulators/framework/accumulator_base.hpp>
#include <boost/accumulators/framework/parameters/sample.hpp>

namespace smooth::impl {

template <typename Stream>
class stream_feature : public boost::accumulators::accumulator_base {
public:
    using result_type = decltype(std::declval<Stream const&>().value());

    template <typename Args>
    void operator()(Args const& args)
    {
        stream_.push(args[boost::accumulators::sample]);
    }

    template <typename Args>
    result_type result(Args const& /*args*/) const
    {
        return stream_.value();
    }

protected:
    explicit stream_feature(Stream stream) : stream_(std::move(stream)) {}

private:
    Stream stream_;
};

} // namespace smooth::impl

#endif
