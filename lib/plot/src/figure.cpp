#include <smooth/plot/figure.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <iomanip>
#include <iostream>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gnuplot-iostream.h>

#include <smooth/io/atomic_output.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/plot/gnuplot.hpp>
#include <smooth/plot/thin.hpp>

#include "writer.hpp"

namespace smooth::plot {
namespace {

/// Text (a title, a legend, a label: often from a data file) as a gnuplot string that gnuplot
/// takes literally. Single quotes: gnuplot expands backquotes (shell commands) and macros
/// inside double-quoted strings, never inside single-quoted ones, where the only special
/// character is the quote itself, written twice. A control character (a newline would end the
/// command and start another) is shown as a visible escape instead.
std::string quoted(std::string const& text)
{
    std::string out = "'";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\'') {
            out += "''";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            out += fmt::format("\\x{:02x}", u);
        } else {
            out += c;
        }
    }
    return out + '\'';
}

/// The characters gnuplot's monochrome text terminal draws line types 1, 2, ... with; the
/// colour text terminal marks each series' points with the same ones.
constexpr char text_glyphs[] = {'*', '#', '$', '%', '@', '&', '=', 'o'};

std::string terminal_line(terminal t, size sz, bool animate)
{
    switch (t) {
    case terminal::gif:
        // (libgd's gif: one frame per plot when animated, 12 frames a second, looping)
        return fmt::format("set terminal gif {}size {},{} font 'Sans,{}' background rgb 'white'",
                           animate ? "animate delay 8 loop 0 optimize " : "", sz.width, sz.height,
                           font_size(sz.width));
    case terminal::png:
        return fmt::format("set terminal pngcairo size {},{} font 'Sans,{}' background rgb 'white'",
                           sz.width, sz.height, font_size(sz.width));
    case terminal::svg:
        return fmt::format("set terminal svg size {},{} font 'Sans,{}' background rgb 'white'",
                           sz.width, sz.height, font_size(sz.width));
    case terminal::sixel:
        return fmt::format("set terminal sixelgd truecolor size {},{} font 'Sans,10' background rgb 'white'",
                           sz.width, sz.height);
    case terminal::ansi:
        return fmt::format("set terminal dumb size {},{} ansi256", sz.width, sz.height);
    case terminal::dumb:
        break;
    }
    return fmt::format("set terminal dumb size {},{}", sz.width, sz.height);
}

bool is_text(terminal t)
{
    return t == terminal::dumb || t == terminal::ansi;
}

/// A title as a gnuplot string expression, broken into lines at spaces where a panel `width`
/// characters wide could not show it whole (0: never broken).
std::string title_text(std::string const& title, int width)
{
    const std::size_t room = width > 8 ? static_cast<std::size_t>(width - 4) : 0;
    if (room == 0 || title.size() <= room) {
        return quoted(title);
    }
    std::string out;
    std::string_view rest = title;
    while (rest.size() > room) {
        std::size_t cut = rest.substr(0, room + 1).rfind(' ');
        if (cut == std::string_view::npos || cut == 0) {
            cut = room; // one long word: break inside it
        }
        out += quoted(std::string(rest.substr(0, cut))) + ".\"\\n\".";
        rest.remove_prefix(cut);
        while (!rest.empty() && rest.front() == ' ') {
            rest.remove_prefix(1);
        }
    }
    return out + quoted(std::string(rest));
}

/// "with STYLE lt N ...": an explicit line type gives series N the same colour in every panel
/// (the house palette, set as line types 1-8), unless the series names its own colour.
std::string with_clause(style how, std::size_t line_type, std::string const& colour, char glyph = 0)
{
    const std::string lc = colour.empty() ? std::string() : fmt::format(" lc rgb '{}'", colour);
    switch (how) {
    case style::points:
        // gray dots; a raw series whose smoother is drawn too, in a lighter shade of its
        // colour, a little larger (and in text with a glyph of its own)
        if (colour.empty()) {
            return fmt::format("with points lt {} pt 7 ps 0.35 lc rgb 'gray50'", line_type);
        }
        return glyph != 0 ? fmt::format("with points lt {} pt '{}'{}", line_type, glyph, lc)
                          : fmt::format("with points lt {} pt 7 ps 0.5{}", line_type, lc);
    case style::markers:
        return fmt::format("with points lt {} pt 7 ps 1.4{}", line_type, lc);
    case style::dashed:
        return fmt::format("with lines lt {} dt 2 lw 2{}", line_type, lc);
    case style::impulses:
        return fmt::format("with impulses lt {} lw 2{}", line_type, lc);
    case style::area:
        return fmt::format("with filledcurves closed lt {}{} fs transparent solid 0.35 noborder", line_type, lc);
    case style::lines:
        break;
    }
    return fmt::format("with lines lt {} lw 2{}", line_type, lc);
}

/// An inline data block, "x y" lines closed by "e": what gnuplot-iostream's send1d writes,
/// without its std::endl after every line, which made one write per point down the pipe
/// (1342 writes a frame for explore weights, 70 ms a frame; buffered, 4). A NaN pair is a
/// break: a blank line, across which gnuplot draws no line.
void send_points(Gnuplot& gp, std::vector<std::pair<double, double>> const& points)
{
    for (auto const& [x, y] : points) {
        if (std::isnan(x)) {
            gp << '\n';
        } else {
            gp << x << ' ' << y << '\n';
        }
    }
    gp << "e\n";
}

/// Whether a series is drawn as a line, which a missing value must break.
bool is_line(style how)
{
    return how == style::lines || how == style::dashed;
}

/// The (x, y) pairs gnuplot gets: finite points only (and positive y on a log scale: a loss
/// that reached 0 has no place there, and gnuplot cannot scale below about 1e-300), thinned
/// if long. A line breaks where a value is missing (NaN or infinite): a NaN pair marks the
/// break (send_points writes it as a blank line), never a line drawn across the gap.
std::vector<std::pair<double, double>> points_of(series const& s, bool log_y)
{
    const series shown = thin(s);
    std::vector<std::pair<double, double>> pts;
    pts.reserve(shown.y.size());
    const bool breaks = is_line(s.how);
    bool gap = false; // a missing value since the last point kept
    for (std::size_t i = 0; i < shown.y.size() && i < shown.x.size(); ++i) {
        if (!std::isfinite(shown.x[i]) || !std::isfinite(shown.y[i])) {
            gap = true;
            continue;
        }
        if (log_y && shown.y[i] < 1e-300) {
            continue;
        }
        if (gap && breaks && !pts.empty()) {
            pts.emplace_back(NAN, NAN);
        }
        gap = false;
        pts.emplace_back(shown.x[i], shown.y[i]);
    }
    return pts;
}

/// The smallest and largest finite x (or y) of the figure's series, positive ones only if
/// asked (a log axis); (inf, -inf) when there is none.
std::pair<double, double> data_extent(figure const& fig, std::vector<double> series::*values, bool positive = false)
{
    double lo = INFINITY;
    double hi = -INFINITY;
    for (auto const& s : fig.lines) {
        for (const double v : s.*values) {
            if (std::isfinite(v) && (!positive || v > 0)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    return {lo, hi};
}

/// About how wide the y tick labels will be (%g of the extreme ticks), in characters.
std::size_t tick_label_width(figure const& fig)
{
    auto [lo, hi] = data_extent(fig, &series::y, fig.log_y);
    if (fig.y_range) {
        lo = fig.y_range->first;
        hi = fig.y_range->second;
    }
    if (!(lo <= hi)) {
        return 4;
    }
    std::size_t width = 1;
    for (const double v : {lo, hi}) {
        const double tick = fig.log_y && v > 0 ? std::pow(10.0, std::floor(std::log10(v))) : v;
        width = std::max(width, fmt::format("{:.3g}", tick).size());
    }
    return width + 1;
}

/// The x values the figure spans (its data, or its fixed range).
std::pair<double, double> x_extent(figure const& fig)
{
    if (fig.x_range) {
        return *fig.x_range;
    }
    auto [lo, hi] = data_extent(fig, &series::x);
    if (fig.surface && !fig.surface->x.empty()) {
        lo = std::min(lo, fig.surface->x.front());
        hi = std::max(hi, fig.surface->x.back());
    }
    if (fig.image && !fig.image->x.empty()) {
        lo = std::min(lo, fig.image->x.front());
        hi = std::max(hi, fig.image->x.back());
    }
    return {lo, hi};
}

/// A tick step for the x axis of a text panel `room` characters wide: 1, 2 or 5 times a power
/// of ten, leaving at least two blanks between tick labels.
std::optional<double> text_x_step(figure const& fig, int room)
{
    const auto [lo, hi] = x_extent(fig);
    if (!(lo < hi) || room < 10) {
        return std::nullopt;
    }
    const std::size_t label = std::max(fmt::format("{:g}", lo).size(), fmt::format("{:g}", hi).size()) + 1;
    const double most = std::max(1.0, static_cast<double>(room) / static_cast<double>(label + 2));
    const double raw = (hi - lo) / most;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * power >= raw) {
            return m * power;
        }
    }
    return 10.0 * power;
}

/// A tick format that fits the span of a time axis.
std::string time_format(figure const& fig)
{
    const auto [lo, hi] = data_extent(fig, &series::x);
    const double span = hi - lo;
    if (span > 8 * 365 * 86400.0) {
        return "%Y"; // ticks years apart
    }
    if (span > 90 * 86400.0) {
        return "%Y-%m";
    }
    if (span > 2 * 86400.0) {
        return "%Y-%m-%d";
    }
    return "%H:%M";
}

} // namespace

namespace {
/// The fixed colour a series' title implies: a method ("gradient descent", "gd", "momentum,
/// beta 0.8", "nesterov") or a beta ("EMA beta 0.9"); empty when it implies none.
std::string colour_from_title(std::string_view title)
{
    std::string t(title);
    for (auto& c : t) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto starts = [&](std::string_view p) { return t.rfind(p, 0) == 0; };
    if (starts("gradient descent") || starts("sgd") || t == "gd" || starts("gd ") || starts("gd,")) {
        return colour_of("gd");
    }
    if (starts("nesterov")) {
        return colour_of("nesterov");
    }
    if (starts("momentum")) {
        return colour_of("momentum");
    }
    for (char const* beta : {"beta 0.98", "beta 0.9", "beta 0.5"}) {
        const auto at = t.find(beta);
        const std::size_t end = at + std::char_traits<char>::length(beta);
        if (at != std::string::npos && (end == t.size() || !std::isdigit(static_cast<unsigned char>(t[end])))) {
            return colour_of(beta);
        }
    }
    return {};
}
} // namespace

std::string colour_of(std::string_view name)
{
    struct entry {
        std::string_view name;
        char const* colour;
    };
    static constexpr entry fixed[] = {
        {"gd", "#D55E00"},        {"momentum", "#0072B2"},  {"nesterov", "#009E73"},
        {"beta 0.5", "#E69F00"},  {"beta 0.9", "#0072B2"},  {"beta 0.98", "#CC79A7"},
        {"sma", "#009E73"},       {"ema", "#0072B2"},
    };
    for (auto const& e : fixed) {
        if (e.name == name) {
            return e.colour;
        }
    }
    return {};
}

terminal terminal_for(std::filesystem::path const& file)
{
    const std::string ext = file.extension().string();
    if (ext == ".png") {
        return terminal::png;
    }
    if (ext == ".svg") {
        return terminal::svg;
    }
    if (ext == ".gif") {
        return terminal::gif;
    }
    throw plot_error("cannot tell the plot format of " + io::shown(file.string(), 200) +
                     ": use a .png, .svg or .gif file name, or - for the terminal");
}

int font_size(int width)
{
    // 12 px at the column's width or less; wider, as much larger as the page will shrink it
    return width <= column_width ? 12 : (12 * width + column_width - 1) / column_width;
}

bool stacks_panels(terminal t)
{
    return t == terminal::png || t == terminal::svg || t == terminal::gif;
}

size default_size(terminal t, std::size_t panels)
{
    const int n = static_cast<int>(std::max<std::size_t>(panels, 1));
    if (is_text(t)) {
        return size{100, 30};
    }
    if (!stacks_panels(t)) {
        return size{900 * n, 560}; // a sixel image: the terminal is wide
    }
    return size{column_width, n == 1 ? 520 : 430 * n};
}

namespace {

/// Grid and contour-line datablocks for panel k, made before any drawing.
void write_contour_tables(Gnuplot& gp, contours const& c, std::size_t k)
{
    if (c.x.size() < 2 || c.y.size() < 2 || c.z.size() != c.x.size() * c.y.size()) {
        throw plot_error("contour grid of panel " + std::to_string(k + 1) + " is malformed");
    }
    // 9 digits place a contour far inside a pixel; gnuplot reads its input a byte per read(),
    // and this grid is most of a figure's bytes (17 digits: 380 KB a frame, 200 ms)
    gp << "$grid" << k << " << EOD\n" << std::setprecision(9);
    for (std::size_t j = 0; j < c.y.size(); ++j) {
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            gp << c.x[i] << ' ' << c.y[j] << ' ' << c.z[j * c.x.size() + i] << '\n';
        }
        gp << '\n';
    }
    gp << "EOD\n" << std::setprecision(17);
    gp << "set contour base\nunset surface\nset view map\nset cntrparam levels discrete ";
    for (std::size_t i = 0; i < c.levels.size(); ++i) {
        gp << (i == 0 ? "" : ",") << c.levels[i];
    }
    gp << "\nset table $contour" << k << "\nsplot $grid" << k << " using 1:2:3 with lines notitle\nunset table\n";
    gp << "unset contour\nset surface\n";
}

/// The image datablock for panel k: x y z rows, a blank line between grid rows.
void write_image_table(Gnuplot& gp, heatmap const& h, std::size_t k)
{
    if (h.x.size() < 2 || h.y.size() < 2 || h.z.size() != h.x.size() * h.y.size() || !(h.low < h.high)) {
        throw plot_error("image of panel " + std::to_string(k + 1) + " is malformed");
    }
    gp << "$image" << k << " << EOD\n";
    for (std::size_t j = 0; j < h.y.size(); ++j) {
        for (std::size_t i = 0; i < h.x.size(); ++i) {
            const double z = h.z[j * h.x.size() + i];
            gp << h.x[i] << ' ' << h.y[j] << ' ';
            if (std::isfinite(z)) {
                gp << z;
            } else {
                gp << "NaN";
            }
            gp << '\n';
        }
        gp << '\n';
    }
    gp << "EOD\n";
}

/// How much room a panel has: pixels for images (and the font's size in pixels), characters
/// for text (font 1).
struct panel_room {
    int width;
    int height;
    int font;
};

/// '#rrggbb' mixed with white: a raw series in a lighter shade of its smoother's colour.
std::string lighter(std::string const& colour)
{
    if (colour.size() != 7 || colour[0] != '#') {
        return colour;
    }
    std::string out = "#";
    for (int c = 0; c < 3; ++c) {
        const int v = std::stoi(colour.substr(1 + 2 * static_cast<std::size_t>(c), 2), nullptr, 16);
        out += fmt::format("{:02X}", v + (255 - v) * 45 / 100);
    }
    return out;
}

/// The line a raw series (points) belongs to: the first line titled "<raw title>" followed by
/// '_', ' ', ',', ':' or '(' (smooth's "Ozone_sma_10" for the column "Ozone"); none: npos.
std::size_t smoother_of(figure const& fig, std::size_t raw)
{
    std::string const& name = fig.lines[raw].title;
    if (name.empty()) {
        return std::string::npos;
    }
    for (std::size_t j = 0; j < fig.lines.size(); ++j) {
        std::string const& t = fig.lines[j].title;
        if (is_line(fig.lines[j].how) && t.size() > name.size() && t.starts_with(name) &&
            std::string_view("_ ,:(").find(t[name.size()]) != std::string_view::npos) {
            return j;
        }
    }
    return std::string::npos;
}

/// Where each reference line's label goes in a picture: along the line (at its left end, its
/// right end, or a fifth, two fifths, three fifths of the way), all above or all below their
/// lines, wherever the fewest drawn points and lines, and no other label, would lie under the
/// text (the 50 % level's label under the markers at 50 % was the fault this avoids).
/// Estimated from the data and the panel's size: gnuplot's exact margins are not known here.
struct label_place {
    double at = 0.01; ///< graph x of the text's left end, or of its right end when `right`
    bool right = false;
    bool below = false;
};

std::vector<label_place> place_reference_labels(figure const& fig, panel_room room)
{
    std::vector<label_place> out(fig.references.size());
    if (out.empty()) {
        return out;
    }
    // (not a structured binding: clang 14, the fuzz preset's compiler, cannot capture one in
    // the lambdas below)
    const auto x_span = x_extent(fig);
    const double x0 = x_span.first;
    const double x1 = x_span.second;
    auto [y0, y1] = fig.y_range ? *fig.y_range : data_extent(fig, &series::y, fig.log_y);
    const auto to_y = [&](double y) { return fig.log_y ? std::log10(std::max(y, 1e-300)) : y; };
    double ylo = to_y(y0);
    double yhi = to_y(y1);
    for (auto const& r : fig.references) {
        if (!fig.y_range) {
            ylo = std::min(ylo, to_y(r.y));
            yhi = std::max(yhi, to_y(r.y));
        }
    }
    if (!fig.y_range && !fig.log_y) { // the headroom write_panel asks for (5 %, no more in a picture)
        const double pad = 0.05 * (yhi - ylo);
        ylo -= pad;
        yhi += pad;
    }
    if (!(x0 < x1) || !(ylo < yhi)) {
        return out;
    }
    // the plot's size in pixels, about: the panel less the tick labels, title, axis label, legend
    const double f = room.font;
    const double entries = static_cast<double>(fig.lines.size()) + (fig.surface ? 1 : 0) + (fig.minimum ? 1 : 0);
    const double pw = std::max(100.0, 0.85 * room.width - 4 * f);
    const double ph = std::max(80.0, room.height - 7.5 * f - 1.6 * f * std::ceil(entries / 3));
    const auto gx = [&](double x) { return (x - x0) / (x1 - x0); };
    const auto gy = [&](double y) { return (to_y(y) - ylo) / (yhi - ylo); };
    // what is drawn, as points in graph coordinates with a radius (in graph units of x and y)
    struct dot {
        double x, y, rx, ry;
    };
    std::vector<dot> drawn;
    const double line_r = 1.5; // px: half a line's width
    for (auto const& s : fig.lines) {
        if (s.how == style::area) {
            continue; // behind everything, and faint: text over it reads
        }
        const double r = s.how == style::markers ? 0.7 * f : s.how == style::points ? 2.0 : line_r;
        std::optional<std::pair<double, double>> last;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (fig.log_y && s.y[i] <= 0)) {
                last.reset();
                continue;
            }
            const std::pair<double, double> p{gx(s.x[i]), gy(s.y[i])};
            std::optional<std::pair<double, double>> from = last;
            if (s.how == style::impulses) {
                from = std::pair{p.first, fig.log_y ? 0.0 : std::clamp(gy(0.0), 0.0, 1.0)};
            } else if (!is_line(s.how)) {
                from.reset();
            }
            if (from) { // the segment, a point every 3 px
                const double len = std::hypot((p.first - from->first) * pw, (p.second - from->second) * ph);
                const int n = std::min(400, static_cast<int>(len / 3.0) + 1);
                for (int j = 0; j < n; ++j) {
                    const double u = static_cast<double>(j) / n;
                    drawn.push_back({from->first + u * (p.first - from->first), from->second + u * (p.second - from->second),
                                     r / pw, r / ph});
                }
            }
            drawn.push_back({p.first, p.second, r / pw, r / ph});
            last = p;
        }
    }
    if (fig.minimum) {
        drawn.push_back({gx(fig.minimum->first), gy(fig.minimum->second), 1.3 * f / pw, 1.3 * f / ph});
    }
    struct box {
        double left, right, bottom, top;
    };
    // All labels on one side of their lines (all above, or all below: a label between two
    // close lines then reads as the one's it sits on the same side of as the others), the side
    // where fewer things lie under them; along each line, the first free spot, in order: its
    // ends, then a fifth, two fifths, three fifths of the way.
    const std::pair<double, bool> spots[] = {{0.01, false}, {0.99, true}, {0.2, false}, {0.4, false}, {0.6, false}};
    std::vector<label_place> chosen[2];
    std::size_t cost[2] = {0, 0};
    for (const bool below : {false, true}) {
        std::vector<box> taken; // the labels placed so far
        for (std::size_t i = 0; i < fig.references.size(); ++i) {
            auto const& r = fig.references[i];
            const double w = (0.62 * f * static_cast<double>(r.label.size()) + 4) / pw;
            const double h = 1.1 * f / ph;
            const double mid = gy(r.y) + (below ? -0.75 : 0.75) * f / ph;
            std::optional<std::pair<label_place, box>> best;
            std::size_t fewest = 0;
            for (auto const& [x, right] : spots) {
                const double left = right ? x - w : x;
                const box b{left, left + w, mid - h / 2, mid + h / 2};
                std::size_t under = 0;
                for (auto const& d : drawn) {
                    under += d.x + d.rx >= b.left && d.x - d.rx <= b.right && d.y + d.ry >= b.bottom &&
                             d.y - d.ry <= b.top;
                }
                for (auto const& o : taken) {
                    if (o.left < b.right && b.left < o.right && o.bottom < b.top && b.bottom < o.top) {
                        under += 1000; // on another label: only if nothing else fits
                    }
                }
                if (b.top > 1.0 || b.bottom < 0.0) {
                    under += 100000; // out of the frame: last of all
                }
                if (!best || under < fewest) {
                    best = std::pair{label_place{x, right, below}, b};
                    fewest = under;
                }
            }
            chosen[below ? 1 : 0].push_back(best->first);
            cost[below ? 1 : 0] += fewest;
            taken.push_back(best->second);
        }
    }
    return cost[1] < cost[0] ? chosen[1] : chosen[0];
}

void write_panel(Gnuplot& gp, figure const& fig, std::size_t k, terminal t, panel_room room)
{
    const bool text = is_text(t);
    // (in a picture, about 0.6 of the font's size a character)
    gp << "set title " << title_text(fig.title, text ? room.width : room.width * 5 / (3 * room.font)) << '\n';
    gp << "set xlabel " << quoted(fig.xlabel) << '\n';
    gp << (fig.log_y ? "set logscale y\n" : "unset logscale y\n");
    if (fig.time_x) {
        gp << "set xdata time\nset timefmt '%s'\nset format x " << quoted(time_format(fig)) << "\n";
    } else {
        gp << "unset xdata\nset format x '%g'\n";
    }
    // (character cells are not square: equal axes would only shrink a text figure)
    gp << (fig.equal_axes && !text ? "set size ratio -1\n" : "set size noratio\n");
    if (fig.image) {
        // viridis' ends and middle: ordered in lightness, readable by colour-blind readers
        gp << "set palette defined (0 '#440154', 0.25 '#3B528B', 0.5 '#21918C', 0.75 '#5EC962', 1 '#FDE725')\n";
        gp << fmt::format("set cbrange [{}:{}]\nset cblabel {}\nset colorbox\n", fig.image->low, fig.image->high,
                          quoted(fig.image->label));
    } else {
        gp << "unset colorbox\n";
    }
    // contours drawn to the frame: the axes span the grid (lines ending inside the frame read
    // as broken pieces)
    const bool gridded = fig.surface && fig.surface->x.size() >= 2 && fig.surface->y.size() >= 2;
    const bool bars = std::any_of(fig.lines.begin(), fig.lines.end(), [](series const& s) { return s.how == style::impulses; });
    // (before the range: a range given after it stays fixed)
    gp << (fig.log_y || text ? "set autoscale y\n" : "set autoscale yfix\n");
    if (fig.y_range) {
        gp << fmt::format("set yrange [{}:{}]\n", fig.y_range->first, fig.y_range->second);
    } else if (fig.image) {
        gp << fmt::format("set yrange [{}:{}]\n", fig.image->y.front(), fig.image->y.back());
    } else if (gridded) {
        gp << fmt::format("set yrange [{}:{}]\n", fig.surface->y.front(), fig.surface->y.back());
    } else if (bars && !fig.log_y && data_extent(fig, &series::y).first >= 0) {
        gp << "set yrange [0:*]\n"; // bars stand on 0
    } else {
        gp << "set yrange [*:*]\n";
    }
    // room around the data, so no line lies on the frame: 5 % above and below on a linear
    // axis, and no more (yfix: not stretched to the next tick, 0.5..0.9 is not drawn over
    // 0.45..0.95); a log axis ends at the next power of ten. Bars stand on their axis, and keep
    // the first and the last bar off the frame's sides.
    gp << fmt::format("set offsets {}, {}, {}, {}\n", bars ? "graph 0.02" : "0", bars ? "graph 0.02" : "0",
                      fig.log_y ? "0" : "graph 0.05", fig.log_y || bars ? "0" : "graph 0.05");
    gp << "unset arrow\nunset label\nunset object\n";
    std::optional<double> x_step;
    if (text && !fig.ylabel.empty()) {
        // written horizontally left of the tick labels, with the room gnuplot does not leave
        const std::size_t ticks = tick_label_width(fig);
        gp << "set ylabel " << quoted(fig.ylabel) << fmt::format(" offset {},0\n", -static_cast<int>(fig.ylabel.size()));
        gp << fmt::format("set lmargin {}\n", fig.ylabel.size() + ticks + 3);
        if (!fig.time_x) {
            // as many x ticks as fit with room between them (gnuplot packs them: "-8-7 -6-5")
            x_step = text_x_step(fig, room.width - static_cast<int>(fig.ylabel.size() + ticks) - 6);
        }
    } else {
        gp << "set ylabel " << quoted(fig.ylabel) << "\nunset lmargin\n";
    }
    gp << (x_step ? fmt::format("set xtics {}\n", *x_step) : std::string("set xtics autofreq\n"));
    if (fig.x_range) {
        gp << fmt::format("set xrange [{}:{}]\n", fig.x_range->first, fig.x_range->second);
    } else if (fig.image) {
        gp << fmt::format("set xrange [{}:{}]\n", fig.image->x.front(), fig.image->x.back());
    } else if (gridded) {
        gp << fmt::format("set xrange [{}:{}]\n", fig.surface->x.front(), fig.surface->x.back());
    } else {
        // the x axis ends at the data, not at the next tick (2006 for data ending in 2002)
        // (xrange [*:*] first: an earlier panel's or frame's fixed range would stay otherwise)
        gp << "set xrange [*:*]\n" << (x_step || !text ? "set autoscale xfix\n" : "set autoscale x\n");
    }
    for (std::size_t i = 0; i < fig.markers.size(); ++i) {
        auto const& m = fig.markers[i];
        gp << fmt::format("set arrow {} from {}, graph 0 to {}, graph 1 nohead dt 3 lc rgb 'gray40'\n", i + 1,
                          m.x, m.x);
        // a label near the right edge goes on the line's left, so it is not cut
        const auto [lo, hi] = x_extent(fig);
        const bool on_left = hi > lo && m.x > lo + 0.6 * (hi - lo);
        gp << fmt::format("set label {} {} at {}, graph {} {} offset {},0\n", i + 1, quoted(m.label), m.x,
                          0.95 - 0.06 * static_cast<double>(i % 8), on_left ? "right" : "left",
                          (on_left ? -1.0 : 1.0) * (text ? 2.0 : 0.5));
    }
    const auto places = text ? std::vector<label_place>(fig.references.size()) : place_reference_labels(fig, room);
    for (std::size_t i = 0; i < fig.references.size(); ++i) {
        auto const& r = fig.references[i];
        const std::size_t id = 100 + i;
        gp << fmt::format("set arrow {} from graph 0, first {} to graph 1, first {} nohead dt 2 lw 1.5 lc rgb 'gray30'\n",
                          id, r.y, r.y);
        if (text) {
            // on the line's right end, in front, or gnuplot draws over it
            gp << fmt::format("set label {} {} at graph 0.99, first {} right offset 0,0 front tc rgb 'gray30'\n", id,
                              quoted(r.label), r.y);
        } else {
            // at an end of the line, above or below it, where the least is drawn
            gp << fmt::format("set label {} {} at graph {}, first {} {} offset 0,{} tc rgb 'gray30'\n", id,
                              quoted(r.label), places[i].at, r.y, places[i].right ? "right" : "left",
                              places[i].below ? -0.75 : 0.75);
        }
    }
    const bool banded = !text && !fig.bands.empty();
    if (banded) {
        for (std::size_t i = 0; i < fig.bands.size(); ++i) {
            gp << fmt::format("set object {} rect from {}, graph 0 to {}, graph 1 behind fc rgb '#E8E8E8' fs solid 1.0 "
                              "noborder\n",
                              i + 1, fig.bands[i].from, fig.bands[i].to);
        }
    }
    if (fig.lines.empty() && !fig.surface && !fig.image) {
        throw plot_error("figure \"" + fig.title + "\" has nothing to plot");
    }
    gp << "plot ";
    const char* sep = "";
    if (fig.image) {
        gp << "$image" << k << (text ? " using 1:2:3 with points pt '#' lc palette notitle" : " using 1:2:3 with image notitle");
        sep = ", ";
    }
    if (fig.surface) {
        // faint: gray lines in an image, dots in text (so the paths' own characters stand out)
        gp << "$contour" << k << " using 1:2 "
           << (t == terminal::ansi ? "with dots lc rgb 'gray40'" // (gnuplot's 256-colour grey ramp is off: this is light)
               : text               ? "with dots lc rgb 'gray70'"
                                    : "with lines lc rgb 'gray70'")
           << " title 'loss contours'";
        sep = ", ";
    }
    // fixed colours first (given, or implied by the title); the others take the palette in
    // order, skipping the colours already taken, so no two series look alike
    std::vector<std::string> colours(fig.lines.size());
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        colours[i] = fig.lines[i].colour.empty() ? colour_from_title(fig.lines[i].title) : fig.lines[i].colour;
    }
    std::size_t next = 0;
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        if (!colours[i].empty() || fig.lines[i].how == style::points) {
            continue; // raw samples take no colour of the palette
        }
        while (next < std::size(palette) && std::find(colours.begin(), colours.end(), palette[next]) != colours.end()) {
            ++next;
        }
        colours[i] = next < std::size(palette) ? palette[next++] : "";
    }
    // raw samples: gray; those of a smoother drawn here in a lighter shade of its colour, and
    // in text each with a glyph of its own, so several columns stay apart
    constexpr char raw_glyphs[] = {'+', 'x', '~', ':', '^', '!', '?', '<'};
    std::vector<char> glyphs(fig.lines.size(), 0);
    std::size_t raws = 0;
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        if (fig.lines[i].how != style::points || !colours[i].empty()) {
            continue;
        }
        const std::size_t j = smoother_of(fig, i);
        if (j != std::string::npos && !colours[j].empty()) {
            colours[i] = lighter(colours[j]);
            glyphs[i] = text ? raw_glyphs[raws++ % std::size(raw_glyphs)] : 0;
        }
    }
    // In colour, gnuplot's text terminal draws every line with the same characters: each
    // line is drawn in its colour and its points again with the series' own glyph.
    const auto glyphed = [&](std::size_t i) {
        return t == terminal::ansi && is_line(fig.lines[i].how);
    };
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        if (glyphed(i)) {
            gp << sep << "'-' using 1:2 " << with_clause(fig.lines[i].how, i + 1, colours[i]) << " notitle, "
               << "'-' using 1:2 with points lt " << i + 1
               << (colours[i].empty() ? std::string() : " lc rgb '" + colours[i] + "'") << " pt '"
               << text_glyphs[i % std::size(text_glyphs)] << "' title " << quoted(fig.lines[i].title);
        } else {
            gp << sep << "'-' using 1:2 " << with_clause(fig.lines[i].how, i + 1, colours[i], glyphs[i]) << " title "
               << quoted(fig.lines[i].title);
        }
        sep = ", ";
    }
    if (fig.minimum) {
        gp << sep << "'-' using 1:2 with points pt 3 ps 2.5 lw 2 lc rgb 'black' title 'minimum'";
        sep = ", ";
    }
    if (banded && !fig.bands_label.empty()) {
        gp << sep << "keyentry with boxes fc rgb '#E8E8E8' fs solid 1.0 noborder title " << quoted(fig.bands_label);
    }
    gp << '\n';
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        const auto points = points_of(fig.lines[i], fig.log_y);
        send_points(gp, points);
        if (glyphed(i)) {
            send_points(gp, points);
        }
    }
    if (fig.minimum) {
        send_points(gp, {*fig.minimum});
    }
}

} // namespace

void write_script(Gnuplot& gp, std::vector<std::vector<figure>> const& frames, terminal t, std::optional<size> sz)
{
    if (frames.empty() || frames.front().empty()) {
        throw plot_error("nothing to plot");
    }
    // every frame has the first one's panels, contours and images (an animation moves the
    // lines over a fixed background)
    auto const& panels = frames.front();
    gp << std::defaultfloat << std::setprecision(17); // it forces 18-digit scientific
    gp << "# the figure goes to gnuplot's standard output: gnuplot < THIS_FILE > FIGURE\n";
    gp << "reset session\n"; // a gnuplot kept open (explore) starts each figure afresh
    gp << "set encoding utf8\n";
    gp << terminal_line(t, sz.value_or(default_size(t, panels.size())), frames.size() > 1) << '\n';
    gp << "set termoption noenhanced\n";
    for (std::size_t k = 0; k < panels.size(); ++k) {
        if (panels[k].surface) {
            write_contour_tables(gp, *panels[k].surface, k);
        }
        if (panels[k].image) {
            write_image_table(gp, *panels[k].image, k);
        }
    }
    // the house style (docs/figure-style.md): the palette, the legend below the plot,
    // plain tick labels
    for (std::size_t i = 0; i < std::size(palette); ++i) {
        gp << fmt::format("set linetype {} lc rgb '{}' lw 2\n", i + 1, palette[i]);
    }
    // (height 1: room between the x label and the legend, which gnuplot would let touch)
    gp << (is_text(t) ? "set key below horizontal samplen 2 width 1\n" : "set key below horizontal height 1 width 1\n");
    gp << "set format y '%g'\n";
    if (!is_text(t)) {
        gp << "set grid lc rgb 'gray85'\n";
    }
    const auto sz_used = sz.value_or(default_size(t, panels.size()));
    // files: one panel under the other, each as wide as the column; the terminal: side by side
    const bool stacked = stacks_panels(t);
    const int n = static_cast<int>(panels.size());
    const panel_room room{stacked ? sz_used.width : sz_used.width / n, stacked ? sz_used.height / n : sz_used.height,
                          is_text(t) ? 1 : t == terminal::sixel ? 10 : font_size(sz_used.width)};
    for (auto const& frame : frames) {
        if (frame.size() != panels.size()) {
            throw plot_error("the frames of an animation must have the same panels");
        }
        if (frame.size() > 1) {
            gp << "set multiplot layout " << (stacked ? frame.size() : 1) << ',' << (stacked ? 1 : frame.size()) << '\n';
        }
        for (std::size_t k = 0; k < frame.size(); ++k) {
            write_panel(gp, frame[k], k, t, room);
        }
        if (frame.size() > 1) {
            gp << "unset multiplot\n";
        }
    }
}

std::string script(std::vector<figure> const& panels, terminal t, std::optional<size> sz)
{
    return animation_script({panels}, t, sz);
}

std::string animation_script(animation const& frames, terminal t, std::optional<size> sz)
{
    // gnuplot-iostream writes to a file descriptor: one in memory (no file in TMPDIR to fill)
    const int fd = ::memfd_create("smooth-plot", MFD_CLOEXEC);
    if (fd < 0) {
        throw plot_error(std::string("cannot make a buffer for the gnuplot script: ") + std::strerror(errno));
    }
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } const keep{fd};
    const int writer_fd = ::dup(fd);
    std::FILE* fh = writer_fd < 0 ? nullptr : ::fdopen(writer_fd, "w");
    if (fh == nullptr) {
        throw plot_error(std::string("cannot make a buffer for the gnuplot script: ") + std::strerror(errno));
    }
    {
        Gnuplot gp(fh); // takes the handle and closes it
        write_script(gp, frames, t, sz);
        if (!gp.flush()) {
            throw plot_error("cannot write the gnuplot script");
        }
    }
    std::string text;
    char buf[1 << 16];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw plot_error(std::string("cannot read the gnuplot script back: ") + std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        text.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
    return text;
}

namespace {

/// Why the figure gnuplot wrote into the regular file at fd is not whole ("" when it is): each
/// format has an end that a truncated file lacks (gnuplot does not report its write errors,
/// so a full disk leaves a figure cut short and an exit status of 0).
std::string incomplete(int fd, terminal t)
{
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return {}; // a device or a FIFO: written through, nothing to read back
    }
    if (st.st_size == 0) {
        return "gnuplot wrote nothing";
    }
    char tail[64] = {};
    const auto n = static_cast<std::size_t>(std::min<off_t>(st.st_size, sizeof tail));
    if (::pread(fd, tail, n, st.st_size - static_cast<off_t>(n)) != static_cast<ssize_t>(n)) {
        return std::string("it cannot be read back: ") + std::strerror(errno);
    }
    std::string_view end(tail, n);
    switch (t) {
    case terminal::svg:
        while (!end.empty() && (end.back() == '\n' || end.back() == '\r' || end.back() == ' ')) {
            end.remove_suffix(1);
        }
        return end.ends_with("</svg>") ? std::string() : "the SVG ends before its closing </svg> tag";
    case terminal::png:
        return end.ends_with(std::string_view("IEND\xae\x42\x60\x82", 8)) ? std::string()
                                                                            : "the PNG ends before its IEND chunk";
    case terminal::gif:
        return end.ends_with('\x3b') ? std::string() : "the GIF ends before its trailer";
    default:
        return {};
    }
}

} // namespace

void render(std::vector<figure> const& panels, std::filesystem::path const& file, std::optional<size> sz)
{
    render_animation({panels}, file, sz);
}

void render_animation(animation const& frames, std::filesystem::path const& file, std::optional<size> sz)
{
    const terminal t = terminal_for(file);
    try {
        // the project's one way to write an output file: whole or not at all, respecting what
        // is there (io::atomic_output); gnuplot draws into it through its standard output, so
        // no file name ever reaches gnuplot
        io::atomic_output out(file);
        const int fd = ::fileno(out.file());
        gnuplot_process gnuplot(fd);
        gnuplot.draw(frames, t, sz);
        gnuplot.finish();
        if (const auto why = incomplete(fd, t); !why.empty()) {
            throw plot_error(fmt::format("cannot write {}: {} (a full disk or a file size limit?); {}",
                                         io::shown(file.string(), 200), why,
                                         std::filesystem::exists(file) ? "the old figure is kept" : "no figure written"));
        }
        out.commit(); // renamed into place only now: whole, or the old figure stays
    } catch (io::input_error const& e) {
        throw plot_error(e.what());
    } catch (plot_error const& e) {
        const std::string what = e.what();
        if (what.starts_with("cannot write")) {
            throw;
        }
        throw plot_error(fmt::format("cannot draw {}: {}", io::shown(file.string(), 200), what));
    }
}

void render_text(std::vector<figure> const& panels, std::optional<size> sz, terminal t)
{
    std::cout.flush();
    std::fflush(stdout);
    gnuplot_process gnuplot;
    gnuplot.draw(panels, t, sz);
    gnuplot.finish();
}

terminal text_terminal()
{
    char const* term = std::getenv("TERM");
    char const* no_colour = std::getenv("NO_COLOR");
    const bool colour = ::isatty(STDOUT_FILENO) != 0 && term != nullptr && std::string_view(term) != "dumb" &&
                        *term != '\0' && (no_colour == nullptr || *no_colour == '\0');
    return colour ? terminal::ansi : terminal::dumb;
}

std::optional<size> terminal_size()
{
    if (::isatty(STDOUT_FILENO) == 0) {
        return std::nullopt;
    }
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 || ws.ws_row == 0) {
        return size{100, 30};
    }
    return size{ws.ws_col, ws.ws_row > 2 ? ws.ws_row - 2 : ws.ws_row};
}

} // namespace smooth::plot
