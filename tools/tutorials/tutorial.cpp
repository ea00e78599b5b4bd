#include "tutorial.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <boost/program_options.hpp>

namespace smooth::tutorial {

namespace po = boost::program_options;

session::session(std::string name, std::string title, int argc, char** argv)
    : name_(std::move(name))
{
    po::options_description options(fmt::format("{}: {}\n\nOptions", name_, title));
    std::string out = "figures";
    options.add_options()
        ("help,h", "print this help and exit")
        ("out", po::value(&out)->value_name("DIR"), "folder for the figures (default: figures)")
        ("no-terminal", "never draw figures in the terminal");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (vm.count("help") != 0) {
        std::cout << options << '\n';
        exit_early_ = true;
        return;
    }
    terminal_ = vm.count("no-terminal") == 0;
    out_ = out;
    std::filesystem::create_directories(out_);
    fmt::print("== {}: {} ==\n\n", name_, title);
}

void session::check(std::string const& what, bool ok)
{
    ++checks_;
    if (!ok) {
        ++failures_;
    }
    fmt::print("  [{}] {}\n", ok ? "check ok" : "CHECK FAILED", what);
}

void session::check_near(std::string const& what, double got, double expected, double tolerance)
{
    const bool ok = std::abs(got - expected) <= tolerance;
    check(fmt::format("{}: {:.6g} (expected {:.6g} within {:.1g})", what, got, expected, tolerance), ok);
}

void session::figure(std::string const& name, plot::figure const& fig, bool key)
{
    figure(name, std::vector<plot::figure>{fig}, key);
}

void session::animation(std::string const& name, plot::animation const& frames, plot::size sz)
{
    plot::render_animation(frames, out_ / (name + ".gif"), sz);
    ++figures_;
    std::ofstream data(out_ / (name + ".gp"));
    data << plot::animation_script(frames, plot::terminal::gif, sz);
    if (!data.flush()) {
        throw std::runtime_error("cannot write " + (out_ / (name + ".gp")).string());
    }
    fmt::print("  animation: {}\n", (out_ / (name + ".gif")).string());
}

void session::figure(std::string const& name, std::vector<plot::figure> const& panels, bool key)
{
    for (char const* ext : {".png", ".svg"}) {
        plot::render(panels, out_ / (name + ext));
        ++figures_;
    }
    // The data behind the figure: the SVG's gnuplot script with its inline data. The docs
    // commit it beside the SVG, and a test regenerates it to catch figures drifting from code.
    std::ofstream data(out_ / (name + ".gp"));
    data << plot::script(panels, plot::terminal::svg);
    if (!data.flush()) {
        throw std::runtime_error("cannot write " + (out_ / (name + ".gp")).string());
    }
    fmt::print("  figure: {}\n", (out_ / (name + ".png")).string());
    if (key && terminal_) {
        if (const auto size = plot::terminal_size()) {
            plot::render_text(panels, plot::size{std::min(size->width, 140), std::min(size->height, 32)},
                              plot::text_terminal());
        }
    }
}

int session::finish()
{
    fmt::print("\n{}: {} checks, {} failed; {} figure files in {}\n\n", name_, checks_, failures_,
               figures_, out_.string());
    return failures_ == 0 ? 0 : 1;
}

std::vector<double> one_to(std::size_t n)
{
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i) {
        t[i] = static_cast<double>(i + 1);
    }
    return t;
}

double standard_deviation(std::vector<double> const& xs, std::size_t skip)
{
    // Boost.Accumulators' variance (the population variance, divided by n)
    boost::accumulators::accumulator_set<double, boost::accumulators::features<boost::accumulators::tag::variance>> acc;
    for (std::size_t i = skip; i < xs.size(); ++i) {
        acc(xs[i]);
    }
    return std::sqrt(boost::accumulators::variance(acc));
}

int run(std::string const& name, std::string const& title, int argc, char** argv, void (*body)(session&))
{
    try {
        session s(name, title, argc, argv);
        if (s.wants_exit()) {
            return 0;
        }
        body(s);
        return s.finish();
    } catch (po::error const& e) {
        std::fprintf(stderr, "%s: error: %s\nTry '%s --help'.\n", name.c_str(), e.what(), name.c_str());
        return 2;
    } catch (std::exception const& e) {
        std::fprintf(stderr, "%s: error: %s\n", name.c_str(), e.what());
        return 1;
    }
}

} // namespace smooth::tutorial
