// A figure as plain data (series, labels, axes) and the ways to draw it: a PNG or SVG file,
// the terminal, or the gnuplot script itself.
#ifndef SMOOTH_PLOT_FIGURE_HPP
#define SMOOTH_PLOT_FIGURE_HPP

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace smooth::plot {

/// Anything that stops a figure from being drawn: gnuplot missing or failing, a bad path.
class plot_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class style { lines, points, dashed, impulses };

struct series {
    std::string title;
    std::vector<double> x;
    std::vector<double> y; ///< NaN leaves a gap (a value that does not exist yet)
    style how = style::lines;
};

/// A vertical marker line with a label (an effective window, a switch of beta, ...).
struct marker {
    double x;
    std::string label;
};

struct figure {
    std::string title;
    std::string xlabel;
    std::string ylabel;
    bool log_y = false;
    std::vector<series> lines;
    std::vector<marker> markers;
};

enum class terminal { png, svg, dumb };

/// png for .png, svg for .svg; anything else is a plot_error naming the file.
terminal terminal_for(std::filesystem::path const& file);

struct size {
    int width;
    int height;
};

/// The default size for a terminal: 900x560 pixels for files, 100x30 characters for dumb.
size default_size(terminal t);

/// The complete gnuplot script, data inline, that draws `fig` on `t` into `output`
/// (empty output: gnuplot's standard output). What --dump prints.
std::string script(figure const& fig, terminal t, std::string const& output,
                   std::optional<size> sz = std::nullopt);

/// Draws into a PNG or SVG file (terminal from the extension). The file appears only when
/// gnuplot succeeded: it is written under a temporary name and renamed.
void render(figure const& fig, std::filesystem::path const& file, std::optional<size> sz = std::nullopt);

/// Draws as text (gnuplot's dumb terminal) on standard output.
void render_text(figure const& fig, std::optional<size> sz = std::nullopt);

/// The size of the terminal on standard output, if it is one.
std::optional<size> terminal_size();

} // namespace smooth::plot

#endif
