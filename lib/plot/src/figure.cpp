#include <smooth/plot/figure.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gnuplot-iostream.h>

#include <smooth/io/atomic_output.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/plot/gnuplot.hpp>
#include <smooth/plot/thin.hpp>

#include "temporary_file.hpp"

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

std::string terminal_line(terminal t, size sz)
{
    switch (t) {
    case terminal::png:
        return fmt::format("set terminal pngcairo size {},{} font 'Sans,10' background rgb 'white'",
                           sz.width, sz.height);
    case terminal::svg:
        return fmt::format("set terminal svg size {},{} font 'Sans,10' background rgb 'white'",
                           sz.width, sz.height);
    case terminal::dumb:
        break;
    }
    return fmt::format("set terminal dumb size {},{}", sz.width, sz.height);
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
        return fmt::format("with points lt {} pt 7 ps 0.9{}", line_type, lc);
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

/// The (x, y) pairs gnuplot gets: finite points only, thinned if long.
std::vector<std::pair<double, double>> points_of(series const& s)
{
    const series shown = thin(s);
    std::vector<std::pair<double, double>> pts;
    pts.reserve(shown.y.size());
    for (std::size_t i = 0; i < shown.y.size() && i < shown.x.size(); ++i) {
        if (std::isfinite(shown.x[i]) && std::isfinite(shown.y[i])) {
            pts.emplace_back(shown.x[i], shown.y[i]);
        }
    }
    return pts;
}

/// A tick format that fits the span of a time axis.
std::string time_format(figure const& fig)
{
    double lo = INFINITY;
    double hi = -INFINITY;
    for (auto const& s : fig.lines) {
        for (const double x : s.x) {
            if (std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        }
    }
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
    throw plot_error("cannot tell the plot format of " + file.string() +
                     ": use a .png or .svg file name, or - for the terminal");
}

size default_size(terminal t, std::size_t panels)
{
    if (t == terminal::dumb) {
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
    gp << "$grid" << k << " << EOD\n";
    for (std::size_t j = 0; j < c.y.size(); ++j) {
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            gp << c.x[i] << ' ' << c.y[j] << ' ' << c.z[j * c.x.size() + i] << '\n';
        }
        gp << '\n';
    }
    gp << "EOD\n";
    gp << "set contour base\nunset surface\nset view map\nset cntrparam levels discrete ";
    for (std::size_t i = 0; i < c.levels.size(); ++i) {
        gp << (i == 0 ? "" : ",") << c.levels[i];
    }
    gp << "\nset table $contour" << k << "\nsplot $grid" << k << " using 1:2:3 with lines notitle\nunset table\n";
    gp << "unset contour\nset surface\n";
}

void write_panel(Gnuplot& gp, figure const& fig, std::size_t k, bool text)
{
    gp << "set title " << quoted(fig.title) << '\n';
    gp << "set xlabel " << quoted(fig.xlabel) << '\n';
    gp << "set ylabel " << quoted(fig.ylabel) << '\n';
    gp << (fig.log_y ? "set logscale y\n" : "unset logscale y\n");
    if (fig.time_x) {
        gp << "set xdata time\nset timefmt '%s'\nset format x " << quoted(time_format(fig)) << "\n";
    } else {
        gp << "unset xdata\nset format x '%g'\n";
    }
    // (character cells are not square: equal axes would only shrink a text figure)
    gp << (fig.equal_axes && !text ? "set size ratio -1\n" : "set size noratio\n");
    if (fig.y_range) {
        gp << fmt::format("set yrange [{}:{}]\n", fig.y_range->first, fig.y_range->second);
    } else {
        gp << "set yrange [*:*]\n";
    }
    gp << "unset arrow\nunset label\n";
    for (std::size_t i = 0; i < fig.markers.size(); ++i) {
        auto const& m = fig.markers[i];
        gp << fmt::format("set arrow {} from {}, graph 0 to {}, graph 1 nohead dt 3 lc rgb 'gray40'\n", i + 1,
                          m.x, m.x);
        gp << fmt::format("set label {} {} at {}, graph {} left offset 0.5,0\n", i + 1, quoted(m.label), m.x,
                          0.95 - 0.06 * static_cast<double>(i % 8));
    }
    for (std::size_t i = 0; i < fig.references.size(); ++i) {
        auto const& r = fig.references[i];
        const std::size_t id = 100 + i;
        gp << fmt::format("set arrow {} from graph 0, first {} to graph 1, first {} nohead dt 2 lw 1.5 lc rgb 'gray30'\n",
                          id, r.y, r.y);
        gp << fmt::format("set label {} {} at graph 0.01, first {} left offset 0,0.6 tc rgb 'gray30'\n", id,
                          quoted(r.label), r.y);
    }
    if (fig.lines.empty() && !fig.surface) {
        throw plot_error("figure \"" + fig.title + "\" has nothing to plot");
    }
    gp << "plot ";
    const char* sep = "";
    if (fig.surface) {
        // faint: gray lines in an image, dots in text (so the paths' own characters stand out)
        gp << "$contour" << k << " using 1:2 "
           << (text ? "with dots lc rgb 'gray70'" : "with lines lc rgb 'gray70'") << " title 'loss contours'";
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
    for (std::size_t i = 0; i < fig.lines.size(); ++i) {
        gp << sep << "'-' using 1:2 " << with_clause(fig.lines[i].how, i + 1, colours[i]) << " title "
           << quoted(fig.lines[i].title);
        sep = ", ";
    }
    if (fig.minimum) {
        gp << sep << "'-' using 1:2 with points pt 3 ps 2.5 lw 2 lc rgb 'black' title 'minimum'";
    }
    gp << '\n';
    for (auto const& s : fig.lines) {
        gp.send1d(points_of(s)); // the data block, closed by gnuplot's "e"
    }
    if (fig.minimum) {
        gp.send1d(std::vector<std::pair<double, double>>{*fig.minimum});
    }
}

} // namespace

std::string script(std::vector<figure> const& panels, terminal t, std::optional<size> sz)
{
    if (panels.empty()) {
        throw plot_error("nothing to plot");
    }
    // gnuplot-iostream writes to a file descriptor; a temporary file gives it one.
    const temporary_file file("smooth-plot-XXXXXX");
    {
        std::FILE* fh = std::fopen(file.path().c_str(), "w");
        if (fh == nullptr) {
            throw plot_error("cannot write " + file.path());
        }
        Gnuplot gp(fh); // takes the handle and closes it
        gp << std::defaultfloat << std::setprecision(17); // it forces 18-digit scientific
        gp << "# the figure goes to gnuplot's standard output: gnuplot THIS_FILE > FIGURE\n";
        gp << "set encoding utf8\n";
        gp << terminal_line(t, sz.value_or(default_size(t, panels.size()))) << '\n';
        gp << "set termoption noenhanced\n";
        for (std::size_t k = 0; k < panels.size(); ++k) {
            if (panels[k].surface) {
                write_contour_tables(gp, *panels[k].surface, k);
            }
        }
        // the house style (docs/figure-style.md): the palette, the legend below the plot,
        // plain tick labels
        for (std::size_t i = 0; i < std::size(palette); ++i) {
            gp << fmt::format("set linetype {} lc rgb '{}' lw 2\n", i + 1, palette[i]);
        }
        gp << "set key below horizontal\n";
        gp << "set format y '%g'\n";
        if (t != terminal::dumb) {
            gp << "set grid lc rgb 'gray85'\n";
        }
        if (panels.size() > 1) {
            gp << "set multiplot layout 1," << panels.size() << '\n';
        }
        for (std::size_t k = 0; k < panels.size(); ++k) {
            write_panel(gp, panels[k], k, t == terminal::dumb);
        }
        if (panels.size() > 1) {
            gp << "unset multiplot\n";
        }
    }
    return file.contents();
}

void render(std::vector<figure> const& panels, std::filesystem::path const& file, std::optional<size> sz)
{
    const terminal t = terminal_for(file);
    const std::string text = script(panels, t, sz); // a malformed figure fails before any file
    try {
        // the project's one way to write an output file: whole or not at all, respecting what
        // is there (io::atomic_output); gnuplot draws into it through its standard output, so
        // no file name ever reaches gnuplot
        io::atomic_output out(file);
        const int fd = ::fileno(out.file());
        run_gnuplot(text, fd);
        struct stat st{};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
            throw plot_error("gnuplot wrote nothing to " + file.string());
        }
        out.commit();
    } catch (io::input_error const& e) {
        throw plot_error(e.what());
    }
}

void render_text(std::vector<figure> const& panels, std::optional<size> sz)
{
    std::cout.flush();
    std::fflush(stdout);
    run_gnuplot(script(panels, terminal::dumb, sz));
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
