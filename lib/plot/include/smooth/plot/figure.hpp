// A figure as plain data (series, labels, axes) and the ways to draw it: a PNG or SVG file,
// the terminal, or the gnuplot script itself.
#ifndef SMOOTH_PLOT_FIGURE_HPP
#define SMOOTH_PLOT_FIGURE_HPP

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smooth::plot {

/// Anything that stops a figure from being drawn: gnuplot missing or failing, a bad path.
class plot_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// lines; points (raw samples under the smoothed lines: small dots, gray; a raw series whose
/// smoother is in the figure, the first line titled "<its title>_..." or "<its title> ...", is
/// drawn in a lighter shade of that line's colour, so several columns stay apart); markers
/// (points in the series' own colour); dashed; impulses (vertical bars); area (the closed
/// polygon through the points, filled lightly: a region of a map).
enum class style { lines, points, markers, dashed, impulses, area };

struct series {
    std::string title;
    std::vector<double> x;
    std::vector<double> y; ///< NaN (or an infinite x or y) leaves a gap: a line breaks there
    style how = style::lines;
    std::string colour = {}; ///< '#rrggbb' (colour_of); empty: the palette, by position
};

/// The house palette (Okabe and Ito's, safe for colour-blind readers), in the order series
/// take it by position; gray for raw samples and contours.
inline constexpr char const* palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                          "#E69F00", "#56B4E9", "#000000", "#F0E442"};

/// A fixed colour for the things every figure names the same way, so gradient descent,
/// momentum, Nesterov and each beta look alike in every figure: "gd", "momentum",
/// "nesterov", "beta 0.5", "beta 0.9", "beta 0.98", "sma", "ema". Empty for anything else.
std::string colour_of(std::string_view name);

/// A horizontal reference line: a truth the figure compares against (y = 1, a level).
struct reference_line {
    double y;
    std::string label;
};

/// A vertical marker line with a label (an effective window, a switch of beta, ...).
struct marker {
    double x;
    std::string label;
};

/// An interval of x shaded lightly behind the data (rows that are missing, a regime).
struct x_band {
    double from;
    double to;
};

/// Contour lines of z over a grid, drawn under the series (a loss surface under a path).
struct contours {
    std::vector<double> x;      ///< grid abscissae
    std::vector<double> y;      ///< grid ordinates
    std::vector<double> z;      ///< z[j * x.size() + i] at (x[i], y[j])
    std::vector<double> levels; ///< the z values to draw
};

/// A function of two variables sampled on an n x n grid over [x0, x1] x [y0, y1], with
/// the given contour levels, or (levels empty) `count` levels spaced geometrically between
/// the grid's lowest and highest value (losses span decades).
struct grid_range {
    double x0, x1, y0, y1;
};
contours sample_contours(std::function<double(double, double)> const& z, grid_range range, std::size_t n,
                         std::vector<double> levels = {}, std::size_t count = 12);

/// A colour image of z over a grid (a rate over (alpha, beta)): z[j * x.size() + i] at
/// (x[i], y[j]), coloured on a colour-blind-safe scale from `low` to `high`; NaN is left
/// blank (where there is no value: a run that diverged).
struct heatmap {
    std::vector<double> x;
    std::vector<double> y;
    std::vector<double> z;
    std::string label; ///< what the colour means (the colour bar's title)
    double low = 0.0;
    double high = 1.0;
};

struct figure {
    std::string title;
    std::string xlabel;
    std::string ylabel;
    bool log_y = false;
    std::vector<series> lines;
    std::vector<marker> markers;
    std::optional<contours> surface = std::nullopt;
    bool time_x = false; ///< x values are seconds since 1970-01-01 UTC: a date/time axis
    bool equal_axes = false; ///< one unit is as long on x as on y (paths over contours)
    std::optional<std::pair<double, double>> minimum = std::nullopt; ///< drawn as a large black star
    std::vector<reference_line> references = {};
    std::optional<std::pair<double, double>> y_range = std::nullopt; ///< fixed y limits (a readable log scale)
    std::optional<heatmap> image = std::nullopt; ///< drawn under everything else
    std::optional<std::pair<double, double>> x_range = std::nullopt; ///< fixed x limits
    std::vector<x_band> bands = {}; ///< shaded light gray behind everything
    std::string bands_label = {};   ///< the bands' one legend entry (none when empty)
};

/// png, svg: files. dumb: text; ansi: text in colour (ANSI escapes, 256 colours); sixel:
/// an image drawn in the terminal (xterm -ti vt340, mlterm, foot, WezTerm).
/// gif: a GIF file, animated when there are several frames.
enum class terminal { png, svg, dumb, ansi, sixel, gif };

/// png for .png, svg for .svg, gif for .gif; anything else is a plot_error naming the file.
terminal terminal_for(std::filesystem::path const& file);

struct size {
    int width;
    int height;
};

/// The width of a docs column, in pixels: figure files are drawn this wide, so that a page
/// shows them at the size they were drawn (docs/figure-style.md).
inline constexpr int column_width = 880;

/// The size of the text in a figure file (PNG, SVG, GIF) `width` pixels wide: 12 px up to the
/// column's width, and as much larger as the figure is wider, so that it still reads at 12 px
/// when a page scales the figure down to the column.
int font_size(int width);

/// The default size for a terminal and a number of panels: a file (PNG, SVG, GIF) is a
/// column wide, 880x520 pixels for one panel and 430 pixels high a panel for several, one
/// under the other; a sixel image 900x560 pixels a panel, side by side; text 100x30
/// characters (all panels, side by side).
size default_size(terminal t, std::size_t panels = 1);

/// Whether panels are drawn one under the other (files: a column is narrow) rather than side
/// by side (the terminal: it is wider than high).
bool stacks_panels(terminal t);

/// The complete gnuplot script, data inline, that draws the panels on `t` (one under the
/// other in a file, side by side in the terminal) to gnuplot's standard output. What --dump
/// prints. No file name is ever part of it, and every text (titles, legends, labels) is a
/// string gnuplot takes literally: a data file's header cannot make gnuplot run a command.
std::string script(std::vector<figure> const& panels, terminal t, std::optional<size> sz = std::nullopt);

/// Frames of one figure (the same panels, the lines moving), drawn one after the other: an
/// animated GIF. Contours and images come from the first frame.
using animation = std::vector<std::vector<figure>>;

/// The script of an animation (what --dump prints for a .gif).
std::string animation_script(animation const& frames, terminal t, std::optional<size> sz = std::nullopt);

/// Draws the frames into a GIF file (or the first into PNG/SVG, which cannot move), whole
/// or not at all.
void render_animation(animation const& frames, std::filesystem::path const& file, std::optional<size> sz = std::nullopt);

/// Draws into a PNG or SVG file (terminal from the extension). The file appears only when
/// gnuplot succeeded: it is written under a temporary name and renamed.
void render(std::vector<figure> const& panels, std::filesystem::path const& file,
            std::optional<size> sz = std::nullopt);

/// Draws on standard output: text (dumb or ansi) or a sixel image.
void render_text(std::vector<figure> const& panels, std::optional<size> sz = std::nullopt,
                 terminal t = terminal::dumb);

/// The text terminal for standard output: ansi (colour) when it is a terminal that is not
/// TERM=dumb and NO_COLOR is not set; dumb otherwise.
terminal text_terminal();

// One figure alone.
inline std::string script(figure const& fig, terminal t, std::optional<size> sz = std::nullopt)
{
    return script(std::vector<figure>{fig}, t, sz);
}
inline void render(figure const& fig, std::filesystem::path const& file, std::optional<size> sz = std::nullopt)
{
    render(std::vector<figure>{fig}, file, sz);
}
inline void render_text(figure const& fig, std::optional<size> sz = std::nullopt, terminal t = terminal::dumb)
{
    render_text(std::vector<figure>{fig}, sz, t);
}

/// The size of the terminal on standard output, if it is one.
std::optional<size> terminal_size();

} // namespace smooth::plot

#endif
