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
        return fmt::format("set terminal gif {}size {},{} background rgb 'white'",
                           animate ? "animate delay 8 loop 0 optimize " : "", sz.width, sz.height);
    case terminal::png:
        return fmt::format("set terminal pngcairo size {},{} font 'Sans,10' background rgb 'white'",
                           sz.width, sz.height);
    case terminal::svg:
        return fmt::format("set terminal svg size {},{} font 'Sans,10' background rgb 'white'",
                           sz.width, sz.height);
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

/// A title as a gnuplot string expression, broken into lines at spaces where a text panel
/// `width` characters wide could not show it whole (0: never broken).
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
std::string with_clause(style how, std::size_t line_type, std::string const& colour)
{
    const std::string lc = colour.empty() ? std::string() : fmt::format(" lc rgb '{}'", colour);
    switch (how) {
    case style::points:
        return fmt::format("with points lt {} pt 7 ps 0.35 lc rgb 'gray50'", line_type);
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
/// (1342 writes a frame for explore weights, 70 ms a frame; buffered, 4).
void send_points(Gnuplot& gp, std::vector<std::pair<double, double>> const& points)
{
    for (auto const& [x, y] : points) {
        gp << x << ' ' << y << '\n';
    }
    gp << "e\n";
}

/// The (x, y) pairs gnuplot gets: finite points only (and positive y on a log scale: a loss
/// that reached 0 has no place there, and gnuplot cannot scale below about 1e-300), thinned
/// if long.
std::vector<std::pair<double, double>> points_of(series const& s, bool log_y)
{
    const series shown = thin(s);
    std::vector<std::pair<double, double>> pts;
    pts.reserve(shown.y.size());
    for (std::size_t i = 0; i < shown.y.size() && i < shown.x.size(); ++i) {
        if (std::isfinite(shown.x[i]) && std::isfinite(shown.y[i]) && (!log_y || shown.y[i] >= 1e-300)) {
            pts.emplace_back(shown.x[i], shown.y[i]);
        }
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

size default_size(terminal t, std::size_t panels)
{
    if (is_text(t)) {
        return size{100, 30};
    }
    return size{900 * static_cast<int>(std::max<std::size_t>(panels, 1)), 560};
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

void write_panel(Gnuplot& gp, figure const& fig, std::size_t k, terminal t, int width)
{
    const bool text = is_text(t);
    gp << "set title " << title_text(fig.title, text ? width : 0) << '\n';
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
    if (fig.y_range) {
        gp << fmt::format("set yrange [{}:{}]\n", fig.y_range->first, fig.y_range->second);
    } else if (fig.image) {
        gp << fmt::format("set yrange [{}:{}]\n", fig.image->y.front(), fig.image->y.back());
    } else {
        gp << "set yrange [*:*]\n";
    }
    gp << "unset arrow\nunset label\n";
    std::optional<double> x_step;
    if (text && !fig.ylabel.empty()) {
        // written horizontally left of the tick labels, with the room gnuplot does not leave
        const std::size_t ticks = tick_label_width(fig);
        gp << "set ylabel " << quoted(fig.ylabel) << fmt::format(" offset {},0\n", -static_cast<int>(fig.ylabel.size()));
        gp << fmt::format("set lmargin {}\n", fig.ylabel.size() + ticks + 3);
        if (!fig.time_x) {
            // as many x ticks as fit with room between them (gnuplot packs them: "-8-7 -6-5")
            x_step = text_x_step(fig, width - static_cast<int>(fig.ylabel.size() + ticks) - 6);
        }
    } else {
        gp << "set ylabel " << quoted(fig.ylabel) << "\nunset lmargin\n";
    }
    gp << (x_step ? fmt::format("set xtics {}\n", *x_step) : std::string("set xtics autofreq\n"));
    if (fig.x_range) {
        gp << fmt::format("set xrange [{}:{}]\n", fig.x_range->first, fig.x_range->second);
    } else if (fig.image) {
        gp << fmt::format("set xrange [{}:{}]\n", fig.image->x.front(), fig.image->x.back());
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
    for (std::size_t i = 0; i < fig.references.size(); ++i) {
        auto const& r = fig.references[i];
        const std::size_t id = 100 + i;
        gp << fmt::format("set arrow {} from graph 0, first {} to graph 1, first {} nohead dt 2 lw 1.5 lc rgb 'gray30'\n",
                          id, r.y, r.y);
        // (in text: on the line's right end, in front, or gnuplot draws over it)
        gp << fmt::format("set label {} {} at graph {}, first {} {} offset 0,{} {}tc rgb 'gray30'\n", id,
                          quoted(r.label), text ? 0.99 : 0.01, r.y, text ? "right" : "left", text ? 0 : 0.6,
                          text ? "front " : "");
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
            continue; // raw samples stay gray
        }
        while (next < std::size(palette) && std::find(colours.begin(), colours.end(), palette[next]) != colours.end()) {
            ++next;
        }
        colours[i] = next < std::size(palette) ? palette[next++] : "";
    }
    // In colour, gnuplot's text terminal draws every line with the same characters: each
    // line is drawn in its colour and its points again with the series' own glyph.
    const auto glyphed = [&](std::size_t i) {
        return t == terminal::ansi && (fig.lines[i].how == style::lines || fig.lines[i].how == style::dashed);
    };
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        if (glyphed(i)) {
            gp << sep << "'-' using 1:2 " << with_clause(fig.lines[i].how, i + 1, colours[i]) << " notitle, "
               << "'-' using 1:2 with points lt " << i + 1
               << (colours[i].empty() ? std::string() : " lc rgb '" + colours[i] + "'") << " pt '"
               << text_glyphs[i % std::size(text_glyphs)] << "' title " << quoted(fig.lines[i].title);
        } else {
            gp << sep << "'-' using 1:2 " << with_clause(fig.lines[i].how, i + 1, colours[i]) << " title "
               << quoted(fig.lines[i].title);
        }
        sep = ", ";
    }
    if (fig.minimum) {
        gp << sep << "'-' using 1:2 with points pt 3 ps 2.5 lw 2 lc rgb 'black' title 'minimum'";
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
    for (auto const& frame : frames) {
        if (frame.size() != panels.size()) {
            throw plot_error("the frames of an animation must have the same panels");
        }
        if (frame.size() > 1) {
            gp << "set multiplot layout 1," << frame.size() << '\n';
        }
        for (std::size_t k = 0; k < frame.size(); ++k) {
            write_panel(gp, frame[k], k, t, sz_used.width / static_cast<int>(frame.size()));
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
