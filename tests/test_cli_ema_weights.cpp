#define BOOST_TEST_MODULE cli_ema_weights
#include <boost/test/unit_test.hpp>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace tt = boost::test_tools;

// tests/REFERENCES.md [H4]: beta 0.9, t = 10: the weights sum to 0.6513215599 = 1 - 0.9^10
BOOST_AUTO_TEST_CASE(ten_weights_of_point_nine)
{
    const auto r = run_tool("ema-weights", {"--beta", "0.9", "--terms", "10"});
    BOOST_TEST(r.status == 0);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines.size() == 11U);
    BOOST_TEST(lines[0] == "i,w_0.9");
    double sum = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i]);
        BOOST_TEST(f[0] == std::to_string(i - 1));
        BOOST_TEST(number(f[1]) == 0.1 * std::pow(0.9, static_cast<double>(i - 1)), tt::tolerance(1e-14));
        sum += number(f[1]);
    }
    BOOST_TEST(sum == 0.6513215599, tt::tolerance(1e-10));
}

BOOST_AUTO_TEST_CASE(several_betas_and_the_default_length)
{
    const auto r = run_tool("ema-weights", {"--beta", "0.5", "--beta", "alpha=0.1"});
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines[0] == "i,w_0.5,w_0.9");
    // default K: 99 % of the largest beta's mass, 1 - 0.9^44 >= 0.99 > 1 - 0.9^43
    BOOST_TEST(lines.size() == 45U);
}

BOOST_AUTO_TEST_CASE(summary_lines)
{
    const auto r = run_tool("ema-weights", {"--beta", "0.9", "--beta", "0.5", "--terms", "10", "--summary"});
    BOOST_TEST(r.status == 0);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines.size() == 3U);
    BOOST_TEST(lines[0] == "beta,alpha,effective_window,terms_50,terms_90,terms_99,k,sum_first_k");
    const auto f = fields_of(lines[1]);
    BOOST_TEST(number(f[0]) == 0.9);
    BOOST_TEST(number(f[1]) == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(number(f[2]) == 10.0, tt::tolerance(1e-14));
    BOOST_TEST(f[3] == "7"); // 1 - 0.9^7 = 0.52 >= 0.5 > 1 - 0.9^6
    BOOST_TEST(f[4] == "22");
    BOOST_TEST(f[5] == "44");
    BOOST_TEST(f[6] == "10");
    BOOST_TEST(number(f[7]) == 0.6513215599, tt::tolerance(1e-10));
    const auto g = fields_of(lines[2]);
    BOOST_TEST(g[3] == "1"); // beta 0.5: the newest sample alone holds half
    BOOST_TEST(number(g[7]) == 1 - std::pow(0.5, 10), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(plot_files)
{
    scratch_dir dir;
    const auto svg = dir.file("w.svg");
    const auto png = dir.file("w.png");
    BOOST_TEST(run_tool("ema-weights", {"--beta", "0.9", "--beta", "0.98", "--plot", svg, "--log"}).status == 0);
    BOOST_TEST(read_file(svg).find("<svg") != std::string::npos);
    BOOST_TEST(run_tool("ema-weights", {"--beta", "0.9", "--plot", png}).status == 0);
    BOOST_TEST(read_file(png).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    const auto dump = run_tool("ema-weights", {"--beta", "0.9", "--plot", svg, "--dump", "--log"});
    BOOST_TEST(dump.out.find("set logscale y") != std::string::npos);
    BOOST_TEST(dump.out.find("1/(1-0.9) = 10") != std::string::npos); // the effective window marked
}

// --digits N for people: ema-weights --summary wrote 0.09999999999999998 and 10.000000000000002
BOOST_AUTO_TEST_CASE(digits_for_people)
{
    const auto r = run_tool("ema-weights", {"--beta", "0.9", "--summary", "--digits", "6"});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(lines_of(r.out).at(1).rfind("0.9,0.1,10,", 0) == 0U, r.out);
    const auto shortest = run_tool("ema-weights", {"--beta", "0.9", "--summary"});
    BOOST_TEST(lines_of(shortest.out).at(1).rfind("0.9,0.09999999999999998,10.000000000000002,", 0) == 0U, shortest.out);
    const auto bad = run_tool("ema-weights", {"--beta", "0.9", "--digits", "40"});
    BOOST_TEST(bad.status == 2);
}

// --cumulative: the mass the newest i + 1 weights hold; ten weights of beta 0.9 hold
// 1 - 0.9^10 = 0.6513215599 (tests/REFERENCES.md [H4]); the figure marks 50, 90 and 99 %.
BOOST_AUTO_TEST_CASE(cumulative_mass)
{
    const auto r = run_tool("ema-weights", {"--beta", "0.5", "--beta", "0.9", "--cumulative", "--terms", "10"});
    BOOST_TEST(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines.at(0) == "i,mass_0.5,mass_0.9");
    BOOST_TEST(number(fields_of(lines.at(2)).at(1)) == 0.75);
    BOOST_TEST(number(fields_of(lines.at(10)).at(2)) == 0.6513215599, tt::tolerance(1e-10));
    const auto dump = run_tool("ema-weights", {"--beta", "0.9", "--cumulative", "--plot", "m.svg", "--dump"});
    BOOST_TEST(dump.status == 0, dump.err);
    BOOST_TEST(dump.out.find("'90 %'") != std::string::npos);
    BOOST_TEST(dump.out.find("title 'beta 0.9: 7, 22, 44 terms'") != std::string::npos); // the 50/90/99 % points
    const auto both = run_tool("ema-weights", {"--cumulative", "--summary"});
    BOOST_TEST(both.status == 2);
}

// The rows are computed as they are written: a long table streams (and --terms has a limit).
BOOST_AUTO_TEST_CASE(long_tables_stream)
{
    const auto r = run_tool("ema-weights", {"--beta", "0.5", "--beta", "0.999", "--terms", "200000", "--digits", "3"});
    BOOST_TEST(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines.size() == 200001U);
    BOOST_TEST(lines.at(1) == "0,0.5,0.001");
    const auto huge = run_tool("ema-weights", {"--terms", "99999999999"});
    BOOST_TEST(huge.status == 2);
}

// The weights and the mass at 80x24: the marker labels are not cut by their lines.
BOOST_AUTO_TEST_CASE(terminal_figures_are_legible_at_80x24)
{
    const auto w = run_tool("ema-weights", {"--beta", "0.8", "--plot", "-", "--size", "80,24", "-o", "/dev/null"});
    BOOST_TEST(w.status == 0, w.err);
    BOOST_TEST(text_figure_faults(w.out, 80, {}, {}).empty(), text_figure_faults(w.out, 80, {}, {}) << w.out);
    BOOST_TEST(w.out.find("1/(1-0.8) = 5") != std::string::npos, w.out);
    const auto m = run_tool("ema-weights", {"--beta", "0.5", "--beta", "0.9", "--beta", "0.98", "--cumulative", "--plot",
                                            "-", "--size", "80,24", "-o", "/dev/null"});
    BOOST_TEST(m.status == 0, m.err);
    BOOST_TEST(text_figure_faults(m.out, 80, {}, {}).empty(), text_figure_faults(m.out, 80, {}, {}) << m.out);
}
