#define BOOST_TEST_MODULE plot
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <smooth/plot/figure.hpp>
#include <smooth/plot/gnuplot.hpp>
#include <smooth/plot/thin.hpp>

#include "cli_runner.hpp"

namespace plot = smooth::plot;

namespace {
plot::figure sample_figure()
{
    return {"a title", "t", "value", false,
            {{"raw", {1, 2, 3}, {1.5, NAN, 2.5}, plot::style::points}, {"line", {1, 2, 3}, {0.1, 0.2, 0.3}}},
            {{2.0, "marker"}}};
}
} // namespace

BOOST_AUTO_TEST_CASE(script_holds_the_data_inline)
{
    const auto s = plot::script(sample_figure(), plot::terminal::svg);
    BOOST_TEST(s.find("set terminal svg size 880,520 font 'Sans,12'") != std::string::npos); // a docs column
    BOOST_TEST(s.find("set output") == std::string::npos); // gnuplot draws to its standard output
    BOOST_TEST(s.find("title 'raw'") != std::string::npos);
    BOOST_TEST(s.find("1 1.5\n3 2.5\ne\n") != std::string::npos); // NaN left out (points), 17 digits, not scientific
    BOOST_TEST(s.find("0.10000000000000001") != std::string::npos);
    BOOST_TEST(s.find("set arrow 1 from 2, graph 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(png_and_svg_files_are_valid)
{
    scratch_dir dir;
    plot::render(sample_figure(), dir.file("f.png"));
    plot::render(sample_figure(), dir.file("f.svg"));
    BOOST_TEST(read_file(dir.file("f.png")).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    const auto svg = read_file(dir.file("f.svg"));
    BOOST_TEST(svg.find("<svg") != std::string::npos);
    BOOST_TEST(svg.find("</svg>") != std::string::npos);
    BOOST_TEST(svg.find("a title") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_format_comes_from_the_extension)
{
    BOOST_TEST((plot::terminal_for("x.png") == plot::terminal::png));
    BOOST_TEST((plot::terminal_for("x.svg") == plot::terminal::svg));
    BOOST_CHECK_THROW(plot::terminal_for("x.pdf"), plot::plot_error);
}

BOOST_AUTO_TEST_CASE(gnuplot_rejecting_a_script_is_reported)
{
    try {
        plot::run_gnuplot("plot undefined_function_here(x)\n");
        BOOST_FAIL("no error");
    } catch (plot::plot_error const& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("gnuplot failed: ") == 0U);
        BOOST_TEST(m.find("undefined") != std::string::npos, m);
    }
}

BOOST_AUTO_TEST_CASE(a_failed_render_leaves_no_file)
{
    scratch_dir dir;
    plot::figure empty{"nothing", "x", "y", false, {}, {}};
    BOOST_CHECK_THROW(plot::render(empty, dir.file("f.png")), plot::plot_error);
    BOOST_TEST(std::filesystem::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(contours_and_panels)
{
    plot::figure a = sample_figure();
    plot::contours c;
    c.x = {0, 1, 2};
    c.y = {0, 1, 2};
    for (const double y : c.y) {
        for (const double x : c.x) {
            c.z.push_back(x * x + y * y);
        }
    }
    c.levels = {1, 2, 4};
    a.surface = c;
    const auto s = plot::script({a, sample_figure()}, plot::terminal::png);
    // in a file one panel under the other, a column wide; in the terminal side by side
    BOOST_TEST(s.find("set terminal pngcairo size 880,860") != std::string::npos);
    BOOST_TEST(s.find("set multiplot layout 2,1") != std::string::npos);
    BOOST_TEST(plot::script({a, sample_figure()}, plot::terminal::dumb).find("set multiplot layout 1,2") !=
               std::string::npos);
    BOOST_TEST(s.find("set cntrparam levels discrete 1,2,4") != std::string::npos);
    BOOST_TEST(s.find("$contour0 using 1:2") != std::string::npos);
    // the axes span the grid: contours run to the frame, not to a stop inside it
    BOOST_TEST(s.find("set yrange [0:2]") != std::string::npos);
    BOOST_TEST(s.find("set xrange [0:2]") != std::string::npos);
    scratch_dir dir;
    plot::render({a, sample_figure()}, dir.file("two.png"));
    BOOST_TEST(std::filesystem::file_size(dir.file("two.png")) > 1000U);
}

BOOST_AUTO_TEST_CASE(thinning_keeps_the_peaks)
{
    plot::series s{"long", {}, {}, plot::style::lines};
    for (int i = 0; i < 100000; ++i) {
        s.x.push_back(i);
        s.y.push_back(std::sin(i * 0.001));
    }
    s.y[31337] = 50.0; // a single spike
    s.y[77777] = -40.0;
    const auto t = plot::thin(s, 4000);
    BOOST_TEST(t.x.size() <= 4000U);
    BOOST_TEST(t.x.size() >= 3000U);
    BOOST_TEST(*std::max_element(t.y.begin(), t.y.end()) == 50.0);
    BOOST_TEST(*std::min_element(t.y.begin(), t.y.end()) == -40.0);
    BOOST_TEST(std::is_sorted(t.x.begin(), t.x.end()));
    plot::series short_one{"short", {1, 2}, {3, 4}, plot::style::lines};
    BOOST_TEST(plot::thin(short_one).x.size() == 2U);
}

BOOST_AUTO_TEST_CASE(sampled_contours)
{
    const auto c = plot::sample_contours([](double x, double y) { return x * x + 4 * y * y; }, {-1, 1, 0, 2}, 5);
    BOOST_TEST(c.x.size() == 5U);
    BOOST_TEST(c.x[1] == -0.5);
    BOOST_TEST(c.y[4] == 2.0);
    BOOST_TEST(c.z.size() == 25U);
    BOOST_TEST(c.z[4 * 5 + 0] == 1.0 + 16.0); // (x0, y4): row-major by y
    BOOST_TEST(c.levels.size() == 12U);       // geometric between the grid's extremes
    BOOST_TEST(std::is_sorted(c.levels.begin(), c.levels.end()));
    BOOST_TEST(c.levels.back() < 17.0);
    BOOST_TEST(c.levels[1] / c.levels[0] == c.levels[2] / c.levels[1], boost::test_tools::tolerance(1e-12));
    const auto fixed = plot::sample_contours([](double, double) { return 1.0; }, {0, 1, 0, 1}, 2, {0.5, 2.0});
    BOOST_TEST(fixed.levels == std::vector<double>({0.5, 2.0}), boost::test_tools::per_element());
    BOOST_CHECK_THROW(plot::sample_contours([](double, double) { return 1.0; }, {0, 1, 0, 1}, 1), plot::plot_error);
}

// Security: text from a data file (a CSV header becomes a legend, a file name a title) must
// never make gnuplot run a command. gnuplot runs `...` inside double-quoted strings and a
// newline ends a command; each of these texts tries one of the two.
BOOST_AUTO_TEST_CASE(text_from_data_never_runs_a_command)
{
    scratch_dir dir;
    const std::string ran = dir.file("ran");
    const std::string backquote = "x`touch " + ran + "`";
    const std::string newline = "x'\nsystem('touch " + ran + "')\n#";
    const std::string dquote_newline = "x\"\nsystem(\"touch " + ran + "\")\n#";
    const std::string macro = "@x `touch " + ran + "`";
    for (std::string const& evil : {backquote, newline, dquote_newline, macro}) {
        plot::figure f{evil, evil, evil, false, {{evil, {1, 2}, {1, 2}}}, {{1.5, evil}}};
        const auto s = plot::script(f, plot::terminal::svg);
        // every line is either data, a command we made or a string holding the text whole
        BOOST_TEST(s.find(std::string("\nsystem(")) == std::string::npos, s);
        plot::render(f, dir.file("f.svg"));
        BOOST_TEST(!std::filesystem::exists(ran), "gnuplot ran a command from: " << evil);
        const auto svg = read_file(dir.file("f.svg"));
        BOOST_TEST(svg.find("touch") != std::string::npos); // the text is drawn as text
    }
}

BOOST_AUTO_TEST_CASE(control_characters_are_shown_escaped)
{
    plot::figure f{"a\tb\nc\x01" "d", "x", "y", false, {{"it's", {1, 2}, {1, 2}}}, {}};
    const auto s = plot::script(f, plot::terminal::svg);
    BOOST_TEST(s.find("set title 'a\\tb\\nc\\x01d'\n") != std::string::npos, s);
    BOOST_TEST(s.find("title 'it''s'") != std::string::npos);
}

// The figure's file name never reaches gnuplot: a name with a newline and a command in it
// is only a name. (The command has no slash, so it can be part of a file name: it would
// create "ran" in the current folder, which the test makes the scratch folder.)
BOOST_AUTO_TEST_CASE(a_file_name_never_runs_a_command)
{
    scratch_dir dir;
    const auto was = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    for (std::string const name : {"a'\nsystem('touch ran')\n'.svg", "b\"\nsystem(\"touch ran\")\n\".svg",
                                   "c`touch ran`.svg"}) {
        plot::render(sample_figure(), name);
        BOOST_TEST(!std::filesystem::exists("ran"), name);
        BOOST_TEST(read_file(name).find("</svg>") != std::string::npos);
    }
    std::filesystem::current_path(was);
}

// Thinning while the points stream: bounded memory whatever the length, the peaks kept, the
// order kept.
BOOST_AUTO_TEST_CASE(streaming_thinning_keeps_the_peaks_in_bounded_memory)
{
    plot::streaming_thin thin(4000);
    std::size_t most = 0;
    for (int i = 0; i < 1'000'000; ++i) {
        double y = std::sin(i * 0.0001);
        if (i == 123457) {
            y = 50.0;
        }
        if (i == 777777) {
            y = -40.0;
        }
        thin.push(i, y);
        most = std::max(most, thin.held());
    }
    BOOST_TEST(most <= 4000U); // buckets, two points each at most
    const auto s = thin.result("long", plot::style::lines);
    BOOST_TEST(s.x.size() <= 8000U);
    BOOST_TEST(s.x.size() >= 2000U);
    BOOST_TEST(*std::max_element(s.y.begin(), s.y.end()) == 50.0);
    BOOST_TEST(*std::min_element(s.y.begin(), s.y.end()) == -40.0);
    BOOST_TEST(std::is_sorted(s.x.begin(), s.x.end()));
    plot::streaming_thin small(4000);
    small.push(1, 2);
    small.push(2, 3);
    BOOST_TEST(small.result("s", plot::style::lines).x.size() == 2U);
}

namespace {
/// The environment variable set for a scope.
class scoped_env {
public:
    scoped_env(char const* name, std::string const& value) : name_(name)
    {
        if (char const* was = std::getenv(name)) {
            old_ = was;
        }
        ::setenv(name, value.c_str(), 1);
    }
    scoped_env(scoped_env const&) = delete;
    scoped_env& operator=(scoped_env const&) = delete;
    ~scoped_env()
    {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }

private:
    char const* name_;
    std::optional<std::string> old_;
};

std::string strip_ansi(std::string const& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
            i = s.find('m', i);
            if (i == std::string::npos) {
                break;
            }
            continue;
        }
        out += s[i];
    }
    return out;
}

/// What gnuplot draws for the panels on terminal t (its standard output, as a string).
std::string drawn(std::vector<plot::figure> const& panels, plot::terminal t, plot::size sz)
{
    scratch_dir dir;
    const auto path = dir.file("out");
    std::FILE* f = std::fopen(path.c_str(), "w");
    BOOST_REQUIRE(f != nullptr);
    {
        plot::gnuplot_process gnuplot(::fileno(f));
        gnuplot.draw(panels, t, sz);
        gnuplot.finish();
    }
    std::fclose(f);
    return read_file(path);
}
} // namespace

// One gnuplot kept open draws figure after figure (explore's frames); sync() returns once
// the figure is complete on gnuplot's output.
BOOST_AUTO_TEST_CASE(one_gnuplot_draws_figure_after_figure)
{
    scratch_dir dir;
    const auto path = dir.file("frames");
    std::FILE* f = std::fopen(path.c_str(), "w");
    BOOST_REQUIRE(f != nullptr);
    plot::gnuplot_process gnuplot(::fileno(f));
    gnuplot.draw({sample_figure()}, plot::terminal::dumb, plot::size{60, 20});
    gnuplot.sync();
    const auto first = read_file(path);
    BOOST_TEST(first.find("a title") != std::string::npos);
    auto second = sample_figure();
    second.title = "another title";
    gnuplot.draw({second}, plot::terminal::dumb, plot::size{60, 20});
    gnuplot.sync();
    const auto both = read_file(path);
    BOOST_TEST(both.size() > first.size());
    BOOST_TEST(both.find("another title") != std::string::npos);
    gnuplot.finish();
    std::fclose(f);
    BOOST_CHECK_THROW(gnuplot.draw({second}, plot::terminal::dumb), plot::plot_error);
}

// A gnuplot that dies while a large figure is still being sent: its message is reported, and
// the closed pipe does not kill this process with SIGPIPE (the test would die).
BOOST_AUTO_TEST_CASE(a_gnuplot_dying_mid_figure_is_reported_not_fatal)
{
    scratch_dir bin;
    const auto fake = bin.write("gnuplot", "#!/bin/sh\necho 'line 3: something broke' >&2\nexit 3\n");
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    const scoped_env path("PATH", bin.path().string());
    // a 600 x 600 grid: megabytes of inline data, far past what a pipe holds
    plot::figure big{"big", "x", "y", false, {{"s", {0, 1}, {0, 1}}}, {}};
    big.surface = plot::sample_contours([](double x, double y) { return x * x + y * y; }, {-1, 1, -1, 1}, 600);
    try {
        plot::render(big, bin.file("big.svg"));
        BOOST_FAIL("no error");
    } catch (plot::plot_error const& e) {
        // the figure's name, then gnuplot's own words
        BOOST_TEST(std::string(e.what()) == "cannot draw " + bin.file("big.svg") + ": gnuplot failed: line 3: something broke",
                   e.what());
    }
    BOOST_TEST(!std::filesystem::exists(bin.file("big.svg")));
}

// No temporary file anywhere: a TMPDIR that does not exist changes nothing.
BOOST_AUTO_TEST_CASE(no_temporary_files_between_a_figure_and_gnuplot)
{
    scratch_dir dir;
    const scoped_env tmp("TMPDIR", dir.file("no/such/folder"));
    const auto s = plot::script(sample_figure(), plot::terminal::svg);
    BOOST_TEST(s.find("</svg>") == std::string::npos);
    plot::render(sample_figure(), dir.file("f.svg"));
    BOOST_TEST(read_file(dir.file("f.svg")).find("</svg>") != std::string::npos);
}

// In colour, each series has its own colour and its own glyph; the contours are faint.
BOOST_AUTO_TEST_CASE(text_figures_in_colour)
{
    plot::figure f{"two methods", "step", "loss", false,
                   {{"gd", {0, 1, 2, 3}, {4, 3, 2, 1}}, {"momentum", {0, 1, 2, 3}, {4, 2, 1, 0.5}}}, {}};
    const auto script = plot::script(f, plot::terminal::ansi, plot::size{60, 20});
    BOOST_TEST(script.find("set terminal dumb size 60,20 ansi256") != std::string::npos);
    const auto out = drawn({f}, plot::terminal::ansi, plot::size{60, 20});
    BOOST_TEST(out.find("\x1b[38;5;") != std::string::npos); // 256-colour escapes
    // the two methods' house colours become two different terminal colours
    std::vector<std::string> colours;
    for (std::size_t at = 0; (at = out.find("\x1b[38;5;", at)) != std::string::npos; ++at) {
        colours.push_back(out.substr(at, out.find('m', at) - at));
    }
    std::sort(colours.begin(), colours.end());
    colours.erase(std::unique(colours.begin(), colours.end()), colours.end());
    BOOST_TEST(colours.size() >= 2U);
    const auto plain = strip_ansi(out);
    BOOST_TEST(plain.find("gd   *") != std::string::npos, plain);
    BOOST_TEST(plain.find("momentum   #") != std::string::npos, plain);
    BOOST_TEST(out.find("38;5;257") == std::string::npos); // (gnuplot's grey ramp overflows for light greys)
}

BOOST_AUTO_TEST_CASE(sixel_images)
{
    const auto out = drawn({sample_figure()}, plot::terminal::sixel, plot::size{300, 200});
    BOOST_TEST(out.rfind("\x1bPq", 0) == 0U); // a sixel image: DCS q
    BOOST_TEST(out.find("\"1;1;300;200") != std::string::npos);
    BOOST_TEST(out.find("\x1b\\") != std::string::npos); // and its end
}

// The text terminal: colour only for a terminal that is not TERM=dumb, without NO_COLOR.
BOOST_AUTO_TEST_CASE(colour_only_for_a_real_terminal)
{
    // standard output of a test is a pipe or a file: never colour
    BOOST_TEST((plot::text_terminal() == plot::terminal::dumb));
}

// Figure files are drawn for a docs column (880 px) with text of 12 px, larger in proportion
// when the figure is wider (a page shrinks it to the column); several panels one under the other.
BOOST_AUTO_TEST_CASE(files_are_drawn_for_the_column)
{
    BOOST_TEST(plot::font_size(880) == 12);
    BOOST_TEST(plot::font_size(600) == 12);
    BOOST_TEST(plot::font_size(1760) == 24);
    BOOST_TEST(plot::default_size(plot::terminal::svg).width == 880);
    BOOST_TEST(plot::default_size(plot::terminal::svg, 3).width == 880);
    BOOST_TEST(plot::default_size(plot::terminal::svg, 3).height == 3 * 430);
    BOOST_TEST(plot::default_size(plot::terminal::gif, 2).width == 880);
    BOOST_TEST(plot::stacks_panels(plot::terminal::png));
    BOOST_TEST(!plot::stacks_panels(plot::terminal::dumb));
    BOOST_TEST(!plot::stacks_panels(plot::terminal::sixel));
    const auto wide = plot::script(sample_figure(), plot::terminal::svg, plot::size{1760, 600});
    BOOST_TEST(wide.find("font 'Sans,24'") != std::string::npos);
    const auto gif = plot::script(sample_figure(), plot::terminal::gif);
    BOOST_TEST(gif.find("set terminal gif size 880,520 font 'Sans,12'") != std::string::npos, gif.substr(0, 300));
    scratch_dir dir;
    plot::render({sample_figure(), sample_figure()}, dir.file("two.svg"));
    const auto svg = read_file(dir.file("two.svg"));
    BOOST_TEST(svg.find("width=\"880\" height=\"860\"") != std::string::npos);
    BOOST_TEST(svg.find("font-size=\"12.00\"") != std::string::npos);
    BOOST_TEST(svg.find("font-size=\"10.00\"") == std::string::npos);
}

namespace {
/// The moves ('M') in the path gnuplot draws for plot number `n` of an SVG: one for the
/// legend's sample, then one for each piece of the line.
std::size_t moves_in_plot(std::string const& svg, int n)
{
    const auto at = svg.find("<g id=\"gnuplot_plot_" + std::to_string(n) + "\"");
    const auto path = svg.find("d='", svg.find("<path", at));
    const auto end = svg.find('\'', path + 3);
    return static_cast<std::size_t>(std::count(svg.begin() + static_cast<std::ptrdiff_t>(path),
                                                svg.begin() + static_cast<std::ptrdiff_t>(end), 'M'));
}
} // namespace

// A missing value (NaN) breaks a line: no line is drawn across a gap (airquality's Ozone,
// rows 23 to 80, had one straight line over them). Points just leave it out.
BOOST_AUTO_TEST_CASE(a_line_breaks_where_a_value_is_missing)
{
    const plot::figure f{"gaps", "t", "v", false,
                         {{"raw", {1, 2, 3, 4, 5}, {1, 2, NAN, 4, 5}, plot::style::points},
                          {"line", {1, 2, 3, 4, 5, 6}, {1, 2, NAN, NAN, 5, 6}},
                          {"dashed", {1, 2, 3}, {NAN, 2, 3}, plot::style::dashed}},
                         {}};
    const auto s = plot::script(f, plot::terminal::svg);
    BOOST_TEST(s.find("1 1\n2 2\n4 4\n5 5\ne\n") != std::string::npos, s);    // points: left out
    BOOST_TEST(s.find("1 1\n2 2\n\n5 5\n6 6\ne\n") != std::string::npos, s);  // a line: one break for the gap
    BOOST_TEST(s.find("e\n2 2\n3 3\ne\n") != std::string::npos, s);            // none before the first value
    scratch_dir dir;
    plot::render(f, dir.file("gaps.svg"));
    const auto svg = read_file(dir.file("gaps.svg"));
    BOOST_TEST(moves_in_plot(svg, 2) == 3U); // the legend's sample, then two pieces
    BOOST_TEST(moves_in_plot(svg, 3) == 2U); // the legend's sample, then one piece
}

// Several raw series are told apart: each in a lighter shade of its smoother's colour (smooth's
// "Ozone" and "Ozone_sma_10"), with a glyph of its own in the terminal. A raw series with no
// smoother of its own (a tutorial's samples under three averages) stays gray.
BOOST_AUTO_TEST_CASE(raw_series_take_their_smoothers_colour_lighter)
{
    const plot::figure f{"columns", "row", "value", false,
                         {{"Ozone", {1, 2}, {1, 2}, plot::style::points},
                          {"Wind", {1, 2}, {3, 4}, plot::style::points},
                          {"Ozone_sma_2", {1, 2}, {1, 2}},
                          {"Wind_sma_2", {1, 2}, {3, 4}}},
                         {}};
    const auto s = plot::script(f, plot::terminal::svg);
    // the lines take the palette (blue, vermillion); the samples a lighter shade of each
    BOOST_TEST(s.find("lc rgb '#0072B2' title 'Ozone_sma_2'") != std::string::npos, s);
    BOOST_TEST(s.find("lc rgb '#D55E00' title 'Wind_sma_2'") != std::string::npos, s);
    BOOST_TEST(s.find("pt 7 ps 0.5 lc rgb '#72B1D4' title 'Ozone'") != std::string::npos, s);
    BOOST_TEST(s.find("pt 7 ps 0.5 lc rgb '#E7A672' title 'Wind'") != std::string::npos, s);
    BOOST_TEST(s.find("gray50") == std::string::npos);
    const auto text = plot::script(f, plot::terminal::dumb, plot::size{80, 24});
    BOOST_TEST(text.find("pt '+' lc rgb '#72B1D4' title 'Ozone'") != std::string::npos, text);
    BOOST_TEST(text.find("pt 'x' lc rgb '#E7A672' title 'Wind'") != std::string::npos, text);
    const auto drawn_text = drawn({f}, plot::terminal::dumb, plot::size{80, 24});
    BOOST_TEST(drawn_text.find("Ozone   +") != std::string::npos, drawn_text);
    BOOST_TEST(drawn_text.find("Wind   x") != std::string::npos, drawn_text);
    // one sample series under lines that are not its own: gray, as before
    const auto one = plot::script(sample_figure(), plot::terminal::svg);
    BOOST_TEST(one.find("pt 7 ps 0.35 lc rgb 'gray50' title 'raw'") != std::string::npos, one);
    // "Ozone" is not the smoother of "Ozone2"
    const plot::figure near{"near", "x", "y", false,
                            {{"Ozone", {1, 2}, {1, 2}, plot::style::points}, {"Ozone2_sma_2", {1, 2}, {1, 2}}}, {}};
    BOOST_TEST(plot::script(near, plot::terminal::svg).find("lc rgb 'gray50' title 'Ozone'") != std::string::npos);
}

// No line lies on the frame: a linear y axis has 5 % of room above and below its data (and
// no more: not stretched to the next tick); bars stand on 0, the first and last off the sides.
BOOST_AUTO_TEST_CASE(room_around_the_data)
{
    const auto s = plot::script(sample_figure(), plot::terminal::svg);
    BOOST_TEST(s.find("set autoscale yfix\nset yrange [*:*]\nset offsets 0, 0, graph 0.05, graph 0.05\n") !=
               std::string::npos, s);
    const plot::figure bars{"bars", "i", "w", false, {{"w", {0, 1, 2}, {1.4, 0.9, 0.4}, plot::style::impulses}}, {}};
    const auto b = plot::script(bars, plot::terminal::svg);
    BOOST_TEST(b.find("set yrange [0:*]\nset offsets graph 0.02, graph 0.02, graph 0.05, 0\n") != std::string::npos, b);
    plot::figure logs = sample_figure();
    logs.log_y = true;
    BOOST_TEST(plot::script(logs, plot::terminal::svg).find("set offsets 0, 0, 0, 0\n") != std::string::npos);
    plot::figure fixed = sample_figure();
    fixed.y_range = std::pair{0.0, 1.0};
    BOOST_TEST(plot::script(fixed, plot::terminal::svg).find("set yrange [0:1]\n") != std::string::npos);
}

// A reference line's label goes where nothing is drawn under it: not on the markers at its
// level (tutorial 4's "50 %" under the beta 0.5 markers), and all labels on one side of their
// lines.
BOOST_AUTO_TEST_CASE(reference_labels_stay_clear_of_the_data)
{
    plot::figure f{"mass", "k", "mass", false,
                   {{"markers", {1, 2, 3}, {0.5, 0.9, 0.99}, plot::style::markers},
                    {"curve", {1, 2, 3, 100}, {0.5, 0.9, 0.99, 1.0}}},
                   {}};
    f.references = {{0.5, "50 %"}, {0.9, "90 %"}, {0.99, "99 %"}};
    const auto s = plot::script(f, plot::terminal::svg);
    // the left end is taken by the markers and the curve: the labels go right, under their lines
    BOOST_TEST(s.find("set label 100 '50 %' at graph 0.99, first 0.5 right offset 0,-0.75") != std::string::npos, s);
    BOOST_TEST(s.find("set label 101 '90 %' at graph 0.99, first 0.9 right offset 0,-0.75") != std::string::npos, s);
    BOOST_TEST(s.find("set label 102 '99 %' at graph 0.99, first 0.99 right offset 0,-0.75") != std::string::npos, s);
    // with nothing in the way: the left end, above the line
    plot::figure clear{"clear", "x", "y", false, {{"low", {0, 10}, {0, 2}}}, {}};
    clear.references = {{1.0, "one"}};
    BOOST_TEST(plot::script(clear, plot::terminal::svg).find("set label 100 'one' at graph 0.01, first 1 left offset 0,0.75") !=
               std::string::npos);
}

// Shaded intervals (missing weeks) behind the data, named once in the legend.
BOOST_AUTO_TEST_CASE(bands_are_shaded_and_named)
{
    plot::figure f = sample_figure();
    f.bands = {{1.5, 2.5}, {2.7, 2.9}};
    f.bands_label = "missing";
    const auto s = plot::script(f, plot::terminal::svg);
    BOOST_TEST(s.find("set object 1 rect from 1.5, graph 0 to 2.5, graph 1 behind") != std::string::npos, s);
    BOOST_TEST(s.find("set object 2 rect from 2.7, graph 0 to 2.9, graph 1") != std::string::npos, s);
    BOOST_TEST(s.find("keyentry with boxes fc rgb '#E8E8E8' fs solid 1.0 noborder title 'missing'") != std::string::npos);
    scratch_dir dir;
    plot::render(f, dir.file("bands.svg")); // gnuplot takes it
    BOOST_TEST(read_file(dir.file("bands.svg")).find("missing") != std::string::npos);
    // (not in text, where a filled rectangle would cover the data)
    BOOST_TEST(plot::script(f, plot::terminal::dumb).find("set object 1") == std::string::npos);
}
