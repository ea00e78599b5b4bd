#define BOOST_TEST_MODULE cli_smooth
#include <boost/test/unit_test.hpp>

#include <charconv>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "cli_runner.hpp"

namespace tt = boost::test_tools;

namespace {
/// Column k (0-based) of the data rows of a CSV text.
std::vector<std::string> column(std::string const& csv, std::size_t k)
{
    std::vector<std::string> out;
    const auto lines = lines_of(csv);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        out.push_back(fields_of(lines[i]).at(k));
    }
    return out;
}
} // namespace

// tests/REFERENCES.md [P1], [P2] (pandas 1.5.3), [1, 2, 3], alpha 0.5: printed in shortest form,
// these are exactly the strings pandas shows.
BOOST_AUTO_TEST_CASE(golden_ema_rows)
{
    const auto r = run_tool("smooth", {"--ema-corrected", "alpha=0.5", "--ema-first", "alpha=0.5", "--ema", "0.5"}, "1\n2\n3\n");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.err == "");
    const std::string expected = "t,x,ema_corrected_alpha=0.5,ema_first_alpha=0.5,ema_0.5\n"
                                 "1,1,1,1,0.5\n"
                                 "2,2,1.6666666666666667,1.5,1.25\n"
                                 "3,3,2.4285714285714284,2.25,2.125\n";
    BOOST_TEST(r.out == expected);
}

// tests/REFERENCES.md [P5]: rolling(4).mean() over [1e17, 1, 1, ...]: 2.5e16 at t = 4, then exactly 1
BOOST_AUTO_TEST_CASE(golden_sma_rows)
{
    const auto r = run_tool("smooth", {"--sma", "4"}, "1e17\n1\n1\n1\n1\n1\n1\n");
    BOOST_TEST(r.status == 0);
    const auto sma = column(r.out, 2);
    BOOST_TEST(sma[0] == "");
    BOOST_TEST(sma[2] == "");
    BOOST_TEST(number(sma[3]) == 2.5e16);
    for (std::size_t t = 4; t < sma.size(); ++t) {
        BOOST_TEST(sma[t] == "1");
    }
    const auto third = run_tool("smooth", {"--sma", "3"}, "0.3333333333333333\n4\n0\n0\n0\n0\n0\n");
    const auto z = column(third.out, 2);
    BOOST_TEST(z[4] == "0");
    BOOST_TEST(z[6] == "0");
}

// tests/REFERENCES.md [P3]: [0, 1, 2, NaN, 4], com 0.5, adjust=True, ignore_na=True -> ..., 3.225
BOOST_AUTO_TEST_CASE(missing_values_skipped_as_pandas_ignore_na)
{
    const auto r = run_tool("smooth", {"--missing", "skip", "--ema-corrected", "com=0.5", "--ema-first", "com=0.5"},
                            "0\n1\n2\nnan\n4\n");
    BOOST_TEST(r.status == 0);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines[4].rfind("4,,", 0) == 0); // the missing x is an empty field
    const auto corrected = column(r.out, 2);
    const auto first = column(r.out, 3);
    BOOST_TEST(number(corrected[3]) == 1.615384615, tt::tolerance(1e-9)); // the previous value
    BOOST_TEST(number(corrected[4]) == 3.225, tt::tolerance(1e-12));
    BOOST_TEST(number(first[4]) == 3.185185185, tt::tolerance(1e-9));
}

// A decay given as a spec keeps its spelling in the column name; a beta is written shortest.
BOOST_AUTO_TEST_CASE(column_names_keep_the_spelling_of_the_decay)
{
    const auto r = run_tool("smooth", {"--ema", "alpha=0.1", "--ema", "span=10", "--ema-corrected", "com=9",
                                       "--ema-first", "0.9", "--ema", "beta=0.5", "--sma", "3"},
                            "1\n2\n");
    BOOST_TEST(lines_of(r.out).at(0) == "t,x,ema_alpha=0.1,ema_span=10,ema_corrected_com=9,ema_first_0.9,ema_0.5,sma_3");
}

BOOST_AUTO_TEST_CASE(csv_input_with_a_header)
{
    scratch_dir dir;
    const auto file = dir.write("prices.csv", "\xEF\xBB\xBF# a comment\r\ndate,close,volume\r\n\r\n1,10,5\r\n2,20,6\r\n# x\r\n3,30,7\r\n");
    // "date" holds increasing whole numbers: an index, carried through as the first column
    const auto by_name = run_tool("smooth", {"--column", "volume", "--sma", "2", file});
    BOOST_TEST(by_name.status == 0);
    BOOST_TEST(by_name.out == "date,volume,sma_2\n1,5,\n2,6,5.5\n3,7,6.5\n");
    const auto by_number = run_tool("smooth", {"--column", "2", "--sma", "2", file});
    BOOST_TEST(by_number.out == "date,close,sma_2\n1,10,\n2,20,15\n3,30,25\n");
    // without --column: the first numeric column after the index, said once on stderr
    const auto chosen = run_tool("smooth", {"--sma", "1", file});
    BOOST_TEST(chosen.out == "date,close,sma_1\n1,10,10\n2,20,20\n3,30,30\n");
    BOOST_TEST(chosen.err == "smooth: reading column 2 'close'; column 1 'date' (increasing whole numbers) is carried "
                             "through as the index (choose with --column and --index)\n");
    // asked for, the first column is smoothed and nothing is carried
    const auto first = run_tool("smooth", {"--sma", "1", "--column", "1", file});
    BOOST_TEST(first.out == "t,date,sma_1\n1,1,1\n2,2,2\n3,3,3\n");
}

BOOST_AUTO_TEST_CASE(min_periods_and_short_input)
{
    const auto r = run_tool("smooth", {"--sma", "3", "--min-periods", "1"}, "3\n5\n");
    BOOST_TEST(r.out == "t,x,sma_3\n1,3,3\n2,5,4\n");
    const auto longer = run_tool("smooth", {"--sma", "10"}, "1\n2\n3\n");
    BOOST_TEST(longer.status == 0); // not an error: the fields stay empty
    BOOST_TEST(longer.out == "t,x,sma_10\n1,1,\n2,2,\n3,3,\n");
}

BOOST_AUTO_TEST_CASE(output_file_and_round_trip)
{
    scratch_dir dir;
    const auto out = dir.file("out.csv");
    const auto r = run_tool("smooth", {"--ema-corrected", "0.9", "-o", out}, "0.1\n0.7\n1e-300\n123456789.123\n");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out == "");
    const auto csv = read_file(out);
    // every number reads back as the double the library computed: shortest round-trip form
    const auto x = column(csv, 1);
    BOOST_TEST(number(x[0]) == 0.1);
    BOOST_TEST(x[3] == "123456789.123");
    const auto v = column(csv, 2);
    double w = 0.0;
    double weight = 0.0;
    const double xs[] = {0.1, 0.7, 1e-300, 123456789.123};
    for (int t = 0; t < 4; ++t) { // V_t / (1 - 0.9^t) by hand, as the library computes it
        w = 0.9 * w + (1 - 0.9) * xs[t];
        weight = 0.9 * weight + (1 - 0.9);
        BOOST_TEST(number(v[static_cast<std::size_t>(t)]) == w / weight, tt::tolerance(1e-14));
    }
}

BOOST_AUTO_TEST_CASE(help_and_version)
{
    const auto help = run_tool("smooth", {"--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("Usage: smooth") != std::string::npos);
    BOOST_TEST(help.out.find("--ema-corrected") != std::string::npos);
    const auto version = run_tool("smooth", {"--version"});
    BOOST_TEST(version.status == 0);
    BOOST_TEST(version.out.rfind("smooth (smooth) ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(plot_in_the_terminal_and_as_script)
{
    const auto text = run_tool("smooth", {"--ema", "0.5", "--plot", "-", "--size", "70,20"}, "1\n3\n2\n5\n4\n");
    BOOST_TEST(text.status == 0);
    BOOST_TEST(text.out.find("ema_0.5") != std::string::npos); // the legend, drawn by gnuplot
    BOOST_TEST(text.out.find("t,x") == std::string::npos);     // no CSV mixed into the picture
    const auto dump = run_tool("smooth", {"--ema", "0.5", "--plot", "fig.svg", "--dump"}, "1\n3\n");
    BOOST_TEST(dump.status == 0);
    BOOST_TEST(dump.out.find("set terminal svg") != std::string::npos);
    BOOST_TEST(dump.out.find("title 'ema_0.5'") != std::string::npos);
}

// Security: a CSV header and a file name crafted to make gnuplot run a shell command, drawn
// with --plot (file, terminal and --dump piped into a real gnuplot): nothing runs. The
// commands have no slash so that they can be part of a file name; they would create "ran"
// in the current folder, which the test makes the scratch folder.
BOOST_AUTO_TEST_CASE(a_crafted_header_or_file_name_runs_nothing)
{
    scratch_dir dir;
    const auto was = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    const std::string header = "price`touch ran`\n";
    const std::string csv = dir.write("prices`touch ran`.csv", header + "1\n2\n3\n");
    const auto svg = run_tool("smooth", {"--ema", "0.5", "--plot", "out.svg", "-o", "o.csv", csv});
    BOOST_TEST(svg.status == 0, svg.err);
    BOOST_TEST(!std::filesystem::exists("ran"));
    BOOST_TEST(read_file("out.svg").find("touch ran") != std::string::npos); // drawn as text
    const auto text = run_tool("smooth", {"--ema", "0.5", "--plot", "-"}, header + "1\n2\n3\n");
    BOOST_TEST(text.status == 0, text.err);
    BOOST_TEST(!std::filesystem::exists("ran"));
    const std::string evil_name = "f'\nsystem('touch ran')\n'.png";
    const auto png = run_tool("smooth", {"--ema", "0.5", "--plot", evil_name, "-o", "o.csv"}, "1\n2\n");
    BOOST_TEST(png.status == 0, png.err);
    BOOST_TEST(std::filesystem::file_size(evil_name) > 100U);
    BOOST_TEST(!std::filesystem::exists("ran"));
    const auto dump = run_tool("smooth", {"--ema", "0.5", "--plot", evil_name, "--dump", csv});
    BOOST_TEST(dump.status == 0);
    BOOST_TEST(dump.out.find("touch ran") != std::string::npos); // the header is there, as a literal
    dir.write("dumped.gp", dump.out);
    BOOST_TEST(std::system("gnuplot dumped.gp > dumped.png 2>/dev/null") == 0);
    BOOST_TEST(!std::filesystem::exists("ran"));
    std::filesystem::current_path(was);
}

// A window whose sum passes double's range has its mean, and the next windows are exact
// again (tests/REFERENCES.md [H7]); before, rows 3 on were empty.
BOOST_AUTO_TEST_CASE(a_sum_past_double_range_is_not_an_empty_field)
{
    const auto r = run_tool("smooth", {"--sma", "2"}, "1\n1e308\n1e308\n3\n4\n5\n");
    BOOST_TEST(r.status == 0, r.err);
    const auto sma = column(r.out, 2);
    const std::vector<std::string> want{"", "5e+307", "1e+308", "5e+307", "3.5", "4.5"};
    BOOST_TEST(sma == want, tt::per_element());
}

// tests/REFERENCES.md [P8]: pandas 1.5.3, Series([1, 2]).ewm(<spec>).mean()[1]
BOOST_AUTO_TEST_CASE(tiny_alpha_through_the_command_line)
{
    const auto r = run_tool("smooth", {"--ema-corrected", "alpha=1e-9", "--ema-corrected", "span=1e6",
                                       "--ema-corrected", "halflife=1e7"},
                            "1\n2\n");
    BOOST_TEST(r.status == 0, r.err);
    const auto row = fields_of(lines_of(r.out).at(2));
    BOOST_TEST(number(row.at(2)) == 1.50000000025, tt::tolerance(1e-15));
    BOOST_TEST(number(row.at(3)) == 1.5000005, tt::tolerance(1e-15));
    BOOST_TEST(number(row.at(4)) == 1.5000000173286796, tt::tolerance(1e-15));
}

// --missing decay is pandas' ignore_na=False; --min-periods reaches the EMAs (pandas
// ewm(min_periods)); SMA windows count rows and leave the missing value out (pandas rolling):
// tests/REFERENCES.md [P3], [P9], [P10]
BOOST_AUTO_TEST_CASE(missing_policies_and_min_periods_for_every_column)
{
    const auto decay = run_tool("smooth", {"--missing", "decay", "--ema-corrected", "com=0.5", "--ema-first", "com=0.5"},
                                "0\n1\n2\nnan\n4\n");
    BOOST_TEST(decay.status == 0, decay.err);
    BOOST_TEST(number(column(decay.out, 2).at(4)) == 3.670212765957447, tt::tolerance(1e-15));
    BOOST_TEST(number(column(decay.out, 3).at(4)) == 3.6507936507936503, tt::tolerance(1e-15));
    const auto minp = run_tool("smooth", {"--missing", "decay", "--min-periods", "3", "--ema-corrected", "com=0.5",
                                          "--ema-first", "com=0.5"},
                               "0\n1\nnan\n2\n4\n5\n");
    BOOST_TEST(minp.status == 0, minp.err);
    const auto corrected = column(minp.out, 2);
    BOOST_TEST(corrected.at(2) == "");
    BOOST_TEST(number(corrected.at(3)) == 1.838709677419355, tt::tolerance(1e-15));
    const auto sma = run_tool("smooth", {"--missing", "skip", "--sma", "2"}, "1\nnan\n2\n3\n4\n5\n");
    const std::vector<std::string> want{"", "", "", "2.5", "3.5", "4.5"};
    BOOST_TEST(column(sma.out, 2) == want, tt::per_element());
    const auto one = run_tool("smooth", {"--missing", "decay", "--sma", "2", "--min-periods", "1"}, "1\nnan\n2\n3\n");
    const std::vector<std::string> want_one{"1", "1", "2", "2.5"};
    BOOST_TEST(column(one.out, 2) == want_one, tt::per_element());
    const auto refused = run_tool("smooth", {"--sma", "2"}, "1\nnan\n2\n");
    BOOST_TEST(refused.status == 1);
    BOOST_TEST(refused.err.find("-:2: missing value") != std::string::npos, refused.err);
}

// tests/REFERENCES.md [R1], [R2]: TTR 0.24.3, EMA(x, n = 5) and EMA(x, n = 5, wilder = TRUE)
BOOST_AUTO_TEST_CASE(seeded_ema_and_wilder_columns)
{
    const auto r = run_tool("smooth", {"--ema-seeded", "5", "--wilder", "5"}, "22.27\n22.19\n22.08\n22.17\n22.18\n22.13\n");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(lines_of(r.out).at(0) == "t,x,ema_seeded_5,wilder_5");
    BOOST_TEST(column(r.out, 2).at(3) == "");
    BOOST_TEST(number(column(r.out, 2).at(4)) == 22.178000000000001, tt::tolerance(1e-13));
    BOOST_TEST(number(column(r.out, 2).at(5)) == 22.162000000000003, tt::tolerance(1e-13));
    BOOST_TEST(number(column(r.out, 3).at(5)) == 22.168399999999998, tt::tolerance(1e-13));
    const auto bad = run_tool("smooth", {"--wilder", "0"}, "1\n");
    BOOST_TEST(bad.status == 2);
}

BOOST_AUTO_TEST_CASE(an_empty_output_name_is_a_usage_error)
{
    const auto r = run_tool("smooth", {"--sma", "2", "-o", ""}, "1\n");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("-o needs a file name") != std::string::npos, r.err);
    BOOST_TEST(r.out.empty());
}

// ---------------------------------------------------------------------------------------
// Real data in, real data out

namespace {
const std::string smooth_bin = std::string(SMOOTH_BIN_DIR) + "/smooth";
} // namespace

// The sunspots file as statsmodels ships it: quoted header, the year first.
BOOST_AUTO_TEST_CASE(quoted_headers_and_a_year_carried_through)
{
    scratch_dir dir;
    const auto file = dir.write("sunspots.csv", "\"YEAR\",\"SUNACTIVITY\"\n1700.0,5.0\n1701.0,11.0\n1702.0,16.0\n");
    const auto r = run_tool("smooth", {"--column", "SUNACTIVITY", "--ema-corrected", "0.8", file});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out == "YEAR,SUNACTIVITY,ema_corrected_0.8\n1700.0,5,5\n1701.0,11,8.333333333333334\n"
                        "1702.0,16,11.475409836065571\n"); // pandas 1.5.3: ewm(alpha=0.2).mean() of [5, 11, 16]
    const auto unknown = run_tool("smooth", {"--column", "SUNSPOTS", "--sma", "2", file});
    BOOST_TEST(unknown.status == 2);
    BOOST_TEST(unknown.err.find("no such column; the columns are: YEAR (1), SUNACTIVITY (2)") != std::string::npos,
               unknown.err);
}

BOOST_AUTO_TEST_CASE(several_columns_at_once)
{
    scratch_dir dir;
    const auto file = dir.write("p.csv", "date;close;volume;note\n2024-01-02;10;100;a\n2024-01-03;12;NA;\"b;c\"\n"
                                         "2024-01-04;14;300;d\n");
    const auto r = run_tool("smooth", {"--column", "close,volume", "--sma", "2", "--missing", "skip", file});
    BOOST_TEST(r.status == 0, r.err);
    // volume's windows hold one value each around the NA: fewer than min_periods 2 (pandas)
    BOOST_TEST(r.out == "date,close,close_sma_2,volume,volume_sma_2\n2024-01-02,10,,100,\n2024-01-03,12,11,,\n"
                        "2024-01-04,14,13,300,\n");
    const auto all = run_tool("smooth", {"--all-columns", "--ema", "0.5", "--missing", "skip", file});
    BOOST_TEST(all.status == 0, all.err);
    BOOST_TEST(lines_of(all.out).at(0) == "date,close,close_ema_0.5,volume,volume_ema_0.5");
    const auto range = run_tool("smooth", {"--column", "2-3", "--index", "note", "--sma", "1", "--missing", "skip", file});
    BOOST_TEST(lines_of(range.out).at(0) == "note,close,close_sma_1,volume,volume_sma_1");
    BOOST_TEST(lines_of(range.out).at(2) == "b;c,12,12,,"); // the index verbatim (quoted only where a comma needs it)
}

BOOST_AUTO_TEST_CASE(missing_tokens_infinities_and_digits)
{
    const auto r = run_tool("smooth", {"--sma", "2", "--missing", "skip", "--na", "-999"}, "1\nNA\n-999\n3\ninf\n4\n5\n");
    BOOST_TEST(r.status == 0, r.err);
    const auto sma = column(r.out, 2);
    const std::vector<std::string> want{"", "", "", "", "inf", "inf", "4.5"};
    BOOST_TEST(sma == want, tt::per_element());
    const auto digits = run_tool("smooth", {"--ema", "span=10", "--digits", "3"}, "0.1\n0.2\n");
    BOOST_TEST(digits.out == "t,x,ema_span=10\n1,0.1,0.0182\n2,0.2,0.0512\n");
}

// A reader that goes away ends smooth quietly: no message, status 141 (as SIGPIPE would).
BOOST_AUTO_TEST_CASE(a_closed_pipe_is_quiet)
{
    int status = 0;
    const auto out = run_shell("seq 1 300000 | " + smooth_bin + " --sma 3 2>&1 | head -2; echo \"status=${PIPESTATUS[1]}\"", status);
    BOOST_TEST(out == "t,x,sma_3\n1,1,\nstatus=141\n");
    const auto full = run_shell("seq 1 10 | " + smooth_bin + " --sma 3 > /dev/full 2>/dev/null; echo \"status=$?\"", status);
    BOOST_TEST(full == "status=1\n");
}

BOOST_AUTO_TEST_CASE(figures_use_the_index_and_the_file_name)
{
    scratch_dir dir;
    const auto file = dir.write("co2.csv", "date,co2\n1958-03-29,316.1\n1958-04-05,317.3\n1958-04-12,317.6\n"
                                           "1960-04-12,318.6\n");
    const auto dump = run_tool("smooth", {"--sma", "2", "--plot", "out.svg", "--dump", file});
    BOOST_TEST(dump.status == 0, dump.err);
    BOOST_TEST(dump.out.find("set xdata time\nset timefmt '%s'\nset format x '%Y-%m'") != std::string::npos, dump.out);
    BOOST_TEST(dump.out.find("set title 'co2.csv'") != std::string::npos);
    BOOST_TEST(dump.out.find("\n-371174400 316.10000000000002\n") != std::string::npos); // 1958-03-29 in seconds
    const auto titled = run_tool("smooth", {"--sma", "2", "--dump", "--title", "CO2", "--ylabel", "ppm", file});
    BOOST_TEST(titled.status == 0);
    BOOST_TEST(titled.out.find("set terminal dumb") != std::string::npos); // --dump alone: the terminal figure
    BOOST_TEST(titled.out.find("set title 'CO2'") != std::string::npos);
    BOOST_TEST(titled.out.find("set ylabel 'ppm'") != std::string::npos);
    const auto years = run_tool("smooth", {"--sma", "2", "--dump"}, "year,v\n1871,1\n1872,2\n1873,3\n");
    BOOST_TEST(years.out.find("unset xdata") != std::string::npos);
    BOOST_TEST(years.out.find("\n1872 2\n") != std::string::npos);
    BOOST_TEST(years.out.find("set xlabel 'year'") != std::string::npos);
}

// With --plot FILE and no -o, the CSV goes to standard output only when that is not a
// terminal; -o - forces it.
BOOST_AUTO_TEST_CASE(no_csv_flood_in_a_terminal)
{
    scratch_dir dir;
    const auto piped = run_tool("smooth", {"--sma", "2", "--plot", dir.file("a.svg")}, "1\n2\n3\n");
    BOOST_TEST(piped.out == "t,x,sma_2\n1,1,\n2,2,1.5\n3,3,2.5\n");
    int status = 0;
    const auto in_terminal = run_shell("cd " + dir.path().string() + " && printf \"1\\n2\\n3\\n\" > in.txt && script -qec \"" +
                                       smooth_bin + " --sma 2 --plot b.svg in.txt\" /dev/null",
                                   status);
    BOOST_TEST(status == 0);
    BOOST_TEST(in_terminal.find("sma_2") == std::string::npos, in_terminal);
    BOOST_TEST(std::filesystem::file_size(dir.file("b.svg")) > 100U);
    const auto forced = run_shell("cd " + dir.path().string() + " && script -qec \"" + smooth_bin +
                                  " --sma 2 --plot c.svg -o - in.txt\" /dev/null",
                              status);
    BOOST_TEST(forced.find("sma_2") != std::string::npos, forced);
}

// -o and --plot naming one file is a usage error (it once wrote the CSV over the figure);
// -o /dev/null writes the device and leaves it one.
BOOST_AUTO_TEST_CASE(outputs_that_respect_what_is_there)
{
    scratch_dir dir;
    const auto same = run_tool("smooth", {"--sma", "2", "--plot", dir.file("same.svg"), "-o", dir.file("same.svg")}, "1\n2\n");
    BOOST_TEST(same.status == 2);
    BOOST_TEST(same.err.find("name the same file") != std::string::npos, same.err);
    BOOST_TEST(!std::filesystem::exists(dir.file("same.svg")));
    const auto null = run_tool("smooth", {"--sma", "2", "-o", "/dev/null"}, "1\n2\n");
    BOOST_TEST(null.status == 0, null.err);
    BOOST_TEST(std::filesystem::is_character_file("/dev/null"));
}

// Ctrl-C, kill, a closed terminal: the hidden temporary file is removed and the status is
// the signal's (128 + N).
BOOST_AUTO_TEST_CASE(signals_leave_nothing_behind)
{
    for (char const* sig : {"INT", "TERM", "HUP"}) {
        scratch_dir dir;
        int status = 0;
        const auto out = run_shell("cd " + dir.path().string() + " && { yes 1 | " + smooth_bin +
                                   " --sma 2 -o out.csv & pid=$!; sleep 0.5; kill -" + sig +
                                   " $pid; wait $pid; echo \"status=$?\"; } 2>/dev/null; ls -A",
                               status);
        const std::string want = std::string("status=") +
                                 (std::string(sig) == "INT" ? "130" : std::string(sig) == "TERM" ? "143" : "129") + "\n";
        BOOST_TEST(out == want, sig << ": " << out);
    }
}

// A closed standard descriptor is opened on /dev/null at start, so nothing lands in the
// wrong file: descend's stderr report does not go into its -o file.
BOOST_AUTO_TEST_CASE(closed_standard_descriptors)
{
    scratch_dir dir;
    int status = 0;
    const std::string descend = std::string(SMOOTH_BIN_DIR) + "/descend";
    run_shell("cd " + dir.path().string() + " && " + descend +
              " --problem quadratic:1,100 --alpha 0.1 --beta 0.669421 --steps 50 --theory -o th.csv 2>&-",
          status);
    const auto csv = read_file(dir.file("th.csv"));
    BOOST_TEST(csv.rfind("step,loss", 0) == 0U);
    BOOST_TEST(csv.find("predicted_rate") == std::string::npos);
    const auto closed_in = run_shell(smooth_bin + " --sma 2 -o " + dir.file("x.csv") + " <&- 2>&1; echo \"status=$?\"", status);
    BOOST_TEST(closed_in.find("no samples in the input") != std::string::npos, closed_in);
    BOOST_TEST(closed_in.find("status=1") != std::string::npos);
}

// A gnuplot that never finishes is stopped after --plot-timeout and reported; nothing is left.
BOOST_AUTO_TEST_CASE(a_hanging_gnuplot_times_out)
{
    scratch_dir dir;
    const auto fake = dir.write("gnuplot", "#!/bin/sh\nexec sleep 100\n");
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    std::filesystem::create_directory(dir.file("out"));
    const auto r = run_tool("smooth", {"--sma", "2", "--plot", dir.file("out/f.svg"), "--plot-timeout", "1", "-o",
                                       dir.file("out/x.csv")},
                            "1\n2\n3\n", {"PATH=" + dir.path().string() + ":/usr/bin:/bin"});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find("gnuplot did not finish in 1 s") != std::string::npos, r.err);
    BOOST_TEST(std::filesystem::is_empty(dir.file("out"))); // no figure, no CSV, no temporary file
    const auto bad = run_tool("smooth", {"--sma", "2", "--plot", "f.svg", "--plot-timeout", "0"}, "1\n");
    BOOST_TEST(bad.status == 2);
}

// Memory grows with what is read, never with a parameter alone: a window of 2^64 - 1 over
// three numbers is three numbers (it once allocated the window up front).
BOOST_AUTO_TEST_CASE(a_huge_window_costs_nothing_up_front)
{
    const auto r = run_tool("smooth", {"--sma", "18446744073709551615", "--min-periods", "2"}, "1\n2\n3\n");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out == "t,x,sma_18446744073709551615\n1,1,\n2,2,1.5\n3,3,2\n");
}

// A real CSV drawn in an 80x24 terminal: dates on x, the y label apart from its ticks.
BOOST_AUTO_TEST_CASE(terminal_figure_of_a_real_csv_is_legible_at_80x24)
{
    const auto r = run_tool("smooth", {SMOOTH_SOURCE_DIR "/data/co2_mauna_loa_weekly.csv", "--missing", "skip", "--ema",
                                       "0.98", "--sma", "52", "--plot", "-", "--size", "80,24", "-o", "/dev/null"});
    BOOST_TEST(r.status == 0, r.err);
    const auto faults = text_figure_faults(r.out, 80, {"co2_mauna_loa_weekly.csv"}, {"co2"});
    BOOST_TEST(faults.empty(), faults << r.out);
    BOOST_TEST(r.out.find("1958") != std::string::npos);
}

namespace {
/// A CSV that runs over many of the tool's blocks of rows: a quoted date index (some with a
/// comma), two columns with missing values, whole and fractional numbers, large and tiny.
std::string long_table(std::size_t rows)
{
    std::string text = "when,price,volume\n";
    std::mt19937_64 gen(5);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    char field[64];
    for (std::size_t i = 0; i < rows; ++i) {
        if (i % 1000 == 7) {
            std::snprintf(field, sizeof field, "\"day %zu, late\",", i);
        } else {
            std::snprintf(field, sizeof field, "d%zu,", i);
        }
        text += field;
        if (i % 97 == 3) {
            text += "NA";
        } else {
            std::snprintf(field, sizeof field, "%.17g", 100 + 10 * (u(gen) - 0.5));
            text += field;
        }
        text += ',';
        if (i % 89 != 5) {
            std::snprintf(field, sizeof field, "%.15g", std::ldexp(u(gen), static_cast<int>(i % 120) - 60));
            text += field;
        }
        text += '\n';
    }
    return text;
}
} // namespace

BOOST_AUTO_TEST_CASE(two_threads_write_the_same_bytes_as_one)
{
    scratch_dir dir;
    const auto input = dir.write("long.csv", long_table(60000));
    const std::string args = " --all-columns --missing skip --sma 10 --ema 0.9 --ema-corrected span=20 --wilder 14 ";
    int status = 0;
    const auto one = run_shell(smooth_bin + " --threads 1" + args + input, status);
    BOOST_REQUIRE(status == 0);
    BOOST_TEST(lines_of(one).size() == 60001U);
    BOOST_TEST(lines_of(one)[8].starts_with("\"day 7, late\","));
    const auto two = run_shell(smooth_bin + " --threads 2" + args + input, status);
    BOOST_TEST(status == 0);
    BOOST_TEST((two == one)); // (not printed: megabytes)
    // a reader that is slow to start holds the writing thread back: the reading thread then
    // formats blocks itself, and the text is still the same
    const auto slow = run_shell(smooth_bin + args + input + " | (sleep 0.3; cat)", status);
    BOOST_TEST((slow == one));
    const auto file = dir.file("out.csv");
    run_shell(smooth_bin + " --threads 2 --digits 6 -o " + file + args + input, status);
    BOOST_TEST(status == 0);
    const auto six = run_shell(smooth_bin + " --threads 1 --digits 6" + args + input, status);
    BOOST_TEST((read_file(file) == six));
    // no index column: t counted across blocks
    const auto plain = dir.write("plain.txt", [] {
        std::string t;
        for (int i = 0; i < 20000; ++i) {
            t += std::to_string(i % 7 * 0.25) + "\n";
        }
        return t;
    }());
    const auto p1 = run_shell(smooth_bin + " --threads 1 --sma 3 " + plain, status);
    const auto p2 = run_shell(smooth_bin + " --threads 2 --sma 3 " + plain + " | (sleep 0.2; cat)", status);
    BOOST_TEST((p1 == p2));
    BOOST_TEST(lines_of(p2).back() == "20000,0,0.9166666666666666"); // (1.25 + 1.5 + 0) / 3
}

BOOST_AUTO_TEST_CASE(every_row_before_a_bad_value_is_written)
{
    scratch_dir dir;
    std::string text;
    for (int i = 1; i <= 30000; ++i) {
        text += std::to_string(i) + "\n";
    }
    text += "12x\n5\n";
    const auto input = dir.write("bad.txt", text);
    for (const char* threads : {"1", "2"}) {
        const auto r = run_tool("smooth", {"--threads", threads, "--sma", "2", input});
        BOOST_TEST(r.status == 1);
        BOOST_TEST(r.err.find("bad.txt:30001:1: '12x' is not a number") != std::string::npos, r.err);
        const auto lines = lines_of(r.out);
        BOOST_TEST(lines.size() == 30001U); // the header and every good row
        BOOST_TEST(lines.back() == "30000,30000,29999.5");
        // to a file: nothing appears
        const auto file = dir.file(std::string("out") + threads + ".csv");
        const auto f = run_tool("smooth", {"--threads", threads, "--sma", "2", "-o", file, input});
        BOOST_TEST(f.status == 1);
        BOOST_TEST(!std::filesystem::exists(file));
    }
    // a missing value (refused by default) stops it the same way
    const auto m = run_tool("smooth", {"--sma", "2", dir.write("gap.txt", text.substr(0, text.size() - 6) + "NA\n")});
    BOOST_TEST(m.status == 1);
    BOOST_TEST(lines_of(m.out).size() == 30001U);
}

BOOST_AUTO_TEST_CASE(a_write_error_on_the_writing_thread_stops_both)
{
    int status = 0;
    // the disk fills while the reading thread is still reading: an error, promptly, no hang
    const auto full = run_shell("seq 1 2000000 | timeout 20 " + smooth_bin + " --sma 3 2>&1 >/dev/full; echo \"status=$?\"", status);
    BOOST_TEST(full.find("No space left on device") != std::string::npos, full);
    BOOST_TEST(full.ends_with("status=1\n"), full);
    for (const char* bad : {"0", "two", "-1"}) {
        const auto r = run_tool("smooth", {"--threads", bad, "--sma", "2"}, "1\n2\n");
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find("--threads must be a whole number >= 1") != std::string::npos, r.err);
    }
}

// Blocks hold a fixed number of values, not of rows: a wide file keeps memory small on both
// threads (with 4,096-row blocks, 100 columns took 282 MiB).
BOOST_AUTO_TEST_CASE(a_wide_file_stays_small_on_two_threads)
{
    scratch_dir dir;
    std::string text = "date";
    for (int c = 1; c <= 60; ++c) {
        text += ",c" + std::to_string(c);
    }
    text += '\n';
    for (int r = 0; r < 30000; ++r) {
        text += std::to_string(20000000 + r);
        for (int c = 1; c <= 60; ++c) {
            text += c % 2 == 0 ? ",1.25" : ",-3.5";
        }
        text += '\n';
    }
    const auto input = dir.write("wide.csv", text);
    // under AddressSanitizer freed blocks wait in its quarantine and count in the RSS (38 to 42
    // MB here, by run, for the same code): without the quarantine the RSS is smooth's own
    // memory; a Release build ignores the variable
    const auto r = run_tool("smooth", {"--threads", "2", "--all-columns", "--sma", "3", "--ema", "0.9", "-o", dir.file("out.csv"), input},
                            "", {"ASAN_OPTIONS=quarantine_size_mb=0"});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.peak_rss_mb < 40.0, "peak RSS " << r.peak_rss_mb << " MB");
    BOOST_TEST_MESSAGE("peak RSS " << r.peak_rss_mb << " MB");
    BOOST_TEST(lines_of(read_file(dir.file("out.csv"))).size() == 30001U);
}

// Memory follows what was read (issue 20, item 10): 500,000 columns by 2 rows (a 2 MB file)
// with 7 smoothers took 1.8 GB, a smoother's state per column; held and smoothed a column at a
// time it stays under 100 MB, and every value is where it belongs.
BOOST_AUTO_TEST_CASE(a_short_wide_table_takes_memory_for_what_was_read)
{
    scratch_dir dir;
    constexpr std::size_t columns = 500000;
    std::vector<std::string> rows(2);
    std::uint64_t state = 12345;
    for (auto& row : rows) {
        row.reserve(2 * columns);
        for (std::size_t c = 0; c < columns; ++c) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL; // digits that do not repeat
            row += c == 0 ? "" : ",";
            row += static_cast<char>('0' + (state >> 33) % 10);
        }
    }
    const auto input = dir.write("wide.csv", rows[0] + "\n" + rows[1] + "\n");
    const auto r = run_tool("smooth", {"--all-columns", "--sma", "1", "--sma", "3", "--ema", "0.9", "--ema-corrected", "0.9",
                                       "--ema-first", "0.9", "--ema-seeded", "3", "--wilder", "3", "-o", dir.file("out.csv"), input},
                            "", {"ASAN_OPTIONS=quarantine_size_mb=0"});
    BOOST_TEST(r.status == 0, r.err);
#if defined(__SANITIZE_ADDRESS__)
    // an AddressSanitizer build adds its shadow memory and redzones (113 MB measured where the
    // plain build takes 88): the 100 MB is held by the plain build (CI's first run)
    constexpr double limit_mb = 130.0;
#else
    constexpr double limit_mb = 100.0;
#endif
    BOOST_TEST(r.peak_rss_mb < limit_mb, "peak RSS " << r.peak_rss_mb << " MB");
    BOOST_TEST_MESSAGE("500,000 columns x 2 rows, 7 smoothers: peak RSS " << r.peak_rss_mb << " MB (limit " << limit_mb << ")");
    // the file: a header, the two rows; without a header line the first column is the index
    // (x1) and each other column xN is followed by its 7 smoothers
    const auto lines = lines_of(read_file(dir.file("out.csv")));
    BOOST_REQUIRE(lines.size() == 3U);
    BOOST_TEST(lines[0].starts_with("x1,x2,x2_sma_1,x2_sma_3,x2_ema_0.9,x2_ema_corrected_0.9,x2_ema_first_0.9,x2_ema_seeded_3,x2_wilder_3,x3,"));
    BOOST_TEST(std::count(lines[0].begin(), lines[0].end(), ',') == static_cast<std::ptrdiff_t>((columns - 1) * 8));
    // row 2, field by field: each value, its SMA 1 (itself), an empty SMA 3, and EMA first
    // (0.9 a + 0.1 b, as pandas' adjust=False recursion gives it, to rounding)
    std::size_t wrong = 0;
    std::size_t at = lines[2].find(',') + 1;
    for (std::size_t c = 1; c < columns; ++c) {
        std::string_view f[8];
        for (auto& field : f) {
            const std::size_t end = std::min(lines[2].find(',', at), lines[2].size());
            field = std::string_view(lines[2]).substr(at, end - at);
            at = end + 1;
        }
        const char a = rows[0][2 * c];
        const char b = rows[1][2 * c];
        const double first = 0.9 * (a - '0') + 0.1 * (b - '0');
        wrong += f[0] == std::string_view(&b, 1) && f[1] == std::string_view(&b, 1) && f[2].empty() &&
                         std::abs(std::stod(std::string(f[5])) - first) < 1e-12
                     ? 0
                     : 1;
    }
    BOOST_TEST(wrong == 0U);
}

// Alpha 1 after an infinity: every EMA form gives the newest value (issue 21's reproducer:
// before, the fields after the inf were empty, NaN).
BOOST_AUTO_TEST_CASE(alpha_1_after_an_infinity_is_the_newest_value)
{
    const auto r = run_tool("smooth", {"--ema-corrected", "alpha=1", "--ema-first", "alpha=1", "--ema-seeded", "1",
                                       "--wilder", "1"},
                            "1\ninf\n2\n3\n");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out == "t,x,ema_corrected_alpha=1,ema_first_alpha=1,ema_seeded_1,wilder_1\n1,1,1,1,1,1\n"
                        "2,inf,inf,inf,inf,inf\n3,2,2,2,2,2\n4,3,3,3,3,3\n");
}

// R's own files (tests/REFERENCES.md, R4: the bytes R 4.2.2's write.csv wrote). A first column
// of fractional years (R's ts time) or of quoted row names is the index, never the smoothed
// column, and stderr says so in one line; --index X never smooths X. Before, smooth --sma 12
// smoothed the years.
BOOST_AUTO_TEST_CASE(r_write_csv_files_smooth_their_values_not_their_time)
{
    const std::string ap = std::string(SMOOTH_TEST_DATA_DIR) + "/r_airpassengers.csv";
    const auto r = run_tool("smooth", {"--sma", "12", ap});
    BOOST_TEST(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_REQUIRE(lines.size() == 145U);
    BOOST_TEST(lines[0] == "time,AirPassengers,sma_12");
    BOOST_TEST(lines[1] == "1949,112,");
    BOOST_TEST(lines[12] == "1949.91666666667,118,126.66666666666667"); // R4: mean(AirPassengers[1:12])
    BOOST_TEST(lines[144] == "1960.91666666667,432,476.1666666666667"); // R4: 476.16666666666669
    BOOST_TEST(r.err == "smooth: reading column 2 'AirPassengers'; column 1 'time' (increasing in steps of 0.0833333, a "
                        "time) is carried through as the index (choose with --column and --index)\n",
               r.err);
    // --index time: the same column smoothed, the time carried through, never smoothed too
    const auto named = run_tool("smooth", {"--index", "time", "--sma", "12", ap});
    BOOST_TEST(named.status == 0, named.err);
    BOOST_TEST(lines_of(named.out)[0] == "time,AirPassengers,sma_12");
    const auto both = run_tool("smooth", {"--index", "time", "--column", "time", "--sma", "12", ap});
    BOOST_TEST(both.status == 2);
    BOOST_TEST(both.err.find("--column names column 1 'time', which --index makes the index") != std::string::npos,
               both.err);
    // R's row names: a quoted "" header over quoted "1", "2", ...
    const auto eu = run_tool("smooth", {"--sma", "3", std::string(SMOOTH_TEST_DATA_DIR) + "/r_eustockmarkets_head.csv"});
    BOOST_TEST(eu.status == 0, eu.err);
    BOOST_TEST(lines_of(eu.out)[0] == ",DAX,sma_3");
    // smooth's SMA is the exact mean rounded once, as R's mean gives (R4): 1616.2966666666666
    // (Python's math.fsum([1628.75, 1613.63, 1606.51]) / 3 rounds twice: 1616.2966666666669)
    BOOST_TEST(lines_of(eu.out)[3] == "3,1606.51,1616.2966666666666");
    // a ramp of data with a step that is not constant stays data
    const auto ramp = run_tool("smooth", {"--sma", "2"}, "a,b\n1.5,1\n2.5,2\n4,3\n");
    BOOST_TEST(lines_of(ramp.out)[0] == "t,a,sma_2");
}

// --min-periods 0 means what smoother_spec's 0 means, each form's default (before: the library
// took 0 and the CLI refused it).
BOOST_AUTO_TEST_CASE(min_periods_0_is_each_forms_default_as_in_the_library)
{
    const auto zero = run_tool("smooth", {"--sma", "2", "--ema-corrected", "0.5", "--min-periods", "0"}, "1\n2\n3\n");
    const auto none = run_tool("smooth", {"--sma", "2", "--ema-corrected", "0.5"}, "1\n2\n3\n");
    BOOST_TEST(zero.status == 0, zero.err);
    BOOST_TEST(zero.out == none.out);
    BOOST_TEST(lines_of(zero.out)[1] == "1,1,,1"); // the SMA waits for its window, the EMA for 1 value
}
