#define BOOST_TEST_MODULE cli_bad_input
#include <boost/test/unit_test.hpp>

#include <filesystem>
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
        {"ragged CSV rows", "smooth", {"--sma", "2"}, "a,b\n1,2\n3\n", 1, "-:3: 1 fields where the first line has 2"},
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
