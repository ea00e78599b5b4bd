// What every tutorial executable shares: its options (--out DIR), the walk-through it
// prints, the checks of its own numbers (a failed check fails the run), and its figures.
#ifndef SMOOTH_TUTORIAL_HPP
#define SMOOTH_TUTORIAL_HPP

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <smooth/plot/figure.hpp>

namespace smooth::tutorial {

class session {
public:
    /// Parses --out DIR (default figures/), --no-terminal, --help.
    session(std::string name, std::string title, int argc, char** argv);

    /// One paragraph of the walk-through.
    template <typename... Args>
    void say(fmt::format_string<Args...> text, Args&&... args)
    {
        fmt::print("{}\n", fmt::format(text, std::forward<Args>(args)...));
    }

    /// A key number checked against what theory or a reference says it must be.
    void check(std::string const& what, bool ok);
    void check_near(std::string const& what, double got, double expected, double tolerance);

    /// Writes NAME.png and NAME.svg into the output folder; a key figure is also drawn
    /// in the terminal when standard output is one.
    void figure(std::string const& name, plot::figure const& fig, bool key = false);
    /// An animated GIF (NAME.gif) of the frames, with its data (NAME.gp) as for a figure.
    void animation(std::string const& name, plot::animation const& frames, plot::size sz);
    /// Several panels side by side in one figure.
    void figure(std::string const& name, std::vector<plot::figure> const& panels, bool key = false);

    /// The exit status: 0 if every check held.
    [[nodiscard]] int finish();

    [[nodiscard]] bool wants_exit() const { return exit_early_; }

private:
    std::string name_;
    std::filesystem::path out_;
    bool terminal_ = true;
    bool exit_early_ = false;
    int checks_ = 0;
    int failures_ = 0;
    int figures_ = 0;
};

// Small presentation helpers the tutorials share.

/// 1, 2, ..., n as doubles (the t axis of a figure).
std::vector<double> one_to(std::size_t n);

/// The standard deviation of xs after the first `skip` values (a warm-up left out).
double standard_deviation(std::vector<double> const& xs, std::size_t skip = 0);

/// Runs body(session) and turns any exception into "NAME: error: ..." and exit status 1.
int run(std::string const& name, std::string const& title, int argc, char** argv,
        void (*body)(session&));

} // namespace smooth::tutorial

#endif
