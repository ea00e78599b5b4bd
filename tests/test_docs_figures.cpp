#define BOOST_TEST_MODULE docs_figures
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

// The figures the docs show, held to docs/figure-style.md's rules for the page: drawn at the
// width of a docs column (880 px), their text at least 11 px at that width; and every figure
// the docs reference exists. The figures are the committed files, read as a reader's browser
// gets them.
namespace fs = std::filesystem;

namespace {

constexpr double column_width = 880.0; // px: what a docs column shows
constexpr double smallest_text = 11.0; // px, at that width

std::string slurp(fs::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> files_with(fs::path const& dir, std::string const& ext)
{
    std::vector<fs::path> out;
    for (auto const& e : fs::directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ext) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The value of attribute `name` in the root <svg ...> element; negative when missing.
double svg_attribute(std::string const& svg, std::string const& name)
{
    const auto open = svg.find("<svg");
    if (open == std::string::npos) {
        return -1;
    }
    const std::string head = svg.substr(open, svg.find('>', open) - open);
    std::smatch m;
    if (std::regex_search(head, m, std::regex("\\s" + name + "=\"([0-9.]+)(px)?\""))) {
        return std::stod(m[1]);
    }
    return -1;
}

/// Every font size the SVG sets (attributes and style properties), in its own units (px).
std::vector<double> font_sizes(std::string const& svg)
{
    std::vector<double> out;
    static const std::regex size("font-size\\s*[=:]\\s*[\"']?([0-9.]+)");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), size); it != std::sregex_iterator(); ++it) {
        out.push_back(std::stod((*it)[1]));
    }
    return out;
}

} // namespace

// What the rules are checked against: the docs' figures are there.
BOOST_AUTO_TEST_CASE(the_docs_have_figures)
{
    BOOST_TEST(files_with(fs::path(SMOOTH_SOURCE_DIR) / "docs/figures", ".svg").size() >= 10U);
}

// Drawn at the column's width, so a figure is shown at the size it was drawn and its text at
// the size it was set: width 880. Every text at least 11 px once the figure is scaled to 880 px
// (a figure drawn wider is shown smaller).
BOOST_AUTO_TEST_CASE(every_svg_is_drawn_for_the_column)
{
    for (auto const& f : files_with(fs::path(SMOOTH_SOURCE_DIR) / "docs/figures", ".svg")) {
        const std::string svg = slurp(f);
        const std::string name = f.filename().string();
        const double width = svg_attribute(svg, "width");
        BOOST_TEST(width == column_width, name << ": drawn " << width << " px wide, the docs show it " << column_width);
        if (!(width > 0)) {
            continue;
        }
        const double scale = std::min(1.0, column_width / width);
        const auto sizes = font_sizes(svg);
        BOOST_TEST(!sizes.empty(), name << ": no font size set");
        const double smallest = sizes.empty() ? 0.0 : *std::min_element(sizes.begin(), sizes.end());
        BOOST_TEST(smallest * scale >= smallest_text, name << ": text of " << smallest << " px in a figure " << width
                                                          << " px wide is " << smallest * scale
                                                          << " px at the column's width (at least " << smallest_text
                                                          << ")");
    }
}

// An animation is a figure too: its frames drawn at the column's width (the GIF's logical
// screen, bytes 6-7, little-endian).
BOOST_AUTO_TEST_CASE(every_gif_is_drawn_for_the_column)
{
    for (auto const& f : files_with(fs::path(SMOOTH_SOURCE_DIR) / "docs/figures", ".gif")) {
        const std::string gif = slurp(f);
        BOOST_REQUIRE_MESSAGE(gif.size() > 10 && gif.rfind("GIF8", 0) == 0, f.filename() << " is not a GIF");
        const auto width = static_cast<unsigned char>(gif[6]) + 256 * static_cast<unsigned char>(gif[7]);
        BOOST_TEST(width == column_width, f.filename().string() << ": drawn " << width << " px wide");
    }
}

// Every image README.md and docs/**/*.md show exists, relative to the page that shows it.
BOOST_AUTO_TEST_CASE(every_referenced_figure_exists)
{
    const fs::path root = SMOOTH_SOURCE_DIR;
    std::vector<fs::path> pages{root / "README.md"};
    for (auto const& e : fs::recursive_directory_iterator(root / "docs")) {
        if (e.is_regular_file() && e.path().extension() == ".md") {
            pages.push_back(e.path());
        }
    }
    static const std::regex image("!\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");
    std::size_t seen = 0;
    for (auto const& page : pages) {
        const std::string text = slurp(page);
        for (auto it = std::sregex_iterator(text.begin(), text.end(), image); it != std::sregex_iterator(); ++it) {
            const std::string target = (*it)[1];
            if (target.find("://") != std::string::npos) {
                continue; // not ours
            }
            ++seen;
            BOOST_TEST(fs::exists(page.parent_path() / target),
                       fs::relative(page, root).string() << " shows " << target << ", which does not exist");
        }
    }
    BOOST_TEST(seen >= 20U); // the scan found the figures (the docs show more than 20)
}

// The animation README shows is the one its command makes: the command in README (`descend
// ... --plot NAME.gif`) writes, with --dump, the very script committed beside the GIF.
BOOST_AUTO_TEST_CASE(readme_command_makes_the_animation_shown)
{
    const fs::path root = SMOOTH_SOURCE_DIR;
    const std::string readme = slurp(root / "README.md");
    std::smatch shown;
    BOOST_REQUIRE(std::regex_search(readme, shown, std::regex("!\\[[^\\]]*\\]\\(docs/figures/([^)]+)\\.gif\\)")));
    std::smatch command;
    BOOST_REQUIRE_MESSAGE(std::regex_search(readme, command, std::regex("`descend ([^`]*--plot [^` ]+\\.gif)`")),
                          "README gives no descend command for its animation");
    std::istringstream words(command[1].str());
    std::vector<std::string> args;
    for (std::string w; words >> w;) {
        args.push_back(w);
    }
    args.insert(args.end(), {"--dump", "-o", "/dev/null"});
    const auto r = run_tool("descend", args);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string committed = slurp(root / "docs/figures" / (shown[1].str() + ".gp"));
    BOOST_TEST(!committed.empty());
    BOOST_TEST((r.out == committed), "descend " << command[1] << " makes a different animation from docs/figures/"
                                                << shown[1] << ".gif (its script differs from the committed .gp)");
}
