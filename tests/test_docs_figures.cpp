#define BOOST_TEST_MODULE docs_figures
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
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

/// The digits and points starting at `at` ("" when none).
std::string number_at(std::string const& text, std::size_t at)
{
    std::size_t end = at;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) {
        ++end;
    }
    return text.substr(at, end - at);
}

/// The value of attribute `name` in the root <svg ...> element; negative when missing.
double svg_attribute(std::string const& svg, std::string const& name)
{
    const auto open = svg.find("<svg");
    if (open == std::string::npos) {
        return -1;
    }
    const std::string head = svg.substr(open, svg.find('>', open) - open);
    // (plain string search, not <regex>: GCC 12 warns inside <regex> under the asan preset)
    for (std::size_t at = head.find(name + "=\""); at != std::string::npos; at = head.find(name + "=\"", at + 1)) {
        if (at > 0 && (head[at - 1] == ' ' || head[at - 1] == '\t' || head[at - 1] == '\n')) {
            const std::string value = number_at(head, at + name.size() + 2);
            return value.empty() ? -1 : std::stod(value);
        }
    }
    return -1;
}

/// Every font size the SVG sets (attributes and style properties), in its own units (px).
std::vector<double> font_sizes(std::string const& svg)
{
    std::vector<double> out;
    for (std::size_t at = svg.find("font-size"); at != std::string::npos; at = svg.find("font-size", at + 1)) {
        std::size_t k = at + 9;
        const auto skip_blanks = [&] {
            while (k < svg.size() && (svg[k] == ' ' || svg[k] == '\t')) {
                ++k;
            }
        };
        skip_blanks();
        if (k >= svg.size() || (svg[k] != '=' && svg[k] != ':')) {
            continue;
        }
        ++k;
        skip_blanks();
        if (k < svg.size() && (svg[k] == '"' || svg[k] == '\'')) {
            ++k;
        }
        const std::string value = number_at(svg, k);
        if (!value.empty()) {
            out.push_back(std::stod(value));
        }
    }
    return out;
}

/// The targets of the Markdown images ![alt](target "title") in a text.
std::vector<std::string> image_targets(std::string const& text)
{
    std::vector<std::string> out;
    for (std::size_t at = text.find("!["); at != std::string::npos; at = text.find("![", at + 2)) {
        const auto close = text.find("](", at + 2);
        if (close == std::string::npos || text.find('\n', at) < close) {
            continue;
        }
        const auto start = close + 2;
        auto end = start;
        while (end < text.size() && text[end] != ')' && text[end] != ' ' && text[end] != '\n') {
            ++end;
        }
        if (end > start) {
            out.push_back(text.substr(start, end - start));
        }
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
    std::size_t seen = 0;
    for (auto const& page : pages) {
        const std::string text = slurp(page);
        for (auto const& target : image_targets(text)) {
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
    std::string shown; // the GIF README shows, without docs/figures/ and .gif
    for (auto const& target : image_targets(readme)) {
        if (target.rfind("docs/figures/", 0) == 0 && target.ends_with(".gif")) {
            shown = target.substr(13, target.size() - 13 - 4);
            break;
        }
    }
    BOOST_REQUIRE(!shown.empty());
    std::string command; // README's `descend ... --plot NAME.gif`
    for (std::size_t at = readme.find("`descend "); at != std::string::npos; at = readme.find("`descend ", at + 1)) {
        const auto end = readme.find('`', at + 1);
        const std::string inside = readme.substr(at + 9, end - at - 9);
        if (end != std::string::npos && inside.find("--plot ") != std::string::npos && inside.ends_with(".gif")) {
            command = inside;
            break;
        }
    }
    BOOST_REQUIRE_MESSAGE(!command.empty(), "README gives no descend command for its animation");
    std::istringstream words(command);
    std::vector<std::string> args;
    for (std::string w; words >> w;) {
        args.push_back(w);
    }
    args.insert(args.end(), {"--dump", "-o", "/dev/null"});
    const auto r = run_tool("descend", args);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string committed = slurp(root / "docs/figures" / (shown + ".gp"));
    BOOST_TEST(!committed.empty());
    BOOST_TEST((r.out == committed), "descend " << command << " makes a different animation from docs/figures/"
                                                << shown << ".gif (its script differs from the committed .gp)");
}
