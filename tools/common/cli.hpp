// What the command-line tools share: the error contract (usage errors exit 2, runtime
// errors exit 1, both as one line "TOOL: error: ..."), --help/--version, and --plot.
#ifndef SMOOTH_TOOLS_CLI_HPP
#define SMOOTH_TOOLS_CLI_HPP

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <smooth/io/atomic_output.hpp>
#include <smooth/io/csv_writer.hpp>
#include <smooth/io/table_reader.hpp>

#include <smooth/plot/figure.hpp>

namespace smooth::cli {

namespace po = boost::program_options;

/// A mistake on the command line: exit status 2 and a hint to --help.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The tool finished with a result that is not success (descend's divergence: exit 3).
class exit_with : public std::runtime_error {
public:
    exit_with(int status, std::string const& message) : std::runtime_error(message), status_(status) {}
    [[nodiscard]] int status() const { return status_; }

private:
    int status_;
};

/// Standard output was closed by its reader (| head): the tool stops quietly with 141.
class output_closed : public std::exception {
public:
    [[nodiscard]] char const* what() const noexcept override { return "standard output closed"; }
};

/// Runs body(); turns every exception into the error contract. Never lets one escape.
int run(char const* tool, std::function<int()> const& body);

/// Refuses (usage_error) an argument holding one of Boost.Program_options' message
/// placeholders ("%canonical_option%", ...): its error message would substitute the argument
/// into itself forever (Boost 1.74), a hang found by the fuzzer. Call before parsing.
void check_arguments(int argc, char** argv);

/// Handles --help and --version; returns true when the tool should exit 0 right away.
bool handle_info(char const* tool, po::variables_map const& vm, po::options_description const& options,
                 char const* usage);

/// --plot FILE|-, --size W,H, --dump.
struct plot_options {
    std::string target; ///< empty: no plot
    std::string size;
    std::string timeout;
    bool dump = false;
    bool sixel = false; ///< --plot - as a sixel image instead of text

    [[nodiscard]] bool wanted() const { return !target.empty(); }
    /// The figure goes to standard output (terminal drawing or --dump).
    [[nodiscard]] bool uses_stdout() const { return wanted() && (dump || target == "-"); }
};

void add_plot_options(po::options_description& options, plot_options& plot);

/// Checks the plot options before any work is done (usage errors). --dump alone becomes
/// --plot - --dump (the terminal figure's script).
void validate(plot_options& plot);

/// --size W,H: nullopt when empty; usage_error when not two counts up to 20000.
std::optional<plot::size> parse_size(std::string const& text);

/// The 50, 90 and 99 % points of an EMA's mass (the newest K terms that hold it), as markers
/// titled "beta B: K50, K90, K99 terms".
plot::series mass_points(double beta);

/// Draws the panels as the options say: the script on stdout (--dump), the terminal (-), or
/// a PNG/SVG file.
void emit(std::vector<plot::figure> const& panels, plot_options const& plot);

/// Draws an animation: an animated GIF for --plot FILE.gif (its script with --dump), and
/// for any other target the last frame as emit draws it.
void emit_animation(plot::animation const& frames, plot_options const& plot);

/// How a tool reads a table (smooth, explore smooth): --column, --index, --delimiter,
/// --header/--no-header, --na, and --all-columns where the tool smooths several columns.
struct table_reading {
    std::string column;
    std::string index;
    std::string delimiter;
    bool header = false;
    bool no_header = false;
    bool all_columns = false;
    std::vector<std::string> na;
};

void add_table_options(po::options_description& options, table_reading& reading, bool several_columns);

/// The reader's options from the command line; usage_error for contradictions and a bad
/// delimiter.
io::table_options table_options_from(table_reading const& reading, po::variables_map const& vm);

/// --digits N: N significant digits for people (1 to 17). Absent (0): the shortest form that
/// reads back as the same double.
void add_digits_option(po::options_description& options, std::string& text);
/// The --digits value, 0 when absent; usage_error for 0, more than 17 or not a number.
int parse_digits(std::string const& text);

/// Numbers as the tools write them (io/csv_writer.hpp).
using io::append_number;
using io::write_number;

/// A stdio stream that reports write errors (a full disk, a closed pipe) as runtime errors.
void write(std::FILE* out, std::string_view text);

/// Where a tool's CSV goes: -o FILE (appearing whole or not at all), -o - (standard output),
/// or without -o standard output, except when the figure takes it (--plot -, --dump) or when
/// a figure file is drawn and standard output is a terminal.
class csv_output {
public:
    csv_output(std::string const& path, plot_options const& plot);

    /// Writes the buffer out and empties it (just empties it when there is nowhere to write).
    void put(fmt::memory_buffer& buf);
    /// The same, once the buffer has grown large: call it after every row.
    void put_if_large(fmt::memory_buffer& buf)
    {
        if (buf.size() > (1 << 16)) {
            put(buf);
        }
    }
    /// Puts what is left and moves the file into place.
    void commit(fmt::memory_buffer& buf);

private:
    std::unique_ptr<io::atomic_output> file_;
    std::string name_; ///< -o FILE, for messages
    std::FILE* out_ = nullptr;
};

} // namespace smooth::cli

#endif
