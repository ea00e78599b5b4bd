// Every usage example in a public header's opening comment, compiled and run: each is, to
// the letter (up to indentation), a region of this file between "// [snippet]" and
// "// [end snippet]", and test_doc_snippets checks that the headers still show them. What an
// example's comments claim ("exactly 1.0", "nullopt until 4 values") is checked after it.
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <boost/accumulators/accumulators.hpp>

#include <smooth/io/smoothed_table.hpp>
#include <smooth/lab/descent.hpp>
#include <smooth/lab/problems.hpp>
#include <smooth/smooth.hpp>

namespace {

bool ok = true;

void check(bool holds, char const* what)
{
    if (!holds) {
        std::fprintf(stderr, "header example: %s does not hold\n", what);
        ok = false;
    }
}

void ema_hpp()
{
    const double x = 4.0;
    {
        // [snippet]
        smooth::ema_corrected_stream<double> ema(smooth::decay::from_span(19));
        ema.push(x); std::optional<double> v = ema.value();
        // [end snippet]
        check(v == 4.0, "ema.hpp: the corrected EMA of one sample is the sample");
    }
    {
        using namespace boost::accumulators;
        // [snippet]
        accumulator_set<double, features<smooth::tag::ema_corrected>> acc(smooth::tag::ema::beta = 0.9);
        acc(x); std::optional<double> v = smooth::ema_corrected(acc);   // the same, as a Boost feature
        // [end snippet]
        check(v == 4.0, "ema.hpp: the Boost feature gives the same");
    }
}

void sma_hpp()
{
    std::optional<double> before;
    double x = 1.0;
    // [snippet]
    smooth::sma_stream<double> sma(4);                     // or smooth::textbook::sma_stream
    sma.push(x); std::optional<double> m = sma.value();    // nullopt until 4 values
    // [end snippet]
    check(!m.has_value(), "sma.hpp: nullopt until 4 values");
    for (x = 2.0; x <= 4.0; x += 1.0) {
        sma.push(x);
    }
    check(sma.value() == 2.5, "sma.hpp: the mean of 1, 2, 3, 4 once there are 4");
}

void chunks_hpp()
{
    const std::vector<double> whole{3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
    const std::span<const double> all(whole);
    const auto chunk_a = all.subspan(0, 3);
    const auto chunk_b = all.subspan(3, 4);
    const auto chunk_c = all.subspan(7);
    const smooth::sma_spec spec{4};
    std::vector<double> out(chunk_c.size());
    // [snippet]
    auto a = smooth::summarize(chunk_a, spec);      // each chunk on its own, in any order
    auto b = smooth::summarize(chunk_b, spec);
    auto before_c = smooth::merge(a, b);             // associative: any grouping
    smooth::apply(before_c, chunk_c, out);           // chunk c's outputs, given what came before
    // [end snippet]
    const auto one_pass = smooth::simple_moving_average<double>(whole, 4);
    check(out[0] == one_pass[7] && out[1] == one_pass[8] && out[2] == one_pass[9],
          "chunks.hpp: chunk c's SMA from the merged carry is one pass's");
}

void smoother_hpp()
{
    const double x = 1.0;
    // [snippet]
    smooth::smoother s({.kind = smooth::average::ema_corrected, .ema_decay = smooth::decay::from_span(19),
                        .missing = smooth::missing_policy::skip, .min_periods = 3});
    s.push(x); std::optional<double> v = s.value();   // nullopt while there is no value yet
    // [end snippet]
    check(!v.has_value(), "smoother.hpp: nullopt while there is no value yet (min_periods 3)");
}

void step_record_hpp()
{
    const smooth::problems::ravine problem;
    smooth::momentum optimizer(0.01, 0.9);
    const auto problem_start = problem.start(); // one vector: begin and end of the same one
    const std::vector<double> start(problem_start.begin(), problem_start.end());
    // [snippet]
    smooth::trajectory path;
    smooth::minimize(problem, optimizer, start, {}, std::ref(path));
    auto d = path.distances_to(problem.minimizer());
    // [end snippet]
    check(path.rows.size() == 1001U && d.size() == 1001U, "step_record.hpp: a row per step and the start");
    check(d.back() < d.front(), "step_record.hpp: the distance shrinks");
}

void methods_hpp()
{
    // [snippet]
    auto m = smooth::method_named("nesterov");            // std::optional<smooth::method>
    auto rate = smooth::predicted_rate(smooth::method::momentum, smooth::momentum_form::ema, 0.1,
                                       0.6694214876033058, std::vector<double>{1, 100});   // 9/11: distill's optimum
    // [end snippet]
    check(m == smooth::method::nesterov, "methods.hpp: the name reads");
    check(rate && std::abs(*rate - 9.0 / 11.0) < 1e-7, "methods.hpp: 9/11");
}

void superaccumulator_hpp()
{
    // [snippet]
    smooth::superaccumulator acc;
    acc.add(1e300); acc.add(1.0); acc.subtract(1e300);
    double one = acc.rounded();   // exactly 1.0
    // [end snippet]
    check(one == 1.0, "superaccumulator.hpp: exactly 1.0");
}

void theory_regions_hpp()
{
    const double alpha = 0.001;
    const double beta = 0.9;
    const double lambda = 1.0;
    std::ostringstream said;
    std::streambuf* const was = std::cout.rdbuf(said.rdbuf());
    // [snippet]
    const auto r = smooth::theory::classify(alpha, beta, lambda, smooth::theory::form::ema);
    std::cout << smooth::theory::to_string(r);   // "ripples", "critically damped", ...
    // [end snippet]
    std::cout.rdbuf(was);
    // classic alpha 1e-4 is below (1 - sqrt(0.9))^2 = 0.0026: real eigenvalues, monotone
    check(said.str() == "monotone", "theory_regions.hpp: a small step is monotone");
}

void tuning_hpp()
{
    // [snippet]
    auto gd = smooth::tuned_for_quadratic(smooth::method::gd, 1, 100);        // alpha 2/101
    auto hb = smooth::tuned_for_quadratic(smooth::method::momentum, 1, 100);  // distill's optimum
    // [end snippet]
    check(gd.alpha == 2.0 / 101.0, "tuning.hpp: alpha 2/101");
    check(hb.alpha == smooth::theory::optimal_momentum(1, 100, smooth::theory::form::ema).alpha,
          "tuning.hpp: distill's optimum");
}

void weight_average_hpp()
{
    const std::vector<double> w{3.0, -1.0};
    // [snippet]
    smooth::weight_average avg(0.99);
    avg.push(w);                                    // after each optimizer step
    std::span<const double> w_bar = avg.value();   // bias-corrected: starts at the first w
    // [end snippet]
    check(w_bar.size() == 2U && w_bar[0] == 3.0 && w_bar[1] == -1.0, "weight_average.hpp: starts at the first w");
}

void smoothed_table_hpp()
{
    std::istringstream in("day,close\nmon,1\ntue,2\nwed,3\n");
    smooth::io::table_reader reader(in, "prices.csv", {});
    const smooth::smoother_spec spec_a{.kind = smooth::average::sma, .window = 2};
    const smooth::smoother_spec spec_b{.kind = smooth::average::ema_first, .ema_decay = 0.5};
    std::size_t rows_seen = 0;
    // [snippet]
    smooth::io::table_smoother rows(reader, {spec_a, spec_b}, "prices.csv");
    smooth::io::smoothed_rows block;
    while (rows.next(block)) {   // block.value(r, c), block.smoothed(r, c, k), block.index(r)
        rows_seen += block.rows;
    }
    // [end snippet]
    check(rows_seen == 3U, "smoothed_table.hpp: every row");
}

void lab_problems_hpp()
{
    // [snippet]
    auto p = smooth::lab::make_problem("quadratic:1,100");
    auto opt = smooth::lab::make_optimizer({smooth::method::momentum, smooth::momentum_form::ema, 0.1, 0.9});
    // [end snippet]
    check(smooth::lab::spectrum(p)->size() == 2U, "lab/problems.hpp: two eigenvalues");
    check(std::holds_alternative<smooth::momentum>(opt), "lab/problems.hpp: momentum in the ema form");
}

void lab_descent_hpp()
{
    // [snippet]
    smooth::lab::descent_settings s;                      // momentum, ema form, 1000 steps
    const auto p = smooth::lab::make_problem("ravine");
    smooth::lab::kept_rows kept;
    smooth::lab::run_method(s, p, s.method, smooth::lab::start_of(p), std::ref(kept));
    kept.finish();
    std::string report = smooth::lab::theory_report(s, p, kept.rows());
    // [end snippet]
    check(kept.rows().rows.back().step == 1000U, "lab/descent.hpp: 1000 steps");
    check(report.starts_with("predicted_rate: "), "lab/descent.hpp: the report");
}

} // namespace

int main()
{
    ema_hpp();
    sma_hpp();
    chunks_hpp();
    smoother_hpp();
    step_record_hpp();
    methods_hpp();
    superaccumulator_hpp();
    theory_regions_hpp();
    tuning_hpp();
    weight_average_hpp();
    smoothed_table_hpp();
    lab_problems_hpp();
    lab_descent_hpp();
    return ok ? 0 : 1;
}
