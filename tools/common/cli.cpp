#include "cli.hpp"

#include <smooth/lab/problems.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <new>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <smooth/ema_weights.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/plot/gnuplot.hpp>

namespace smooth::cli {

int run(char const* tool, std::function<int()> const& body)
{
    // A closed standard descriptor would be reused by the next open (a report written into
    // an output file): open each that is closed on /dev/null, as coreutils do.
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            const int opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (opened >= 0 && opened != fd) {
                ::dup2(opened, fd);
                ::close(opened);
            }
        }
    }
    // A closed pipe must be a write error we report, not a death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    // Ctrl-C, kill, a closed terminal: no hidden temporary file left behind.
    io::remove_temporaries_on_signals();
    try {
        const int status = body();
        if (std::fflush(stdout) != 0) {
            if (errno == EPIPE) {
                throw output_closed();
            }
            throw io::input_error(std::string("cannot write to standard output: ") + std::strerror(errno));
        }
        return status;
    } catch (output_closed const&) {
        // the reader went away (| head): stop quietly, as a program killed by SIGPIPE would
        std::fclose(stdout);
        return 128 + SIGPIPE;
    } catch (po::error const& e) {
        std::fprintf(stderr, "%s: error: %s\nTry '%s --help' for more information.\n", tool, e.what(), tool);
        return 2;
    } catch (usage_error const& e) {
        std::fprintf(stderr, "%s: error: %s\nTry '%s --help' for more information.\n", tool, e.what(), tool);
        return 2;
    } catch (lab::choice_error const& e) { // a problem or a method's parameters, as chosen
        std::fprintf(stderr, "%s: error: %s\nTry '%s --help' for more information.\n", tool, e.what(), tool);
        return 2;
    } catch (exit_with const& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s: %s\n", tool, e.what());
        return e.status();
    } catch (std::bad_alloc const&) {
        std::fprintf(stderr, "%s: error: out of memory\n", tool);
        return 1;
    } catch (std::exception const& e) {
        std::fprintf(stderr, "%s: error: %s\n", tool, e.what());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "%s: error: unknown failure\n", tool);
        return 1;
    }
}

void check_arguments(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        // an empty name or delimiter would read as "not given" and be ignored without a word
        for (const std::string_view option : {"--plot", "--delimiter", "--column", "--index"}) {
            const bool empty_after = arg == option && i + 1 < argc && argv[i + 1][0] == '\0';
            const bool empty_joined = arg.size() == option.size() + 1 && arg.starts_with(option) && arg.back() == '=';
            if (empty_after || empty_joined) {
                throw usage_error(fmt::format("{} was given an empty value: {}", option,
                                              option == "--plot" ? "give FILE.png, FILE.svg, FILE.gif, or - for the terminal"
                                              : option == "--delimiter" ? "give ',', ';', tab or whitespace"
                                                                        : "give a column's name or number"));
            }
        }
        for (const std::string_view placeholder :
             {"%canonical_option%", "%option%", "%value%", "%prefix_option%", "%original_token%"}) {
            if (arg.find(placeholder) != std::string_view::npos) {
                throw usage_error(fmt::format("argument {} holds '{}', which the option parser cannot report: leave it out",
                                              i, placeholder));
            }
        }
    }
}

bool handle_info(char const* tool, po::variables_map const& vm, po::options_description const& options,
                 char const* usage)
{
    if (vm.count("help") != 0) {
        std::cout << usage << "\n\n" << options << '\n';
        return true;
    }
    if (vm.count("version") != 0) {
        std::cout << tool << " (smooth) " << SMOOTH_VERSION << '\n';
        return true;
    }
    return false;
}

void add_plot_options(po::options_description& options, plot_options& plot)
{
    options.add_options()
        ("plot", po::value(&plot.target)->value_name("FILE|-"),
         "draw a figure: FILE.png, FILE.svg, or - for the terminal")
        ("size", po::value(&plot.size)->value_name("W,H"),
         "figure size: pixels for files, characters for the terminal")
        ("dump", po::bool_switch(&plot.dump), "print the gnuplot script (data inline) instead of running gnuplot")
        ("sixel", po::bool_switch(&plot.sixel),
         "draw the terminal figure as a sixel image (xterm -ti vt340, mlterm, foot, WezTerm); implies --plot -")
        ("plot-timeout", po::value(&plot.timeout)->value_name("S"), "stop gnuplot after S seconds (default 120)");
}

std::optional<plot::size> parse_size(std::string const& text)
{
    if (text.empty()) {
        return std::nullopt;
    }
    const auto comma = text.find(',');
    if (comma == std::string::npos) {
        throw usage_error("--size takes W,H, got '" + text + "'");
    }
    try {
        const auto w = io::parse_count(text.substr(0, comma), "--size width");
        const auto h = io::parse_count(text.substr(comma + 1), "--size height");
        if (w > 20000 || h > 20000) {
            throw usage_error("--size " + text + " is too large (at most 20000,20000)");
        }
        return plot::size{static_cast<int>(w), static_cast<int>(h)};
    } catch (io::input_error const& e) {
        throw usage_error(e.what());
    }
}

plot::series mass_points(double beta)
{
    const auto sum = summarize_ema_weights(beta, 1);
    std::vector<double> at;
    std::vector<double> held;
    for (const std::size_t n : {sum.terms_50, sum.terms_90, sum.terms_99}) {
        at.push_back(static_cast<double>(n));
        held.push_back(ema_weight_sum(beta, n));
    }
    return {fmt::format("beta {:.4g}: {}, {}, {} terms", beta, sum.terms_50, sum.terms_90, sum.terms_99), at, held,
            plot::style::markers};
}

void validate(plot_options& plot)
{
    if (plot.sixel) {
        if (plot.wanted() && plot.target != "-") {
            throw usage_error("--sixel draws in the terminal: it goes with --plot -, not --plot " + io::shown(plot.target, 200));
        }
        plot.target.assign(1, '-');
    }
    if (!plot.wanted() && plot.dump) {
        plot.target.assign(1, '-'); // --dump alone: the terminal figure's script (as feedgnuplot); assign: GCC 12 warns falsely on = "-"
    }
    if (!plot.wanted()) {
        if (!plot.size.empty()) {
            throw usage_error("--size needs --plot");
        }
        if (!plot.timeout.empty()) {
            throw usage_error("--plot-timeout needs --plot");
        }
        return;
    }
    parse_size(plot.size);
    if (!plot.timeout.empty()) {
        try {
            plot::set_gnuplot_timeout(io::parse_number(plot.timeout, "--plot-timeout"));
        } catch (std::exception const& e) {
            throw usage_error(std::string("--plot-timeout: ") + e.what());
        }
    }
    if (plot.target != "-") {
        try {
            plot::terminal_for(plot.target);
        } catch (plot::plot_error const& e) {
            throw usage_error(e.what());
        }
    }
}

void emit(std::vector<plot::figure> const& panels, plot_options const& plot)
{
    const auto size = parse_size(plot.size);
    if (plot.target == "-") {
        const auto t = plot.sixel ? plot::terminal::sixel : plot::text_terminal();
        const auto sz = size ? size : plot.sixel ? std::nullopt : plot::terminal_size();
        if (plot.dump) {
            write(stdout, plot::script(panels, t, sz));
        } else {
            plot::render_text(panels, sz, t);
        }
        return;
    }
    if (plot.dump) {
        write(stdout, plot::script(panels, plot::terminal_for(plot.target), size));
        return;
    }
    plot::render(panels, plot.target, size);
}

void emit_animation(plot::animation const& frames, plot_options const& plot)
{
    if (plot.target == "-" || plot::terminal_for(plot.target) != plot::terminal::gif) {
        emit(frames.back(), plot);
        return;
    }
    const auto size = parse_size(plot.size);
    if (plot.dump) {
        write(stdout, plot::animation_script(frames, plot::terminal::gif, size));
        return;
    }
    plot::render_animation(frames, plot.target, size);
}

void add_table_options(po::options_description& options, table_reading& reading, bool several_columns)
{
    options.add_options()
        ("column", po::value(&reading.column)->value_name(several_columns ? "LIST" : "COLUMN"),
         several_columns ? "columns to smooth: names, numbers from 1, ranges (close,volume or 2-13); default: the first, or the first numeric one after an index column"
                         : "the column to smooth: a name or a number from 1; default: the first, or the first numeric one after an index column");
    if (several_columns) {
        options.add_options()("all-columns", po::bool_switch(&reading.all_columns), "smooth every numeric column");
    }
    options.add_options()
        ("index", po::value(&reading.index)->value_name("COLUMN"), "copy this column (name or number) through as the first output column, verbatim, never smoothed (default: a first column that looks like an index: dates, increasing whole numbers, or numbers increasing by a constant step as R writes a time)")
        ("delimiter", po::value(&reading.delimiter)->value_name("D"), "field delimiter: ',', ';', tab or whitespace (default: detected from the first line)")
        ("header", po::bool_switch(&reading.header), "the first line is a header")
        ("no-header", po::bool_switch(&reading.no_header), "the first line is data (default: a header only when it cannot be read as data)")
        ("na", po::value(&reading.na)->value_name("TOKEN")->composing(), "one more missing-value token, besides the empty field, nan, NA, N/A, null (repeatable)");
}

io::table_options table_options_from(table_reading const& reading, po::variables_map const& vm)
{
    if (reading.header && reading.no_header) {
        throw usage_error("--header and --no-header contradict each other");
    }
    if (reading.all_columns && !reading.column.empty()) {
        throw usage_error("--all-columns and --column: give one of them");
    }
    io::table_options table;
    if (vm.count("delimiter") != 0) {
        try {
            table.delimiter = io::parse_delimiter(reading.delimiter); // '' is refused there
        } catch (io::input_error const& e) {
            throw usage_error(e.what());
        }
    }
    table.header = reading.header ? io::header_mode::yes : reading.no_header ? io::header_mode::no : io::header_mode::detect;
    table.missing_tokens = reading.na;
    table.columns = reading.column;
    table.all_columns = reading.all_columns;
    table.index = reading.index;
    return table;
}

void add_digits_option(po::options_description& options, std::string& text)
{
    options.add_options()("digits", po::value(&text)->value_name("N"),
                          "write N significant digits (1-17; default: the shortest form that reads back as the same double)");
}

int parse_digits(std::string const& text)
{
    if (text.empty()) {
        return 0;
    }
    std::size_t d = 0;
    try {
        d = io::parse_count(text, "--digits");
    } catch (io::input_error const& e) {
        throw usage_error(e.what());
    }
    if (d > 17) {
        throw usage_error(fmt::format("--digits {}: at most 17 (17 digits already read back exactly)", text));
    }
    return static_cast<int>(d);
}

void write(std::FILE* out, std::string_view text)
{
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
        if (errno == EPIPE) {
            throw output_closed();
        }
        throw io::input_error(std::string("write error: ") + std::strerror(errno));
    }
}

csv_output::csv_output(std::string const& path, plot_options const& plot)
{
    if (!path.empty() && path != "-" && plot.wanted() && plot.target != "-" && !plot.dump) {
        // where each lands, whether or not it exists yet: ./a.png, sub/../a.png, an absolute
        // path and a dangling symlink to it are one file
        if (io::output_destination(path) == io::output_destination(plot.target)) {
            throw usage_error("-o " + io::shown(path, 200) + " and --plot " + io::shown(plot.target, 200) +
                              " name the same file: give the figure and the CSV different names");
        }
    }
    if (path == "-") {
        out_ = stdout; // forced, even beside a figure file
    } else if (!path.empty()) {
        file_ = std::make_unique<io::atomic_output>(path);
        name_ = path;
        out_ = file_->file();
    } else if (!plot.uses_stdout() && !(plot.wanted() && ::isatty(STDOUT_FILENO) != 0)) {
        // with a figure file and no -o, the CSV goes to standard output only when that is a
        // pipe or a file: it never floods the user's terminal
        out_ = stdout;
    }
}

void csv_output::put(fmt::memory_buffer& buf)
{
    if (out_ != nullptr) {
        if (file_) {
            if (std::fwrite(buf.data(), 1, buf.size(), out_) != buf.size()) {
                throw io::input_error("cannot write " + io::shown(name_, 200) + ": " + std::strerror(errno));
            }
        } else {
            write(out_, {buf.data(), buf.size()});
        }
    }
    buf.clear();
}

void csv_output::commit(fmt::memory_buffer& buf)
{
    put(buf);
    if (file_) {
        file_->commit();
    }
}

} // namespace smooth::cli
