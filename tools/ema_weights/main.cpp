// ema-weights [--beta B]... [--terms K] [--summary]: the weights (1 - beta) beta^i that an EMA
// gives the sample i steps back, newest first, as CSV (i,w_B1,w_B2,...), or a summary per beta.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <smooth/ema_weights.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>

#include <smooth/plot/thin.hpp>

#include "cli.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;

constexpr char const* usage = R"(Usage: ema-weights [--beta B]... [--terms K] [--summary|--cumulative] [--plot FILE|-] [--log]

The expanded view of an exponential moving average: V_t = sum_i (1 - beta) beta^i S_(t-i).
Writes CSV i,w_B1,w_B2,... with the weight of the sample i steps back (i = 0 is the newest),
or with --summary one line per beta: beta, alpha = 1 - beta, the effective window 1/(1 - beta),
how many newest terms hold 50 %, 90 % and 99 % of the weight, and the sum of the first K
weights (1 - beta^K). With --cumulative, i,mass_B1,... with the mass the newest i + 1 weights
hold, 1 - beta^(i+1), and a figure with the 50 %, 90 % and 99 % points marked.
B is beta or alpha=A, span=S, com=C, halflife=H (pandas).

Examples:
  ema-weights --beta 0.9 --terms 10
  ema-weights --beta 0.5 --beta 0.9 --beta 0.98 --summary
  ema-weights --beta 0.9 --beta 0.98 --plot weights.svg --log
  ema-weights --beta 0.5 --beta 0.9 --beta 0.98 --cumulative --plot mass.svg)";

int run(int argc, char** argv)
{
    po::options_description options("Options");
    std::vector<std::string> beta_texts;
    std::string terms_text;
    std::string output;
    bool summary = false;
    bool log_axis = false;
    bool cumulative = false;
    smooth::cli::plot_options plot;
    options.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("beta", po::value(&beta_texts)->value_name("B")->composing(), "a decay (repeatable; default 0.9)")
        ("terms", po::value(&terms_text)->value_name("K"), "number of weights (default: enough for 99 % of the largest beta)")
        ("summary", po::bool_switch(&summary), "one summary line per beta instead of the weights")
        ("cumulative", po::bool_switch(&cumulative), "the mass the newest terms hold, 1 - beta^(i+1), instead of each weight")
        ("log", po::bool_switch(&log_axis), "log-scale y axis for --plot")
        ("output,o", po::value(&output)->value_name("FILE"), "write the CSV to FILE (default: standard output)");
    std::string digits_text;
    smooth::cli::add_digits_option(options, digits_text);
    smooth::cli::add_plot_options(options, plot);
    po::variables_map vm;
    smooth::cli::check_arguments(argc, argv);
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (smooth::cli::handle_info("ema-weights", vm, options, usage)) {
        return 0;
    }
    if (vm.count("output") != 0 && output.empty()) {
        throw usage_error("-o needs a file name (or - for standard output)");
    }
    if (beta_texts.empty()) {
        beta_texts.push_back("0.9");
    }
    std::vector<double> betas;
    for (auto const& b : beta_texts) {
        try {
            betas.push_back(smooth::io::parse_decay(b).beta);
        } catch (smooth::io::input_error const& e) {
            throw usage_error("--beta " + b + ": " + e.what());
        }
    }
    const double largest = *std::max_element(betas.begin(), betas.end());
    std::size_t terms = 0;
    try {
        terms = terms_text.empty() ? smooth::ema_terms_for_mass(largest, 0.99)
                                   : smooth::io::parse_count(terms_text, "--terms");
    } catch (smooth::io::input_error const& e) {
        throw usage_error(e.what());
    }
    constexpr std::size_t max_terms = 10'000'000;
    if (terms > max_terms) {
        throw usage_error(fmt::format("{} terms are too many (at most {}); give --terms", terms, max_terms));
    }
    if (log_axis && !plot.wanted()) {
        throw usage_error("--log needs --plot");
    }
    if (cumulative && summary) {
        throw usage_error("--cumulative and --summary: give one of them");
    }
    smooth::cli::validate(plot);

    const int digits = smooth::cli::parse_digits(digits_text);
    smooth::cli::csv_output out(output, plot);

    // each row computed as it is written (no table of terms x betas held); a figure keeps a
    // thinned copy, peaks included
    const auto value = [&](double b, std::size_t i) {
        return cumulative ? smooth::ema_weight_sum(b, i + 1) : smooth::ema_weight(b, i);
    };
    std::vector<smooth::plot::streaming_thin> shown(plot.wanted() ? betas.size() : 0);
    fmt::memory_buffer buf;
    if (summary) {
        fmt::format_to(std::back_inserter(buf), "beta,alpha,effective_window,terms_50,terms_90,terms_99,k,sum_first_k\n");
        for (const double b : betas) {
            const auto s = smooth::summarize_ema_weights(b, terms);
            for (const double v : {s.beta, s.alpha, s.effective_window}) {
                smooth::cli::append_number(buf, v, digits);
                buf.push_back(',');
            }
            fmt::format_to(std::back_inserter(buf), "{},{},{},{},", s.terms_50, s.terms_90, s.terms_99, s.terms);
            smooth::cli::append_number(buf, s.weight_sum, digits);
            buf.push_back('\n');
        }
    } else {
        fmt::format_to(std::back_inserter(buf), "i");
        for (const double b : betas) {
            fmt::format_to(std::back_inserter(buf), ",{}_{}", cumulative ? "mass" : "w", b);
        }
        buf.push_back('\n');
        for (std::size_t i = 0; i < terms; ++i) {
            fmt::format_to(std::back_inserter(buf), "{}", i);
            for (std::size_t k = 0; k < betas.size(); ++k) {
                const double v = value(betas[k], i);
                buf.push_back(',');
                smooth::cli::append_number(buf, v, digits);
                if (!shown.empty()) {
                    shown[k].push(static_cast<double>(cumulative ? i + 1 : i), v);
                }
            }
            buf.push_back('\n');
            out.put_if_large(buf);
        }
    }
    if (plot.wanted()) {
        smooth::plot::figure fig{cumulative ? "The mass the newest terms hold, 1 - beta^k: 50 %, 90 %, 99 % marked"
                                            : "EMA weights (1 - beta) beta^i, newest sample at i = 0",
                                 cumulative ? "terms kept" : "i (steps back)", cumulative ? "mass" : "weight", log_axis,
                                 {}, {}};
        if (shown.empty() || summary) { // --summary with --plot: the curves are computed here
            shown.assign(betas.size(), smooth::plot::streaming_thin());
            for (std::size_t i = 0; i < terms; ++i) {
                for (std::size_t k = 0; k < betas.size(); ++k) {
                    shown[k].push(static_cast<double>(cumulative ? i + 1 : i), value(betas[k], i));
                }
            }
        }
        if (cumulative) {
            for (const double level : {0.5, 0.9, 0.99}) {
                fig.references.push_back({level, fmt::format("{:g} %", 100 * level)});
            }
        }
        for (std::size_t k = 0; k < betas.size(); ++k) {
            fig.lines.push_back(shown[k].result(fmt::format("beta {}", betas[k]), smooth::plot::style::lines));
            if (cumulative) {
                fig.lines.push_back(smooth::cli::mass_points(betas[k]));
            } else {
                const double window = smooth::effective_window(betas[k]);
                fig.markers.push_back({window, fmt::format("1/(1-{}) = {:.4g}", betas[k], window)});
            }
        }
        smooth::cli::emit({fig}, plot);
    }
    out.commit(buf);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::cli::run("ema-weights", [&] { return run(argc, argv); });
}
