#define BOOST_TEST_MODULE doc_snippets
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

// Every C++ block in README.md and docs/**/*.md must be, to the letter (up to indentation and
// trailing blanks), the snippet region of a program in docs/examples/, which ctest compiles
// and runs. So no snippet in the docs can stop compiling or go stale unnoticed.
namespace fs = std::filesystem;

namespace {

std::vector<std::string> read_lines(fs::path const& p)
{
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
            line.pop_back();
        }
        lines.push_back(line);
    }
    return lines;
}

/// The lines joined, with their common indentation removed.
std::string dedent(std::vector<std::string> const& lines)
{
    std::size_t indent = std::string::npos;
    for (auto const& l : lines) {
        if (!l.empty()) {
            indent = std::min(indent, l.find_first_not_of(' '));
        }
    }
    std::string out;
    for (auto const& l : lines) {
        out += (l.empty() ? l : l.substr(indent)) + "\n";
    }
    return out;
}

struct block {
    std::string where;
    std::string text;
};

std::vector<block> cpp_blocks(fs::path const& md)
{
    std::vector<block> out;
    const auto lines = read_lines(md);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i] == "```cpp" || lines[i] == "```c++") {
            std::vector<std::string> body;
            std::size_t j = i + 1;
            for (; j < lines.size() && lines[j] != "```"; ++j) {
                body.push_back(lines[j]);
            }
            out.push_back({md.string() + ":" + std::to_string(i + 1), dedent(body)});
            i = j;
        }
    }
    return out;
}

/// The "// [snippet]" ... "// [end snippet]" regions of a program, dedented, in order.
std::vector<std::string> snippet_regions(fs::path const& program)
{
    std::vector<std::string> regions;
    std::vector<std::string> body;
    bool inside = false;
    for (auto const& l : read_lines(program)) {
        const auto trimmed = l.substr(std::min(l.size(), l.find_first_not_of(' ')));
        if (trimmed == "// [snippet]") {
            inside = true;
            body.clear();
        } else if (trimmed == "// [end snippet]") {
            inside = false;
            regions.push_back(dedent(body));
        } else if (inside) {
            body.push_back(l);
        }
    }
    return regions;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_cpp_block_is_a_compiled_example)
{
    const fs::path root = SMOOTH_SOURCE_DIR;
    std::map<std::string, std::string> regions; // text -> example file
    for (auto const& e : fs::directory_iterator(root / "docs" / "examples")) {
        if (e.path().extension() != ".cpp") {
            continue;
        }
        for (auto const& text : snippet_regions(e.path())) {
            regions[text] = e.path().filename().string();
        }
    }
    std::vector<fs::path> docs{root / "README.md"};
    for (auto const& e : fs::recursive_directory_iterator(root / "docs")) {
        if (e.path().extension() == ".md") {
            docs.push_back(e.path());
        }
    }
    std::size_t blocks = 0;
    std::map<std::string, int> used;
    for (auto const& md : docs) {
        for (auto const& b : cpp_blocks(md)) {
            ++blocks;
            const auto it = regions.find(b.text);
            BOOST_TEST((it != regions.end()), b.where << ": this C++ block is no snippet of docs/examples/*.cpp");
            if (it != regions.end()) {
                ++used[it->second];
            }
        }
    }
    BOOST_TEST(blocks >= 10U); // the docs do show code
    for (auto const& [text, file] : regions) {
        BOOST_TEST(used.count(file) == 1U, "docs/examples/" << file << ": its snippet is shown nowhere");
    }
}

// Every usage example in a public header's opening comment (a run of lines indented past
// "//" by three spaces or more that names smooth::) is a region of tests/header_examples.cpp,
// which ctest compiles and runs, checking what the example's comments claim. So no header
// shows code that does not compile, and every region is shown by some header.
BOOST_AUTO_TEST_CASE(every_header_example_is_compiled)
{
    const fs::path root = SMOOTH_SOURCE_DIR;
    std::map<std::string, int> regions; // text -> how many headers show it
    for (auto const& text : snippet_regions(root / "tests" / "header_examples.cpp")) {
        regions[text] = 0;
    }
    std::size_t examples = 0;
    for (const char* dir : {"lib/include", "lib/io/include", "lib/plot/include", "lib/lab/include"}) {
        for (auto const& e : fs::recursive_directory_iterator(root / dir)) {
            if (e.path().extension() != ".hpp" || e.path().string().find("/detail/") != std::string::npos) {
                continue;
            }
            std::vector<std::vector<std::string>> blocks(1);
            for (auto const& l : read_lines(e.path())) {
                if (!l.starts_with("//")) {
                    break; // the opening comment ends
                }
                if (l.starts_with("//   ")) {
                    blocks.back().push_back(l.substr(2));
                } else if (!blocks.back().empty()) {
                    blocks.emplace_back();
                }
            }
            for (auto const& b : blocks) {
                const bool code = std::any_of(b.begin(), b.end(), [](std::string const& l) { return l.find("smooth::") != std::string::npos; });
                if (!code) {
                    continue; // a formula or a table
                }
                ++examples;
                const auto it = regions.find(dedent(b));
                BOOST_TEST((it != regions.end()), e.path().string() << ": this example is no region of tests/header_examples.cpp:\n"
                                                                     << dedent(b));
                if (it != regions.end()) {
                    ++it->second;
                }
            }
        }
    }
    BOOST_TEST(examples >= 10U);
    for (auto const& [text, shown] : regions) {
        BOOST_TEST(shown > 0, "tests/header_examples.cpp: this region is shown by no header:\n" << text);
    }
}

// The command transcripts in the docs ("    $ command" followed by its output, indented) are
// run for real with the built tools on PATH, and must print exactly what the docs show.
BOOST_AUTO_TEST_CASE(every_transcript_prints_what_the_docs_show)
{
    const fs::path root = SMOOTH_SOURCE_DIR;
    const std::string path = std::string(SMOOTH_BIN_DIR) + ":" + std::getenv("PATH");
    ::setenv("PATH", path.c_str(), 1);
    std::size_t transcripts = 0;
    for (auto const& e : fs::recursive_directory_iterator(root / "docs")) {
        if (e.path().extension() != ".md") {
            continue;
        }
        const auto lines = read_lines(e.path());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].rfind("    $ ", 0) != 0) {
                continue;
            }
            const std::string command = lines[i].substr(6);
            std::string expected;
            std::size_t j = i + 1;
            for (; j < lines.size() && lines[j].rfind("    ", 0) == 0 && lines[j].rfind("    $ ", 0) != 0; ++j) {
                expected += lines[j].substr(4) + "\n";
            }
            std::string got;
            // run from the source tree, so that data/ is where the docs say
            std::FILE* pipe = ::popen(("cd " + root.string() + " && ( " + command + " ) 2>&1").c_str(), "r");
            BOOST_TEST_REQUIRE(pipe != nullptr);
            char buffer[4096];
            for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
                got.append(buffer, n);
            }
            const int status = ::pclose(pipe);
            ++transcripts;
            BOOST_TEST(status == 0, e.path().string() << ":" << i + 1 << ": " << command);
            BOOST_TEST(got == expected, e.path().string() << ":" << i + 1 << ": " << command);
            i = j - 1;
        }
    }
    BOOST_TEST(transcripts >= 3U);
}

namespace {

/// A command line shown in the docs that runs one of the four tools: a README ```sh line, or
/// an indented docs line, starting with the tool or piping into it (comments left out).
bool runs_a_tool(std::string const& line)
{
    if (line.empty() || line[0] == '#') {
        return false;
    }
    for (std::string const tool : {"smooth ", "ema-weights ", "descend ", "explore "}) {
        if (line.rfind(tool, 0) == 0) {
            return true; // the line starts with the tool
        }
        for (std::size_t at = line.find('|'); at != std::string::npos; at = line.find('|', at + 1)) {
            const auto next = line.find_first_not_of(' ', at + 1);
            if (next != std::string::npos && line.compare(next, tool.size(), tool) == 0) {
                return true; // piped into the tool
            }
        }
    }
    return false;
}

} // namespace

// README's first command builds every tool the docs use (the tutorials workflow's build step
// names each), and every tool command README and docs/ show runs as shown (exit 0), with the
// built tools on PATH as README says, from a scratch folder that has the repository's data/
// (the files the commands write land there). Before, the Quick start built no tool and README
// smoothed a prices.txt that nobody had.
BOOST_AUTO_TEST_CASE(every_tool_command_the_docs_show_runs)
{
    const fs::path root = SMOOTH_SOURCE_DIR;
    std::ifstream presets_file(root / "CMakePresets.json");
    const std::string presets((std::istreambuf_iterator<char>(presets_file)), std::istreambuf_iterator<char>());
    const auto tutorials = presets.find("\"name\": \"tutorials\",\n      \"configurePreset\"");
    BOOST_TEST_REQUIRE(tutorials != std::string::npos);
    const auto block = presets.substr(tutorials, presets.find(']', tutorials) - tutorials);
    for (char const* target : {"\"smooth_tool\"", "\"ema-weights\"", "\"descend\"", "\"explore\"", "\"tutorials\""}) {
        BOOST_TEST(block.find(target) != std::string::npos, "the tutorials build preset lacks " << target);
    }
    const auto readme = read_lines(root / "README.md");
    BOOST_TEST((std::find_if(readme.begin(), readme.end(), [](std::string const& line) {
                    return line.find("`export PATH=\"$PWD/build/default/bin:$PATH\"`") != std::string::npos;
                }) != readme.end()),
               "README says how to call the tools");

    std::vector<std::pair<std::string, std::string>> commands; // where, command
    bool in_sh = false;
    for (std::size_t i = 0; i < readme.size(); ++i) {
        if (readme[i].rfind("```", 0) == 0) {
            in_sh = readme[i] == "```sh";
            continue;
        }
        if (in_sh && runs_a_tool(readme[i])) {
            commands.emplace_back("README.md:" + std::to_string(i + 1), readme[i]);
        }
    }
    for (auto const& e : fs::recursive_directory_iterator(root / "docs")) {
        if (e.path().extension() != ".md" || e.path().filename() == "performance.md") {
            continue; // performance.md's commands are the benchmarks' (minutes each, not CI)
        }
        const auto lines = read_lines(e.path());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].rfind("    ", 0) != 0) {
                continue;
            }
            std::string line = lines[i].substr(lines[i].find_first_not_of(' '));
            if (line.rfind("$ ", 0) == 0) {
                line = line.substr(2);
            }
            if (runs_a_tool(line)) {
                commands.emplace_back(e.path().filename().string() + ":" + std::to_string(i + 1), line);
            }
        }
    }
    const fs::path scratch = fs::temp_directory_path() / ("smooth-doc-commands-" + std::to_string(::getpid()));
    fs::create_directories(scratch);
    fs::create_directory_symlink(root / "data", scratch / "data");
    const std::string path = std::string(SMOOTH_BIN_DIR) + ":" + std::getenv("PATH");
    for (auto const& [where, command] : commands) {
        std::string quoted; // the command as one single-quoted word
        for (const char c : command) {
            quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        const std::string line = "cd '" + scratch.string() + "' && PATH='" + path + "' timeout 120 sh -c '" + quoted +
                                 "' < /dev/null > /dev/null 2>&1";
        const int status = std::system(line.c_str());
        BOOST_TEST(status == 0, where << ": " << command << " (status " << status << ")");
    }
    fs::remove_all(scratch);
    BOOST_TEST(commands.size() >= 15U);
    BOOST_TEST_MESSAGE(commands.size() << " tool commands from README and docs/ run");
}
