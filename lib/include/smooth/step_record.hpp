// What a run tells its observer after every step (step_record: the step, the weights, the
// loss, the gradient's norm, the velocity), and the observers that keep it: every row
// (trajectory) or the distance to a point (distance_recorder), from which a measured rate is
// computed (theory::measured_rate). The run loop: run.hpp.
//
//   smooth::trajectory path;
//   smooth::minimize(problem, optimizer, start, {}, std::ref(path));
//   auto d = path.distances_to(problem.minimizer());
#ifndef SMOOTH_STEP_RECORD_HPP
#define SMOOTH_STEP_RECORD_HPP

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace smooth {

/// What the observer sees after step `step` (0 is the start). Spans are valid during the call.
struct step_record {
    std::size_t step;
    std::span<const double> w;
    double loss;
    double grad_norm;
    std::span<const double> velocity;
};

/// Records the distance to a point (the minimiser; empty: the origin) after every step: what
/// a measured rate (theory::measured_rate) is computed from.
struct distance_recorder {
    std::vector<double> target;
    std::vector<double> distances;

    void operator()(step_record const& r)
    {
        double sq = 0.0;
        for (std::size_t i = 0; i < r.w.size(); ++i) {
            const double d = r.w[i] - (target.empty() ? 0.0 : target[i]);
            sq += d * d;
        }
        distances.push_back(std::sqrt(sq));
    }
};

/// Records every step: (step, w, loss, |g|, v) rows.
struct trajectory {
    struct row {
        std::size_t step;
        std::vector<double> w;
        double loss;
        double grad_norm;
        std::vector<double> velocity;
    };
    std::vector<row> rows;

    void operator()(step_record const& r)
    {
        rows.push_back({r.step, {r.w.begin(), r.w.end()}, r.loss, r.grad_norm, {r.velocity.begin(), r.velocity.end()}});
    }

    /// The distance of every recorded w to a point (the minimiser).
    [[nodiscard]] std::vector<double> distances_to(std::span<const double> target) const
    {
        distance_recorder d{{target.begin(), target.end()}, {}};
        for (auto const& row : rows) {
            d(step_record{row.step, row.w, row.loss, row.grad_norm, row.velocity});
        }
        return d.distances;
    }
};

struct no_observer {
    void operator()(step_record const& /*r*/) const noexcept {}
};

} // namespace smooth

#endif
