#define BOOST_TEST_MODULE lab
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <smooth/lab/descent.hpp>
#include <smooth/lab/problems.hpp>

namespace lab = smooth::lab;

namespace {

bool has(std::string const& text, std::string const& part)
{
    return text.find(part) != std::string::npos;
}

template <class F>
std::string error_of(F&& f)
{
    try {
        f();
    } catch (lab::choice_error const& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

BOOST_AUTO_TEST_CASE(names_people_type)
{
    const auto p = lab::make_problem("quadratic:1,100");
    BOOST_TEST(*lab::spectrum(p) == (std::vector<double>{1.0, 100.0}), boost::test_tools::per_element());
    BOOST_TEST(has(error_of([] { (void)lab::make_problem("valley"); }), "unknown problem 'valley'"));
    BOOST_TEST(lab::methods_from("gd,momentum,").size() == 2U); // a trailing comma ends the list
    BOOST_TEST(error_of([] { (void)lab::methods_from("gd,,nesterov"); }) == "--compare takes gd, momentum and nesterov, got ''");
    BOOST_TEST(error_of([] { (void)lab::method_from("adam"); }) == "--method takes gd, momentum or nesterov, got 'adam'");
    BOOST_TEST(error_of([] { (void)lab::form_from("keras"); }) == "--form takes ema, classic or pytorch, got 'keras'");
    BOOST_TEST(lab::start_for(p, {}) == lab::start_of(p));
    BOOST_TEST(error_of([&] { (void)lab::start_for(p, {1.0}); }) == "--start has 1 values, the problem has 2 parameters");
}

// Without alpha and beta each method runs at the library's best and says why; with them,
// what was given, silently.
BOOST_AUTO_TEST_CASE(parameters_are_the_best_or_the_given)
{
    const auto p = lab::make_problem("quadratic:1,100");
    lab::descent_settings s;
    const auto best = lab::parameters_for(s, p, smooth::method::momentum);
    // distill's optimum for lambda 1 and 100: beta = ((sqrt(100) - 1) / (sqrt(100) + 1))^2
    BOOST_TEST(best.beta == std::pow(9.0 / 11.0, 2), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(!best.why.empty());
    s.alpha = 0.01;
    s.beta = 0.5;
    s.beta_given = true;
    const auto given = lab::parameters_for(s, p, smooth::method::momentum);
    BOOST_TEST(given.alpha == 0.01);
    BOOST_TEST(given.beta == 0.5);
    BOOST_TEST(given.why.empty());
}

// A long run keeps at most about 8192 rows, always the first and the last; the report says
// distill's predicted rate (9/11 at the optimum on lambda 1, 100) and measures the same.
BOOST_AUTO_TEST_CASE(kept_rows_and_the_theory_report)
{
    const auto p = lab::make_problem("quadratic:1,100");
    lab::descent_settings s;
    s.steps = 20000;
    auto runs = lab::run_methods(s, p, {smooth::method::momentum}, lab::start_of(p), [](std::size_t, smooth::step_record const&) {});
    BOOST_REQUIRE(runs.size() == 1U);
    auto const& rows = runs.front().kept.rows().rows;
    BOOST_TEST(rows.size() <= 8193U);
    BOOST_TEST(rows.size() > 4096U);
    BOOST_TEST(rows.front().step == 0U);
    BOOST_TEST(rows.back().step == 20000U);
    s.steps = 200;
    runs = lab::run_methods(s, p, {smooth::method::momentum}, lab::start_of(p), [](std::size_t, smooth::step_record const&) {});
    const auto report = lab::theory_report(s, p, runs.front().kept.rows());
    BOOST_TEST(report.starts_with("predicted_rate: 0.818181818181818"), report);
    BOOST_TEST(has(report, "\nmeasured_rate: 0.8"), report);
    BOOST_TEST(has(report, "\nregion: lambda=1: critically damped, lambda=100: critically damped, alternating\n"), report);
    BOOST_TEST(lab::diverged_message(runs, true).empty());
}

BOOST_AUTO_TEST_CASE(what_a_descent_cannot_do)
{
    const auto ravine = lab::make_problem("ravine");
    const auto rosen = lab::make_problem("rosenbrock");
    lab::descent_settings s;
    const std::vector<smooth::method> one{smooth::method::momentum};
    const auto sweeps = lab::sweeps_from({"beta=0:0.9:10"});
    BOOST_TEST(has(error_of([&] { lab::check_descent(s, ravine, one, {.compare = true}, sweeps); }), "--sweep runs one method"));
    BOOST_TEST(has(error_of([&] { lab::check_descent(s, rosen, one, {}, sweeps); }), "--sweep needs a quadratic problem"));
    BOOST_TEST(has(error_of([&] { lab::check_descent(s, rosen, one, {.theory = true}, {}); }), "--theory needs a quadratic problem"));
    BOOST_TEST(has(error_of([] { (void)lab::sweeps_from({"gamma=0:1:3"}); }), "sweeps alpha or beta"));
    lab::descent_settings negative;
    negative.tol = -1;
    BOOST_TEST(error_of([&] { lab::check_descent(negative, ravine, one, {}, {}); }) == "--tol must be >= 0, got -1");
    lab::check_descent(s, ravine, one, {}, sweeps); // a sweep without a tol gets 1e-6
    BOOST_TEST(s.tol == 1e-6);
    BOOST_TEST(lab::trajectory_csv::header(2, true, true) == "method,step,loss,grad_norm,w1,w2,avg_loss,avg_w1,avg_w2\n");
}

// One rate function: --theory predicts Nesterov's rate too (theory::nesterov_rate through
// predicted_rate) and names Nesterov's own optimum; the run measures what it predicts.
BOOST_AUTO_TEST_CASE(the_theory_report_covers_nesterov)
{
    const auto p = lab::make_problem("quadratic:1,100");
    lab::descent_settings s;
    s.method = smooth::method::nesterov;
    const auto runs = lab::run_methods(s, p, {s.method}, lab::start_of(p), [](std::size_t, smooth::step_record const&) {});
    const auto report = lab::theory_report(s, p, runs.front().kept.rows());
    const auto value = [&](std::string const& key) {
        const auto at = report.find(key + ": ");
        return std::stod(report.substr(at + key.size() + 2));
    };
    const auto best = smooth::theory::optimal_nesterov(1, 100, smooth::theory::form::ema);
    // at the optimum the two eigenvalues meet: rounding moves the spectral radius by about sqrt(ulp)
    BOOST_TEST(value("predicted_rate") == best.rate, boost::test_tools::tolerance(1e-7));
    BOOST_TEST(value("measured_rate") == value("predicted_rate"), boost::test_tools::tolerance(5e-3));
    BOOST_TEST(value("optimal_alpha") == best.alpha, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(has(report, "region: n/a")); // heavy ball's regions are not Nesterov's
}
