// Test helper: runs a real executable of the project with arguments, standard input and
// environment changes, and collects its exit status and output.
#ifndef SMOOTH_TESTS_CLI_RUNNER_HPP
#define SMOOTH_TESTS_CLI_RUNNER_HPP

#include <filesystem>
#include <string>
#include <vector>

struct command_result {
    int status = -1;     ///< exit status, or 128 + signal number when killed by a signal
    bool signaled = false;
    std::string out;
    std::string err;
    double peak_rss_mb = 0; ///< the child's peak resident memory
    double seconds = 0;     ///< wall time from start to exit
};

/// Runs SMOOTH_BIN_DIR/tool. env: "NAME=value" entries that replace the inherited ones.
command_result run_tool(std::string const& tool, std::vector<std::string> const& args,
                        std::string const& input = "", std::vector<std::string> const& env = {});

/// Runs a command line with bash (pipes, redirections, job control); returns its standard
/// output, and its exit status in `status` (-1 when it did not exit normally).
std::string run_shell(std::string const& command, int& status);

/// A fresh empty folder under the system's temporary folder, removed at scope exit.
class scratch_dir {
public:
    scratch_dir();
    scratch_dir(scratch_dir const&) = delete;
    scratch_dir& operator=(scratch_dir const&) = delete;
    ~scratch_dir();
    [[nodiscard]] std::filesystem::path const& path() const { return path_; }
    [[nodiscard]] std::string file(std::string const& name) const { return (path_ / name).string(); }
    /// Writes text into a file in the folder and returns its path.
    std::string write(std::string const& name, std::string const& text) const;

private:
    std::filesystem::path path_;
};

std::string read_file(std::string const& path);

/// The lines of a text, without their line ends.
std::vector<std::string> lines_of(std::string const& text);

/// A CSV field as a double (NaN when it is not a number).
double number(std::string const& text);

/// The comma-separated fields of a line.
std::vector<std::string> fields_of(std::string const& line);

/// What is wrong with a text figure (gnuplot's dumb terminal) `width` columns wide, as a
/// reader of an 80x24 terminal would see it; empty when nothing is. Checked: no line wider
/// than the terminal; each word of each title shown; the y label apart from the tick labels;
/// the x tick labels separate numbers, evenly spaced in each panel; no legend entry glued to
/// the next one.
std::string text_figure_faults(std::string const& text, std::size_t width, std::vector<std::string> const& titles,
                               std::vector<std::string> const& ylabels);

#endif
