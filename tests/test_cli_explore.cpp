#define BOOST_TEST_MODULE cli_explore
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"

namespace {

/// The status lines printed after each frame (the lines after the last figure row, which is
/// blank in gnuplot's text output): one block per frame.
std::vector<std::vector<std::string>> status_blocks(std::string const& out, std::size_t lines_per_status)
{
    std::vector<std::vector<std::string>> blocks;
    const auto lines = lines_of(out);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("momentum (", 0) == 0 || lines[i].rfind("gd (", 0) == 0 ||
            lines[i].rfind("nesterov (", 0) == 0 || lines[i].rfind("EMA beta ", 0) == 0 ||
            (lines[i].rfind("beta ", 0) == 0 && lines[i].find("newest weight") != std::string::npos)) {
            blocks.emplace_back(lines.begin() + static_cast<std::ptrdiff_t>(i),
                                lines.begin() + static_cast<std::ptrdiff_t>(std::min(lines.size(), i + lines_per_status)));
        }
    }
    return blocks;
}

bool has(std::string const& text, std::string const& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

// The scripted mode: every word of explore descend, and the status line that follows it.
BOOST_AUTO_TEST_CASE(every_descend_word_changes_what_it_says)
{
    const std::string words = "alpha+\nalpha-\nbeta+\nbeta-\nmethod\nmethod\nmethod\nform\nform\nform\n"
                              "optimum\nproblem\nreset\nhelp\n# a comment\n\nquit\nalpha+\n";
    const auto r = run_tool("explore", {"descend", "--size", "80,24"}, words);
    BOOST_TEST(r.status == 0, r.err);
    const auto b = status_blocks(r.out, 3);
    BOOST_REQUIRE(b.size() == 15U); // the first frame and one per word up to quit
    // the ravine, momentum at distill's optimum (ema form)
    BOOST_TEST(b[0][0] == "momentum (ema form)  alpha 0.1  beta 0.6694  ravine");
    BOOST_TEST(has(b[0][1], "rate predicted 0.8182, measured 0.82"));
    BOOST_TEST(has(b[0][1], "loss 1e-6 at step 65"));
    BOOST_TEST(b[1][0] == "momentum (ema form)  alpha 0.11  beta 0.6694  ravine");   // alpha+
    BOOST_TEST(b[2][0] == "momentum (ema form)  alpha 0.1  beta 0.6694  ravine");    // alpha-
    BOOST_TEST(b[3][0] == "momentum (ema form)  alpha 0.1  beta 0.7245  ravine");    // beta+: 1 - 0.3306/1.2
    BOOST_TEST(b[4][0] == "momentum (ema form)  alpha 0.1  beta 0.6694  ravine");    // beta-
    // method: each method starts at its own best (GD at momentum's alpha would diverge)
    BOOST_TEST(b[5][0] == "nesterov (ema form)  alpha 0.06428  beta 0.7933  ravine"); // method
    BOOST_TEST(b[6][0] == "gd (ema form)  alpha 0.0198  beta -  ravine");             // method
    BOOST_TEST(has(b[6][1], "rate predicted"));
    BOOST_TEST(b[7][0] == "momentum (ema form)  alpha 0.1  beta 0.6694  ravine");    // method
    // form: the same dynamics spelled classic (alpha (1 - beta)) and as torch's lr
    BOOST_TEST(b[8][0] == "momentum (classic form)  alpha 0.03306  beta 0.6694  ravine");
    BOOST_TEST(b[8][1] == b[0][1]); // same run, same rates
    BOOST_TEST(b[9][0] == "momentum (pytorch form)  alpha 0.03306  beta 0.6694  ravine");
    BOOST_TEST(has(b[9][1], "predicted n/a")); // torch's spelling is not the theory's
    BOOST_TEST(b[10][0] == "momentum (ema form)  alpha 0.1  beta 0.6694  ravine");
    BOOST_TEST(b[11][0] == b[10][0]);                                                 // optimum: already there
    BOOST_TEST(has(b[12][0], "quadratic:1,100"));                                     // problem
    BOOST_TEST(has(b[12][1], "rate predicted 0.8182"));
    BOOST_TEST(has(b[13][0], "quadratic:1,100"));                                     // reset
    BOOST_TEST(has(r.out, "keys: left alpha / 1.1;"));                                // help
    // after quit nothing more is drawn
    BOOST_TEST(!has(r.out, "alpha 0.11  beta 0.6694  quadratic"));
}

// Where theory says so, predicted and measured agree: at distill's optimum within 5e-3; a step
// past the stability edge diverges and says at which step.
BOOST_AUTO_TEST_CASE(the_status_line_measures)
{
    const auto r = run_tool("explore", {"descend", "--problem", "quadratic:1,100", "--steps", "1000"}, "");
    const auto b = status_blocks(r.out, 3);
    BOOST_REQUIRE(b.size() == 1U);
    const auto at = b[0][1].find("measured ");
    BOOST_REQUIRE(at != std::string::npos);
    BOOST_TEST(std::stod(b[0][1].substr(at + 9)) == 0.8182, boost::test_tools::tolerance(5e-3));
    // at the optimum both extremes sit on the border where the eigenvalues meet: named as
    // descend --theory and the docs name them (before: "ripples, ripples" here, "monotone,
    // monotone oscillation" there, as rounding fell)
    BOOST_TEST(has(b[0][2], "regions: lambda 1 critically damped, lambda 100 critically damped, alternating"), b[0][2]);
    std::string up;
    for (int i = 0; i < 10; ++i) {
        up += "alpha+\n";
    }
    const auto d = run_tool("explore", {"descend"}, up);
    const auto db = status_blocks(d.out, 3);
    BOOST_TEST(has(db.back()[1], "diverges at step"));
    BOOST_TEST(has(db.back()[2], "divergent"));
}

BOOST_AUTO_TEST_CASE(smooth_and_weights_words)
{
    const auto s = run_tool("explore", {"smooth", "--size", "80,24"}, "beta+\nwindow+\nwindow-\nbeta-\nreset\n");
    BOOST_TEST(s.status == 0, s.err);
    const auto sb = status_blocks(s.out, 2);
    BOOST_REQUIRE(sb.size() == 6U);
    BOOST_TEST(sb[0][0] == "EMA beta 0.9: effective window 10, mean age 9 | SMA 19: mean age 9");
    BOOST_TEST(sb[1][0] == "EMA beta 0.9167: effective window 12, mean age 11 | SMA 19: mean age 9");
    BOOST_TEST(sb[2][0] == "EMA beta 0.9167: effective window 12, mean age 11 | SMA 23: mean age 11");
    BOOST_TEST(sb[3][0] == "EMA beta 0.9167: effective window 12, mean age 11 | SMA 19: mean age 9");
    BOOST_TEST(sb[5][0] == sb[0][0]);
    BOOST_TEST(has(sb[1][1], "same age at window 23"));
    const auto w = run_tool("explore", {"weights", "--size", "80,24"}, "beta+\nbeta-\n");
    const auto wb = status_blocks(w.out, 2);
    BOOST_REQUIRE(wb.size() == 3U);
    BOOST_TEST(has(wb[0][0], "beta 0.9: newest weight alpha = 0.1, effective window 10, mean age 9"));
    BOOST_TEST(wb[0][1] == "the newest 7 terms hold 50 %, 22 hold 90 %, 44 hold 99 %");
    BOOST_TEST(wb[1][1] == "the newest 8 terms hold 50 %, 27 hold 90 %, 53 hold 99 %");
    BOOST_TEST(wb[2][1] == wb[0][1]);
}

// A real CSV as smooth reads it (the CO2 file: a date index, a header, missing weeks).
BOOST_AUTO_TEST_CASE(smooth_explores_a_real_csv)
{
    const auto r = run_tool("explore", {"smooth", SMOOTH_SOURCE_DIR "/data/co2_mauna_loa_weekly.csv", "--size", "80,24"}, "");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(has(r.out, "co2_mauna_loa_weekly.csv (co2)"));
    BOOST_TEST(text_figure_faults(r.out.substr(0, r.out.find("EMA beta")), 80, {}, {"value"}).empty());
}

BOOST_AUTO_TEST_CASE(save_writes_a_png_and_names_it)
{
    scratch_dir dir;
    int status = 0;
    const auto out = run_shell("cd " + dir.path().string() + " && printf \"save\\nsave\\n\" | " SMOOTH_BIN_DIR
                               "/explore weights",
                               status);
    BOOST_TEST(status == 0);
    BOOST_TEST(has(out, "saved explore-weights-1.png"));
    BOOST_TEST(has(out, "saved explore-weights-2.png")); // never over an earlier one
    BOOST_TEST(read_file(dir.file("explore-weights-1.png")).rfind("\x89PNG", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(usage_errors)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
        {{}, "say what to explore"},
        {{"sideways"}, "unknown mode 'sideways'"},
        {{"descend", "--problem", "quadratic:1,2,3"}, "two parameters"},
        {{"descend", "--steps", "0"}, "--steps"},
        {{"weights", "--problem", "ravine"}, "--problem and --steps belong to explore descend"},
        {{"smooth", "/no/such/file.csv"}, "cannot open /no/such/file.csv"},
    };
    for (auto const& [args, message] : bad) {
        const auto r = run_tool("explore", args, "");
        BOOST_TEST((r.status == 2 || r.status == 1), r.err);
        BOOST_TEST(has(r.err, message), r.err);
    }
    const auto w = run_tool("explore", {"descend"}, "alpha+\nsideways\n");
    BOOST_TEST(w.status == 2);
    BOOST_TEST(has(w.err, "standard input:2: explore descend has no key 'sideways'"), w.err);
}

// For real, in a terminal: tmux runs explore at 80x24, keys go in, the screen comes out.
// After q and after Ctrl-C the terminal is back in its normal mode (icanon, echo).
BOOST_AUTO_TEST_CASE(in_a_real_terminal)
{
    scratch_dir dir;
    int status = 0;
    const std::string session = "smooth-explore-" + std::to_string(::getpid());
    const auto tmux = [&](std::string const& args) { return run_shell("tmux " + args, status); };
    // the screen once it shows `text` (asked every 100 ms for up to 20 s: a loaded machine
    // may take seconds to draw a frame; a fixed wait made the test flaky under load)
    const auto screen_with = [&](std::string const& text) {
        std::string shown;
        for (int tries = 0; tries < 200; ++tries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            shown = tmux("capture-pane -p -t " + session);
            if (has(shown, text)) {
                break;
            }
        }
        return shown;
    };
    for (std::string const how_to_stop : {"q", "C-c"}) {
        const std::string stty = dir.file("stty-" + std::string(how_to_stop == "q" ? "q" : "c"));
        // (the shell traps SIGINT so that it lives on to run stty; explore gets the default)
        tmux("new-session -d -s " + session + " -c " + dir.path().string() + " -x 80 -y 24 \"bash -c \\\"trap : INT; TERM=xterm-256color " SMOOTH_BIN_DIR
             "/explore descend; stty -a > " + stty + "; sleep 30\\\"\"");
        BOOST_REQUIRE(status == 0);
        auto shown = screen_with("momentum (ema form)  alpha 0.1  beta 0.6694  ravine");
        BOOST_TEST(has(shown, "momentum (ema form)  alpha 0.1  beta 0.6694  ravine"), shown);
        BOOST_TEST(has(shown, "explore ravine: paths over the loss"), shown);
        tmux("send-keys -t " + session + " Up");
        shown = screen_with("beta 0.7245");
        BOOST_TEST(has(shown, "beta 0.7245"), shown);
        tmux("send-keys -t " + session + " Right");
        shown = screen_with("alpha 0.11  beta 0.7245");
        BOOST_TEST(has(shown, "alpha 0.11  beta 0.7245"), shown);
        tmux("send-keys -t " + session + " m");
        shown = screen_with("nesterov (ema form)");
        BOOST_TEST(has(shown, "nesterov (ema form)"), shown);
        tmux("send-keys -t " + session + " o");
        shown = screen_with("alpha 0.06428  beta 0.7933");
        BOOST_TEST(has(shown, "alpha 0.06428  beta 0.7933"), shown); // Nesterov's own optimum
        tmux("send-keys -t " + session + " f");
        shown = screen_with("(classic form)");
        BOOST_TEST(has(shown, "(classic form)"), shown);
        tmux("send-keys -t " + session + " p");
        shown = screen_with("quadratic:1,100");
        BOOST_TEST(has(shown, "quadratic:1,100"), shown);
        tmux("send-keys -t " + session + " r");
        shown = screen_with("momentum (ema form)  alpha 0.1  beta 0.6694  quadratic:1,100");
        BOOST_TEST(has(shown, "momentum (ema form)  alpha 0.1  beta 0.6694  quadratic:1,100"), shown);
        tmux("send-keys -t " + session + " Left");
        shown = screen_with("alpha 0.09091  beta 0.6694");
        BOOST_TEST(has(shown, "alpha 0.09091  beta 0.6694"), shown);
        tmux("send-keys -t " + session + " Down");
        shown = screen_with("alpha 0.09091  beta 0.6033");
        BOOST_TEST(has(shown, "alpha 0.09091  beta 0.6033"), shown);
        tmux("send-keys -t " + session + " s");
        shown = screen_with("saved explore-descend-1.png");
        BOOST_TEST(has(shown, "saved explore-descend-1.png"), shown);
        BOOST_TEST(std::filesystem::exists(dir.file("explore-descend-1.png")));
        std::filesystem::remove(dir.file("explore-descend-1.png"));
        // a larger window: the frame is redrawn to its size
        tmux("resize-window -t " + session + " -x 160 -y 50");
        std::size_t widest = 0;
        for (int tries = 0; tries < 20 && widest <= 120U; ++tries) { // the redraw, on a loaded machine too
            shown = screen_with("alpha 0.09091  beta 0.6033");
            widest = 0;
            for (auto const& line : lines_of(shown)) {
                widest = std::max(widest, line.find_last_not_of(' ') + 1);
            }
        }
        BOOST_TEST(widest > 120U, shown);
        BOOST_TEST(lines_of(shown).size() >= 45U);
        BOOST_TEST(has(shown, "alpha 0.09091  beta 0.6033"), shown);
        tmux("send-keys -t " + session + " ?");
        shown = screen_with("keys: left alpha");
        BOOST_TEST(has(shown, "keys: left alpha"), shown);
        tmux("send-keys -t " + session + " " + how_to_stop);
        std::this_thread::sleep_for(std::chrono::milliseconds(900));
        const auto modes = read_file(stty);
        tmux("kill-session -t " + session);
        BOOST_TEST(has(modes, " icanon"), how_to_stop << ": " << modes);
        BOOST_TEST(has(modes, " echo "), how_to_stop << ": " << modes);
    }
}

// explore smooth reads a file as smooth does: R's time column is the index, not the series;
// --column and --index choose; the reading options belong to a file (issue 22).
BOOST_AUTO_TEST_CASE(explore_smooth_reads_a_file_as_smooth_does)
{
    const std::string data = SMOOTH_TEST_DATA_DIR;
    const auto ap = run_tool("explore", {"smooth", data + "/r_airpassengers.csv", "--size", "80,24"}, "quit\n");
    BOOST_TEST(ap.status == 0, ap.err);
    // the title names the file, not its path, so it stays on one line however deep the checkout
    BOOST_TEST(ap.out.find("explore smooth: r_airpassengers.csv (AirPassengers)") != std::string::npos, ap.out);
    const auto cac = run_tool("explore", {"smooth", data + "/r_eustockmarkets_head.csv", "--column", "CAC", "--size", "80,24"},
                              "quit\n");
    BOOST_TEST(cac.status == 0, cac.err);
    BOOST_TEST(cac.out.find("r_eustockmarkets_head.csv (CAC)") != std::string::npos, cac.out);
    const auto misplaced = run_tool("explore", {"weights", "--column", "x"});
    BOOST_TEST(misplaced.status == 2);
    BOOST_TEST(misplaced.err.find("--column reads a file: it belongs to explore smooth FILE") != std::string::npos,
               misplaced.err);
}

// m and p keep the learner oriented (issue 22, item 5): another method starts at its own best
// (before, GD kept momentum's alpha and diverged), the next problem keeps method and form and
// says what it chose; a beta near 1 is shown with the digits 1 - beta needs.
BOOST_AUTO_TEST_CASE(method_and_problem_keys_say_what_they_chose)
{
    const auto r = run_tool("explore", {"descend", "--size", "80,24"}, "method\nmethod\nform\nproblem\n");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(has(r.out, "m: nesterov at its best alpha and beta (o)"), r.out);
    BOOST_TEST(has(r.out, "m: gd at its best alpha and beta (o)"), r.out);
    BOOST_TEST(has(r.out, "gd (ema form)  alpha 0.0198"), r.out); // GD's own best: 2 / (1 + 100)
    BOOST_TEST(!has(r.out, "diverges"), r.out);
    BOOST_TEST(has(r.out, "p: quadratic:1,100, gd (classic form) at its best alpha and beta"), r.out);
    std::string up;
    for (int i = 0; i < 25; ++i) {
        up += "beta+\n";
    }
    const auto w = run_tool("explore", {"weights", "--size", "80,24"}, up);
    BOOST_TEST(has(w.out, "beta 0.99895: newest weight alpha = 0.001048, effective window 954"), w.out);
}
