#define BOOST_TEST_MODULE cli_bad_input
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "cli_runner.hpp"

// Every case: the exit status, the one-line message, no signal death, and no output file
// left behind (or an existing one left unchanged).
namespace {

struct bad_case {
    std::string name;
    std::string tool;
    std::vector<std::string> args;
    std::string input;
    int status;
    std::string message; ///< must appear on stderr
};

std::vector<std::string> entries(std::filesystem::path const& dir)
{
    std::vector<std::string> out;
    for (auto const& e : std::filesystem::directory_iterator(dir)) {
        out.push_back(e.path().filename().string());
    }
    return out;
}

void check(bad_case const& c, std::vector<std::string> const& env = {})
{
    BOOST_TEST_CONTEXT(c.name)
    {
        scratch_dir dir;
        const std::string out = dir.file("out.csv");
        auto args = c.args;
        args.insert(args.end(), {"-o", out});
        const auto r = run_tool(c.tool, args, c.input, env);
        BOOST_TEST(!r.signaled);
        BOOST_TEST(r.status == c.status);
        BOOST_TEST(r.err.find(c.tool + ": error: ") == 0U, r.err);
        BOOST_TEST(r.err.find(c.message) != std::string::npos, r.err);
        if (c.status == 2) {
            BOOST_TEST(r.err.find("--help") != std::string::npos);
        }
        BOOST_TEST(entries(dir.path()).empty()); // no out.csv, no temporary file
    }
}

const std::string big_line(std::size_t n, char c)
{
    return std::string(n, c) + "\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(smooth_input_errors)
{
    const std::vector<bad_case> cases{
        {"empty input", "smooth", {"--sma", "2"}, "", 1, "-: no samples in the input"},
        {"only comments and blanks", "smooth", {"--sma", "2"}, "# nothing\n\n", 1, "no samples"},
        {"only a header", "smooth", {"--sma", "2"}, "date,close\n", 1, "no samples"},
        {"text where a number belongs", "smooth", {"--sma", "2"}, "1\n2\nabc\n", 1, "-:3:1: 'abc' is not a number"},
        {"text in a CSV field", "smooth", {"--sma", "2", "--column", "b"}, "a,b\n1,2\n3, x\n", 1,
         "-:3:4: 'x' is not a number"},
        {"nan with a payload", "smooth", {"--sma", "2"}, "1\nnan(7)\n", 1, "-:2:1: 'nan(7)' is not a number"},
        {"1e400", "smooth", {"--sma", "2"}, "1e400\n", 1, "-:1:1: '1e400' is out of the range of a double"},
        {"1e400 later", "smooth", {"--sma", "2"}, "1\n1e400\n", 1, "-:2:1: '1e400' is out of the range of a double"},
        {"a first line that only looks like numbers", "smooth", {"--sma", "2"}, "1e\n2\n", 1, "-:1:1: '1e' is not a number"},
        {"hex", "smooth", {"--sma", "2"}, "0x1p3\n2\n", 1, "-:1:1: '0x1p3' is not a number"},
        {"two signs", "smooth", {"--sma", "2"}, "1\n+-3\n", 1, "-:2:1: '+-3' is not a number"},
        {"a quoted field never closed", "smooth", {"--sma", "2"}, "x\n1\n\"2\n3\n", 1,
         "-:3:1: a quoted field that is never closed"},
        {"ragged CSV rows", "smooth", {"--sma", "2"}, "a,b\n1,2\n3\n", 1,
         "-:3: 1 field where line 1 has 2 (fields split at commas, the delimiter detected from the first line); every "
         "line needs as many fields: if the split is wrong, give --delimiter"},
        {"binary garbage", "smooth", {"--sma", "2"}, std::string("1\n\x01\x02\0\xff\n", 7), 1,
         "-:2:3: binary data (a NUL byte)"},
        {"a 1 MiB line", "smooth", {"--sma", "2"}, big_line((1 << 20) + 10, 'x'), 1, "-:1: a record longer than 1048576 bytes"},
        {"a million digits", "smooth", {"--sma", "2"}, big_line(1000000, '7'), 1, "is out of the range of a double"},
        {"a missing value", "smooth", {"--sma", "2"}, "1\nnan\n", 1, "-:2: missing value in column 'x' (use --missing skip"},
        {"an empty field is missing too", "smooth", {"--sma", "2", "--column", "2"}, "a,b\n1,2\n3,\n", 1,
         "-:3: missing value"},
    };
    for (auto const& c : cases) {
        check(c);
    }
}

BOOST_AUTO_TEST_CASE(smooth_usage_errors)
{
    const std::vector<bad_case> cases{
        {"beta 1", "smooth", {"--ema", "1"}, "1\n", 2, "--ema 1: beta must be in [0, 1), got 1"},
        {"beta -0.1", "smooth", {"--ema-corrected", "-0.1"}, "1\n", 2, "beta must be in [0, 1), got -0.1"},
        {"beta=nan", "smooth", {"--ema", "beta=nan"}, "1\n", 2, "beta 'nan' is not a finite number"},
        {"alpha 0", "smooth", {"--ema-first", "alpha=0"}, "1\n", 2, "alpha must be in (0, 1], got 0"},
        {"a decay spelled wrong", "smooth", {"--ema", "gamma=3"}, "1\n", 2, "a decay is beta, alpha=A"},
        {"sma 0", "smooth", {"--sma", "0"}, "1\n", 2, "--sma must be a whole number >= 1, got '0'"},
        {"sma -3", "smooth", {"--sma", "-3"}, "1\n", 2, "--sma"},
        {"sma 2.5", "smooth", {"--sma", "2.5"}, "1\n", 2, "--sma must be a whole number >= 1, got '2.5'"},
        {"min-periods above the window", "smooth", {"--sma", "3", "--min-periods", "4"}, "1\n", 2,
         "--min-periods 4 is larger than the --sma 3 window"},
        {"no smoother", "smooth", {}, "1\n", 2, "no smoother"},
        {"an unknown option", "smooth", {"--sma", "2", "--frobnicate"}, "1\n", 2, "unrecognised option '--frobnicate'"},
        {"an option without its value", "smooth", {"--sma"}, "1\n", 2, "the required argument for option '--sma' is missing"},
        {"a bad --missing", "smooth", {"--sma", "2", "--missing", "maybe"}, "1\n", 2, "--missing takes error, skip or decay"},
        {"column 0", "smooth", {"--sma", "2", "--column", "0"}, "1\n", 2, "column numbers count from 1"},
        {"two input files", "smooth", {"--sma", "2", "a", "b"}, "", 2, "one input file at most"},
        {"a plot format gnuplot cannot name", "smooth", {"--sma", "2", "--plot", "x.jpg"}, "1\n", 2,
         "cannot tell the plot format of x.jpg"},
        {"a missing column", "smooth", {"--sma", "2", "--column", "volume"}, "date,close\n1,2\n", 2,
         "--column volume: no such column; the columns are: date (1), close (2)"},
        {"a column number past the end", "smooth", {"--sma", "2", "--column", "3"}, "a,b\n1,2\n", 2,
         "--column 3: there are only 2 columns"},
        {"a column name without a header", "smooth", {"--sma", "2", "--column", "close"}, "1\n2\n", 2,
         "has no header line"},
        {"a range backwards", "smooth", {"--sma", "2", "--column", "3-2"}, "a,b,c\n1,2,3\n", 2,
         "--column 3-2: a range runs upwards (try 2-3)"},
        {"an unknown --index", "smooth", {"--sma", "2", "--index", "when"}, "a,b\n1,2\n", 2, "--index when: no such column"},
        {"an unknown delimiter", "smooth", {"--sma", "2", "--delimiter", "|"}, "1\n", 2,
         "--delimiter takes ',', ';', tab or whitespace, got '|'"},
        {"--digits 0", "smooth", {"--sma", "2", "--digits", "0"}, "1\n", 2, "--digits must be a whole number >= 1"},
        {"--digits 40", "smooth", {"--sma", "2", "--digits", "40"}, "1\n", 2, "--digits 40: at most 17"},
        {"--header and --no-header", "smooth", {"--sma", "2", "--header", "--no-header"}, "1\n", 2, "contradict"},
        {"--all-columns and --column", "smooth", {"--sma", "2", "--all-columns", "--column", "1"}, "1\n", 2,
         "give one of them"},
        {"a bad --size", "smooth", {"--sma", "2", "--plot", "-", "--size", "80x20"}, "1\n", 2, "--size takes W,H"},
    };
    for (auto const& c : cases) {
        check(c);
    }
}

BOOST_AUTO_TEST_CASE(smooth_files)
{
    scratch_dir other;
    check({"a missing file", "smooth", {"--sma", "2", other.file("absent.txt")}, "", 1,
           "cannot read " + other.file("absent.txt") + ": No such file or directory"});
    check({"a directory as the file", "smooth", {"--sma", "2", other.path().string()}, "", 1, "it is a directory"});

    // an unwritable -o path: a folder that does not exist
    const auto r = run_tool("smooth", {"--sma", "2", "-o", other.file("no/such/dir/out.csv")}, "1\n");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find("smooth: error: cannot write " + other.file("no/such/dir/out.csv")) == 0U);

    // -o naming a directory
    const auto d = run_tool("smooth", {"--sma", "2", "-o", other.path().string()}, "1\n");
    BOOST_TEST(d.status == 1);
    BOOST_TEST(d.err.find("it is a directory") != std::string::npos);

    // an existing output file survives a failing run unchanged
    const auto keep = other.write("keep.csv", "precious\n");
    const auto f = run_tool("smooth", {"--sma", "2", "-o", keep}, "1\nbad\n");
    BOOST_TEST(f.status == 1);
    BOOST_TEST(read_file(keep) == "precious\n");
    BOOST_TEST(std::distance(std::filesystem::directory_iterator(other.path()), {}) == 1);

    // a window longer than the input is not an error: every SMA field is empty
    const auto ok = run_tool("smooth", {"--sma", "5"}, "1\n2\n");
    BOOST_TEST(ok.status == 0);
    BOOST_TEST(ok.out == "t,x,sma_5\n1,1,\n2,2,\n");
}

BOOST_AUTO_TEST_CASE(gnuplot_absent_or_failing)
{
    scratch_dir bin;
    // no gnuplot on PATH
    check({"gnuplot absent", "smooth", {"--sma", "2", "--plot", bin.file("fig.png")}, "1\n2\n", 1,
           "gnuplot not found (install gnuplot-nox, or use --dump)"},
          {"PATH=" + bin.path().string()});
    BOOST_TEST(!std::filesystem::exists(bin.file("fig.png")));
    // --dump needs no gnuplot
    const auto dump = run_tool("smooth", {"--sma", "2", "--plot", "fig.png", "--dump"}, "1\n2\n",
                               {"PATH=" + bin.path().string()});
    BOOST_TEST(dump.status == 0);
    BOOST_TEST(dump.out.find("set terminal pngcairo") != std::string::npos);
    // a gnuplot that rejects the script: its exit status and message are reported
    const auto fake = bin.write("gnuplot", "#!/bin/sh\necho 'line 7: undefined variable: nonsense' >&2\nexit 1\n");
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    scratch_dir out;
    check({"gnuplot fails", "ema-weights", {"--plot", out.file("w.svg")}, "", 1,
           "gnuplot failed: line 7: undefined variable: nonsense"},
          {"PATH=" + bin.path().string()});
    BOOST_TEST(std::filesystem::is_empty(out.path()));
}

BOOST_AUTO_TEST_CASE(ema_weights_errors)
{
    const std::vector<bad_case> cases{
        {"beta 1", "ema-weights", {"--beta", "1"}, "", 2, "--beta 1: beta must be in [0, 1), got 1"},
        {"beta=nan", "ema-weights", {"--beta", "beta=nan"}, "", 2, "is not a finite number"},
        {"terms 0", "ema-weights", {"--terms", "0"}, "", 2, "--terms must be a whole number >= 1, got '0'"},
        {"too many terms", "ema-weights", {"--terms", "100000000"}, "", 2, "are too many"},
        {"--log without --plot", "ema-weights", {"--log"}, "", 2, "--log needs --plot"},
        {"an unknown option", "ema-weights", {"--gamma", "2"}, "", 2, "unrecognised option '--gamma'"},
    };
    for (auto const& c : cases) {
        check(c);
    }
}

BOOST_AUTO_TEST_CASE(descend_errors)
{
    const std::vector<bad_case> cases{
        {"no problem", "descend", {}, "", 2, "--problem is required"},
        {"an unknown problem", "descend", {"--problem", "himmelblau"}, "", 2, "unknown problem 'himmelblau'"},
        {"a spectrum past double's range under --theory", "descend",
         {"--problem", "quadratic:1e-300,1e300", "--theory", "--steps", "3"}, "", 2,
         "--theory does not apply to this problem: the condition number lambda_max / lambda_min must be finite, got inf"},
        {"--plot-timeout without --plot", "descend", {"--problem", "ravine", "--plot-timeout", "5"}, "", 2,
         "--plot-timeout needs --plot"},
        {"a huge --steps", "descend", {"--problem", "ravine", "--steps", "1000000000000"}, "", 2,
         "--steps 1000000000000: at most 100000000"},
        {"a huge --samples", "descend", {"--problem", "linreg", "--samples", "99999999999"}, "", 2,
         "--samples 99999999999: at most 1000000 (the examples are held in memory)"},
        {"a negative eigenvalue", "descend", {"--problem", "quadratic:1,-2"}, "", 2,
         "quadratic eigenvalue must be finite and > 0, got -2"},
        {"an eigenvalue that is text", "descend", {"--problem", "quadratic:1,x"}, "", 2, "eigenvalue 'x' is not a number"},
        {"start of the wrong length", "descend", {"--problem", "ravine", "--start", "1,2,3"}, "", 2,
         "--start has 3 values, the problem has 2 parameters"},
        {"an unknown method", "descend", {"--problem", "ravine", "--method", "adam"}, "", 2, "--method takes gd, momentum or nesterov"},
        {"an unknown form", "descend", {"--problem", "ravine", "--form", "keras"}, "", 2, "--form takes ema, classic or pytorch"},
        {"beta 1", "descend", {"--problem", "ravine", "--beta", "1"}, "", 2, "beta must be in [0, 1), got 1"},
        {"alpha 0", "descend", {"--problem", "ravine", "--alpha", "0"}, "", 2, "alpha must be finite and > 0, got 0"},
        {"nesterov without momentum (pytorch)", "descend",
         {"--problem", "ravine", "--method", "nesterov", "--form", "pytorch", "--beta", "0"}, "", 2,
         "Nesterov momentum requires a momentum and zero dampening"},
        {"nesterov with dampening (pytorch)", "descend",
         {"--problem", "ravine", "--method", "nesterov", "--form", "pytorch", "--dampening", "0.1"}, "", 2,
         "Nesterov momentum requires a momentum and zero dampening"},
        {"bias correction in the classic form", "descend", {"--problem", "ravine", "--form", "classic", "--bias-correction"},
         "", 2, "--bias-correction belongs to the ema form"},
        {"dampening outside pytorch", "descend", {"--problem", "ravine", "--dampening", "0.5"}, "", 2,
         "belong to the pytorch form"},
        {"theory on a non-quadratic", "descend", {"--problem", "rosenbrock", "--theory"}, "", 2,
         "--theory needs a quadratic problem"},
        {"a batch larger than the data", "descend", {"--problem", "linreg", "--samples", "10", "--batch", "20"}, "", 2,
         "--batch 20 is larger than --samples 10"},
        {"linreg options elsewhere", "descend", {"--problem", "ravine", "--batch", "2"}, "", 2, "belong to --problem linreg"},
        {"a bad schedule", "descend", {"--problem", "ravine", "--beta-schedule", "cosine:0.9"}, "", 2,
         "use linear:B0:B1:STEPS"},
        {"a schedule beta of 1", "descend", {"--problem", "ravine", "--beta-schedule", "linear:0.5:1:10"}, "", 2,
         "beta must be in [0, 1), got 1"},
        {"a schedule with gd", "descend", {"--problem", "ravine", "--method", "gd", "--beta-schedule", "sutskever:0.9"},
         "", 2, "--beta-schedule needs momentum or nesterov"},
        {"an unknown compare method", "descend", {"--problem", "ravine", "--compare", "gd,lbfgs"}, "", 2,
         "--compare takes gd, momentum and nesterov"},
        {"negative tolerance", "descend", {"--problem", "ravine", "--tol", "-1"}, "", 2, "--tol must be >= 0"},
        {"steps as text", "descend", {"--problem", "ravine", "--steps", "many"}, "", 2,
         "--steps must be a whole number >= 1, got 'many'"},
    };
    for (auto const& c : cases) {
        check(c);
    }
}

BOOST_AUTO_TEST_CASE(help_and_version_of_every_tool)
{
    for (std::string const tool : {"smooth", "ema-weights", "descend", "explore"}) {
        const auto help = run_tool(tool, {"--help"});
        BOOST_TEST(help.status == 0, tool);
        BOOST_TEST(help.err == "", tool);
        BOOST_TEST(help.out.find("Usage: " + tool) == 0U, tool);
        const auto version = run_tool(tool, {"--version"});
        BOOST_TEST(version.status == 0, tool);
        BOOST_TEST(version.out == tool + " (smooth) 0.1.0\n", tool);
    }
}

// Found by the fuzzer: Boost.Program_options substitutes the bad option into its own message
// template, and an option holding the placeholder made that loop forever. A usage error now.
BOOST_AUTO_TEST_CASE(an_option_holding_a_message_placeholder_does_not_hang)
{
    for (std::string const tool : {"smooth", "descend", "ema-weights", "explore"}) {
        const auto r = run_tool(tool, {"--e%%%canonical_option%%%%", "-o", "/dev/null"}, "1\n");
        BOOST_TEST(r.status == 2, tool << ": " << r.err);
        BOOST_TEST(r.err.find("%canonical_option%") != std::string::npos, r.err);
    }
}

// A --dump script that cannot be written whole is an error, never a silent truncation (the
// script is built in memory, then written with every write checked).
BOOST_AUTO_TEST_CASE(a_dump_to_a_full_disk_is_an_error)
{
    int status = 0;
    const std::string bin = SMOOTH_BIN_DIR;
    run_shell(bin + "/descend --problem ravine --compare gd,momentum --plot x.svg --dump > /dev/full 2>/dev/null", status);
    BOOST_TEST(status == 1);
    run_shell("seq 1 100000 | " + bin + "/smooth --sma 2 --dump > /dev/full 2>/dev/null", status);
    BOOST_TEST(status == 1);
    const auto err = run_shell(bin + "/descend --problem ravine --plot x.svg --dump 2>&1 >/dev/full", status);
    BOOST_TEST(err.find("No space left on device") != std::string::npos, err);
}

// Every option that sizes the work, given a huge value: refused with its limit (exit 2), or
// done in memory that grows with the input and not with the value. Peak memory under 100 MB
// and a prompt exit, measured on the real process (wait4's ru_maxrss).
BOOST_AUTO_TEST_CASE(options_that_size_the_work_stay_small_and_prompt)
{
    struct sizing {
        std::string tool;
        std::vector<std::string> args;
        std::string input;
        int status;
    };
    std::string long_input;
    for (int i = 0; i < 200000; ++i) {
        long_input += std::to_string(i % 977) + '\n';
    }
    const std::vector<sizing> cases{
        {"smooth", {"--sma", "3000000000"}, "1\n2\n3\n4\n5\n", 0},
        {"smooth", {"--sma", "18446744073709551615"}, "1\n2\n", 0}, // a window larger than any input
        {"smooth", {"--ema-seeded", "4000000000"}, "1\n2\n3\n", 0},
        {"smooth", {"--wilder", "4000000000"}, "1\n2\n3\n", 0},
        {"smooth", {"--ema", "0.9", "--min-periods", "4000000000"}, "1\n2\n3\n", 0},
        {"smooth", {"--sma", "100", "--digits", "99999999999"}, "1\n", 2},
        {"smooth", {"--sma", "100", "--plot", "x.svg", "--dump"}, long_input, 0}, // a thinned figure
        {"smooth", {"--sma", "2", "--plot", "-", "--size", "99999999,3"}, "1\n2\n", 2},
        {"descend", {"--problem", "ravine", "--steps", "1000000000000"}, "", 2},
        {"descend", {"--problem", "quadratic:1,100", "--alpha", "0.001", "--steps", "300000"}, "", 0},
        {"descend", {"--problem", "linreg", "--samples", "99999999999"}, "", 2},
        {"descend", {"--problem", "linreg", "--samples", "1000000", "--steps", "2"}, "", 0},
        {"descend", {"--problem", "ravine", "--sweep", "beta=0:0.9:100001"}, "", 2},
        {"descend", {"--problem", "ravine", "--sweep", "beta=0:0.9:100000", "--steps", "5"}, "", 0},
        {"ema-weights", {"--terms", "1000000000000"}, "", 2},
        {"ema-weights", {"--beta", "0.999", "--terms", "2000000"}, "", 0},
    };
    for (auto const& c : cases) {
        auto args = c.args;
        if (std::find(args.begin(), args.end(), "--dump") == args.end()) {
            args.insert(args.end(), {"-o", "/dev/null"});
        }
        const auto r = run_tool(c.tool, args, c.input);
        std::string shown = c.tool;
        for (auto const& a : c.args) {
            shown += " " + a;
        }
        BOOST_TEST(r.status == c.status, shown << ": " << r.err);
        BOOST_TEST(r.peak_rss_mb < 100.0, shown << ": " << r.peak_rss_mb << " MB");
        BOOST_TEST(r.seconds < 30.0, shown << ": " << r.seconds << " s");
    }
}

// ---- issue 20: nothing silently wrong ------------------------------------------------------

namespace {

std::string const bin_dir = SMOOTH_BIN_DIR;

/// Runs a shell line in `dir`; returns what it printed (stdout and stderr) and its status.
std::string in_dir(scratch_dir const& dir, std::string const& line, int& status)
{
    return run_shell("cd '" + dir.path().string() + "' && { " + line + "; } 2>&1", status);
}

/// No temporary file (".NAME.XXXXXX") left in the folder.
bool no_temporaries(scratch_dir const& dir)
{
    for (auto const& e : std::filesystem::directory_iterator(dir.path())) {
        if (e.path().filename().string().starts_with(".")) {
            return false;
        }
    }
    return true;
}

} // namespace

// A figure that cannot be written whole (a full disk: here a file size limit, which fails
// gnuplot's writes the same way and needs no root) is an error naming the file, and the old
// figure stays. gnuplot itself exits 0 then: smooth checks each format's end (the SVG's
// </svg>, the PNG's IEND chunk, the GIF's trailer). Before: exit 0, the cut figure renamed over
// the old one.
BOOST_AUTO_TEST_CASE(a_figure_on_a_full_disk_is_an_error_and_the_old_one_stays)
{
    struct figure_case {
        std::string file;
        std::string command; ///< writes `file`
        int limit_kb;        ///< below the whole figure's size
        std::string why;
    };
    const std::vector<figure_case> cases{
        {"a.svg", "seq 1 100000 | " + bin_dir + "/smooth --sma 10 -o /dev/null --plot a.svg", 64,
         "the SVG ends before its closing </svg> tag"},
        {"a.png", "seq 1 100000 | " + bin_dir + "/smooth --sma 10 -o /dev/null --plot a.png", 8,
         "the PNG ends before its IEND chunk"},
        {"a.gif", bin_dir + "/descend --problem ravine --compare gd,momentum -o /dev/null --plot a.gif", 64,
         "the GIF ends before its trailer"},
    };
    for (auto const& c : cases) {
        BOOST_TEST_CONTEXT(c.file)
        {
            scratch_dir dir;
            int status = 0;
            // the whole figure, without the limit, is larger than the limit
            in_dir(dir, c.command, status);
            BOOST_TEST(status == 0);
            const auto whole = std::filesystem::file_size(dir.file(c.file));
            BOOST_TEST(whole > static_cast<std::uintmax_t>(c.limit_kb) * 1024U);
            dir.write(c.file, "old figure");
            const auto said = in_dir(dir, "ulimit -f " + std::to_string(c.limit_kb) + "; trap '' XFSZ; " + c.command, status);
            BOOST_TEST(status == 1, said);
            BOOST_TEST(said.find("error: cannot write " + c.file + ": " + c.why) != std::string::npos, said);
            BOOST_TEST(said.find("the old figure is kept") != std::string::npos, said);
            BOOST_TEST(read_file(dir.file(c.file)) == "old figure");
            BOOST_TEST(no_temporaries(dir));
        }
    }
    // -o on a full disk: exit 1, the message names the file, the old file stays
    scratch_dir dir;
    dir.write("out.csv", "old");
    int status = 0;
    const auto said = in_dir(dir, "ulimit -f 64; trap '' XFSZ; seq 1 100000 | " + bin_dir + "/smooth --sma 10 -o out.csv", status);
    BOOST_TEST(status == 1, said);
    BOOST_TEST(said.find("smooth: error: cannot write out.csv: File too large") != std::string::npos, said);
    BOOST_TEST(read_file(dir.file("out.csv")) == "old");
    BOOST_TEST(no_temporaries(dir));
}

// -o and --plot naming one file is refused whether or not the file exists, however the two
// names spell it (before: caught only when it existed, and the CSV landed in the PNG).
BOOST_AUTO_TEST_CASE(o_and_plot_naming_one_file_are_refused_however_spelt)
{
    scratch_dir dir;
    std::filesystem::create_directory(dir.path() / "sub");
    std::filesystem::create_symlink("same.png", dir.path() / "link.png"); // dangling
    const std::string abs = dir.file("same.png");
    for (auto const& [o, plot] : std::vector<std::pair<std::string, std::string>>{
             {"./same.png", "same.png"}, {"sub/../same.png", "same.png"}, {abs, "same.png"}, {"link.png", "same.png"},
             {"same.png", "./link.png"}}) {
        int status = 0;
        const auto said = in_dir(dir, "printf '1\\n2\\n' | " + bin_dir + "/smooth --sma 2 -o " + o + " --plot " + plot, status);
        BOOST_TEST(status == 2, o << " / " << plot << ": " << said);
        BOOST_TEST(said.find("name the same file") != std::string::npos, said);
        BOOST_TEST(!std::filesystem::exists(dir.file("same.png")));
    }
}

// -o onto a loop of symlinks is an error; the links stay links (before: l1 replaced by a file).
BOOST_AUTO_TEST_CASE(o_onto_a_loop_of_symlinks_is_an_error)
{
    scratch_dir dir;
    std::filesystem::create_symlink("l2", dir.path() / "l1");
    std::filesystem::create_symlink("l1", dir.path() / "l2");
    int status = 0;
    const auto said = in_dir(dir, "printf '1\\n2\\n' | " + bin_dir + "/smooth --sma 2 -o l1", status);
    BOOST_TEST(status == 1, said);
    BOOST_TEST(said.find("smooth: error: cannot write l1: a loop of symbolic links") != std::string::npos, said);
    BOOST_TEST(std::filesystem::is_symlink(dir.path() / "l1"));
    BOOST_TEST(std::filesystem::is_symlink(dir.path() / "l2"));
}

namespace {

/// A gnuplot that is a shell script: it notes its pid (its process group, since smooth starts
/// it in one of its own) and its open descriptors, then waits on a child (not exec): the child
/// holds the pipes open after the script is killed.
std::string hanging_gnuplot(scratch_dir const& bin, scratch_dir const& dir)
{
    const auto fake = bin.write("gnuplot", "#!/bin/sh\necho $$ > '" + dir.file("gnuplot.pid") + "'\nls -l /proc/$$/fd > '" +
                                               dir.file("gnuplot.fds") + "'\nsleep 1000\n");
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    return "PATH='" + bin.path().string() + ":/usr/bin:/bin' ";
}

/// Whether a live process (not a zombie waiting for init to reap it) is left in the group the
/// fake gnuplot led, read from /proc; a SIGKILL takes a moment, so it is asked for 5 s.
bool group_alive(scratch_dir const& dir)
{
    const auto text = read_file(dir.file("gnuplot.pid"));
    const std::string group = text.substr(0, text.find('\n'));
    for (int tries = 0; tries < 50; ++tries) {
        bool alive = false;
        for (auto const& e : std::filesystem::directory_iterator("/proc")) {
            std::ifstream stat(e.path() / "stat");
            std::string line;
            if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) {
                continue;
            }
            // "pid (name) state ppid pgrp ...": the name may hold spaces, so read after ')'
            std::istringstream rest(line.substr(line.rfind(')') + 2));
            std::string state;
            std::string ppid;
            std::string pgrp;
            rest >> state >> ppid >> pgrp;
            alive = alive || (pgrp == group && state != "Z" && state != "X");
        }
        if (!alive) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

} // namespace

// --plot-timeout kills gnuplot's whole process group: a child that gnuplot started (and that
// holds its pipes) goes too, and smooth returns at the timeout (before: it waited for ever).
BOOST_AUTO_TEST_CASE(a_timeout_kills_gnuplot_and_its_children)
{
    for (std::string const target : {"a.svg", "-"}) {
        BOOST_TEST_CONTEXT(target)
        {
            scratch_dir bin;
            scratch_dir dir;
            const auto path = hanging_gnuplot(bin, dir);
            int status = 0;
            const auto said = in_dir(dir, "printf '1\\n2\\n' | " + path + "timeout 60 " + bin_dir +
                                              "/smooth --sma 2 -o /dev/null --plot-timeout 2 --plot " + target, status);
            BOOST_TEST(status == 1, said); // 124 when timeout(1) had to stop it
            BOOST_TEST(said.find("gnuplot did not finish in 2 s (--plot-timeout)") != std::string::npos, said);
            BOOST_TEST(!group_alive(dir));
            BOOST_TEST(!std::filesystem::exists(dir.file("a.svg")));
        }
    }
}

// SIGTERM while gnuplot draws: smooth ends as the signal would (143), gnuplot's group is
// killed, no temporary figure is left; gnuplot holds no descriptor of smooth's but its
// standard three (before: it kept running under init, with the input file as fd 3).
BOOST_AUTO_TEST_CASE(a_signal_ends_gnuplot_too_and_it_inherits_no_descriptor)
{
    scratch_dir bin;
    scratch_dir dir;
    const auto path = hanging_gnuplot(bin, dir);
    dir.write("input.csv", "1\n2\n3\n");
    int status = 0;
    const auto said = in_dir(dir, path + bin_dir + "/smooth --sma 2 input.csv -o /dev/null --plot a.svg & p=$!; "
                                  "for i in $(seq 100); do [ -s gnuplot.fds ] && break; sleep 0.1; done; "
                                  "kill -TERM $p; wait $p; echo \"status=$?\"", status);
    BOOST_TEST(said.find("status=143") != std::string::npos, said);
    BOOST_TEST(!group_alive(dir));
    BOOST_TEST(no_temporaries(dir));
    BOOST_TEST(!std::filesystem::exists(dir.file("a.svg")));
    const auto fds = read_file(dir.file("gnuplot.fds"));
    BOOST_TEST(fds.find("input.csv") == std::string::npos, fds);
    BOOST_TEST(fds.find("pipe:") != std::string::npos, fds);
}

// A huge --plot-timeout saturates (before: the conversion to nanoseconds overflowed, undefined
// behaviour, and the figure failed at once).
BOOST_AUTO_TEST_CASE(a_huge_plot_timeout_saturates)
{
    scratch_dir dir;
    int status = 0;
    const auto said = in_dir(dir, "printf '1\\n2\\n3\\n' | " + bin_dir + "/smooth --sma 2 -o /dev/null --plot-timeout 1e10 --plot a.svg", status);
    BOOST_TEST(status == 0, said);
    BOOST_TEST(read_file(dir.file("a.svg")).find("</svg>") != std::string::npos);
}

// Messages that say what, where and what to do (issue 20, item 9).
BOOST_AUTO_TEST_CASE(messages_say_what_where_and_what_to_do)
{
    const std::vector<bad_case> cases{
        {"a file with lone-CR line ends", "smooth", {"--sma", "2"}, "a,X\r1,2\r3,4\r", 1,
         "-:1:4: a carriage return that does not end a line (lines ended by a lone CR, as on classic Mac OS?); "
         "convert them first: tr '\\r' '\\n' < FILE > converted.csv"},
        {"a first line split at blanks", "smooth", {"--sma", "2"}, "1 2\n3\n", 1,
         "-:2: 1 field where line 1 has 2 (fields split at runs of blanks, the delimiter detected from the first "
         "line); every line needs as many fields: if the split is wrong, give --delimiter"},
        {"--plot ''", "smooth", {"--sma", "2", "--plot", ""}, "1\n", 2,
         "--plot was given an empty value: give FILE.png, FILE.svg, FILE.gif, or - for the terminal"},
        {"--plot=", "smooth", {"--sma", "2", "--plot="}, "1\n", 2, "--plot was given an empty value"},
        {"--delimiter ''", "smooth", {"--sma", "2", "--delimiter", ""}, "1\n", 2,
         "--delimiter was given an empty value: give ',', ';', tab or whitespace"},
        {"a newline in a --plot name", "smooth", {"--sma", "2", "--plot", "a\nb.jpg"}, "1\n", 2,
         "cannot tell the plot format of a\\x0ab.jpg"},
    };
    for (auto const& c : cases) {
        check(c);
    }
    // a spectrum past the best steps' formulas: descend says so and runs at the default step
    // (before: "alpha must be finite and > 0, got 0")
    const auto q = run_tool("descend", {"--problem", "quadratic:1e308,1e308", "--steps", "3", "-o", "/dev/null"});
    BOOST_TEST(q.status == 0, q.err);
    BOOST_TEST(q.err.find("descend: momentum: alpha 1e-308 beta 0.9, the problem's default step: no best step is known "
                          "here (the spectrum is out of range: lambda_max = 1e+308 makes the best steps' formulas overflow") == 0U,
               q.err);
    // keys to explore (standard input not a terminal: a key a line), escaped and cut short
    const auto esc = run_tool("explore", {"weights"}, "\x1b[A\n");
    BOOST_TEST(esc.status == 2);
    BOOST_TEST(esc.err.find("standard input:1: explore weights has no key '\\x1b[A'") != std::string::npos, esc.err);
    BOOST_TEST(esc.err.find('\x1b') == std::string::npos);
    const auto big = run_tool("explore", {"weights"}, std::string(2'000'000, 'k') + "\n");
    BOOST_TEST(big.status == 2);
    BOOST_TEST(big.err.find("has no key 'kkkkkkkkkkkkkkkkkkkk...'") != std::string::npos);
    BOOST_TEST(big.err.size() < 1000U);
    // duplicate names: renamed with a note, the output header does not repeat them
    const auto dup = run_tool("smooth", {"--sma", "1", "--all-columns"}, "x,x\n1,2\n");
    BOOST_TEST(dup.status == 0, dup.err);
    BOOST_TEST(dup.out == "t,x,x_sma_1,x.1,x.1_sma_1\n1,1,1,2,2\n");
    BOOST_TEST(dup.err == "smooth: column 2's name 'x' is column 1's too: it is called 'x.1' here (as pandas names it)\n",
               dup.err);
    // a row whose index does not read as a date among dates: the figure says it left it out
    scratch_dir dir;
    int status = 0;
    const auto said = in_dir(dir, "printf 'day,v\\n2024-01-01,1\\n2024-01-02,2\\noops,3\\n2024-01-04,4\\n' | " + bin_dir +
                                      "/smooth --sma 2 -o /dev/null --plot a.svg", status);
    BOOST_TEST(status == 0, said);
    BOOST_TEST(said.find("smooth: the figure leaves out 1 row whose index 'day' does not read as a date like the first "
                         "row's (first: line 4, 'oops'); the CSV has them all") != std::string::npos,
               said);
}
