#define BOOST_TEST_MODULE explore_modes
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "modes.hpp"

namespace ex = smooth::explore;

namespace {

bool has(std::string const& text, std::string const& part)
{
    return text.find(part) != std::string::npos;
}

/// What a key does in a session, as the terminal loop would: its word applied.
bool press(ex::session& s, std::string const& key)
{
    const auto word = s.word_of(key);
    BOOST_REQUIRE_MESSAGE(!word.empty(), "no word for key " << key);
    return s.apply(word);
}

} // namespace

// beta steps by 1 - beta scaled, clamped to [0, 0.9999]; shown with three digits of 1 - beta.
BOOST_AUTO_TEST_CASE(beta_steps_and_reads)
{
    BOOST_TEST(ex::step_beta(0.9, 1.0 / 1.2) == 1.0 - 0.1 / 1.2, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(ex::step_beta(0.9, 1.2) == 0.88, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(ex::step_beta(0.99995, 1.0 / 1.2) == 0.9999); // never nearer 1 than that
    BOOST_TEST(ex::step_beta(0.1, 10.0) == 0.0);            // never below 0
    BOOST_TEST(ex::beta_text(0.9) == "0.9");
    BOOST_TEST(ex::beta_text(1.0 - 0.1 / 1.2) == "0.9167");
    BOOST_TEST(ex::beta_text(0.99895) == "0.99895"); // not 0.999: 1 - beta keeps three digits
    BOOST_TEST(ex::beta_text(0.0) == "0");
}

// The weights' status from the library. By hand: window 1 / (1 - beta), mean age
// beta / (1 - beta); the newest K terms hold 1 - beta^K, the smallest K reaching p:
// beta 0.9: 0.9^6 = 0.531 > 0.5 >= 0.9^7 = 0.478, 0.9^21 = 0.109 > 0.1 >= 0.9^22 = 0.098,
// 0.9^43 = 0.0108 > 0.01 >= 0.9^44 = 0.0097; beta 11/12: K >= ln(1 - p) / ln(11/12) = 7.97,
// 26.5, 52.9.
BOOST_AUTO_TEST_CASE(weights_mode_through_a_session)
{
    ex::session s(std::make_unique<ex::weights_mode>());
    auto lines = s.status();
    BOOST_REQUIRE(lines.size() == 2U);
    BOOST_TEST(lines[0] == "beta 0.9: newest weight alpha = 0.1, effective window 10, mean age 9");
    BOOST_TEST(lines[1] == "the newest 7 terms hold 50 %, 22 hold 90 %, 44 hold 99 %");
    BOOST_TEST(press(s, "up"));
    lines = s.status();
    BOOST_TEST(lines[0] == "beta 0.9167: newest weight alpha = 0.08333, effective window 12, mean age 11");
    BOOST_TEST(lines[1] == "the newest 8 terms hold 50 %, 27 hold 90 %, 53 hold 99 %");
    BOOST_TEST(press(s, "r"));
    BOOST_TEST(s.status()[0] == "beta 0.9: newest weight alpha = 0.1, effective window 10, mean age 9");
    const auto panels = ex::weights_mode().panels();
    BOOST_REQUIRE(panels.size() == 2U); // the weights and their mass
    BOOST_TEST(panels[0].title == "weights, beta 0.9");
}

BOOST_AUTO_TEST_CASE(the_session_words)
{
    ex::session s(std::make_unique<ex::weights_mode>());
    BOOST_TEST(s.word_of("up") == "beta+");
    BOOST_TEST(s.word_of("down") == "beta-");
    BOOST_TEST(s.word_of("q") == "quit");
    BOOST_TEST(s.word_of("?") == "help");
    BOOST_TEST(s.word_of("s") == "save");
    BOOST_TEST(s.word_of("left").empty()); // not a key of weights
    BOOST_TEST(s.word_of("escape").empty());
    // help: the keys as a note under the status, until the next word
    BOOST_TEST(s.apply("help"));
    auto lines = s.status();
    BOOST_REQUIRE(lines.size() == 3U);
    BOOST_TEST(lines[2] == "keys: up beta nearer 1; down beta further from 1; r beta 0.9; s save a PNG; ? keys; q quit");
    BOOST_TEST(s.apply("beta-"));
    BOOST_TEST(s.status().size() == 2U);
    // an unknown word: a usage error that lists the mode's words
    bool listed = false;
    try {
        s.apply("sideways");
    } catch (smooth::cli::usage_error const& e) {
        listed = has(e.what(), "explore weights has no key 'sideways' (beta+, beta-, reset, save, help, quit)");
    }
    BOOST_TEST(listed);
    BOOST_TEST(!s.apply("quit"));
}

// The SMA's mean age is (N - 1) / 2 by hand; the window moves by x 1.2 rounded, at least one.
BOOST_AUTO_TEST_CASE(smooth_mode_window_and_ages)
{
    ex::smooth_mode m("", {});
    BOOST_TEST(m.status()[0] == "EMA beta 0.9: effective window 10, mean age 9 | SMA 19: mean age 9");
    BOOST_TEST(has(m.status()[1], "same age at window 19 = (1+beta)/(1-beta)"));
    BOOST_TEST(m.apply("window+"));
    BOOST_TEST(has(m.status()[0], "SMA 23: mean age 11")); // round(22.8)
    BOOST_TEST(m.apply("window-"));
    BOOST_TEST(has(m.status()[0], "SMA 19: mean age 9")); // round(19.17)
    for (int i = 0; i < 40; ++i) {
        m.apply("window-");
    }
    BOOST_TEST(has(m.status()[0], "SMA 1: mean age 0")); // never below one sample
    BOOST_TEST(!m.apply("alpha+"));                      // not a word of this mode
    const auto panels = m.panels();
    BOOST_REQUIRE(panels.size() == 1U);
    BOOST_TEST(panels[0].title == "explore smooth: a noisy wave");
    BOOST_REQUIRE(panels[0].lines.size() == 4U); // samples, SMA, EMA, corrected EMA
    BOOST_TEST(panels[0].lines[0].x.size() == 300U);
}

BOOST_AUTO_TEST_CASE(smooth_mode_reads_a_file)
{
    ex::smooth_mode m(SMOOTH_TEST_DATA_DIR "/r_airpassengers.csv", {});
    // the file's name, not its path, and the column read
    BOOST_TEST(m.panels()[0].title == "explore smooth: r_airpassengers.csv (AirPassengers)");
    BOOST_TEST(m.panels()[0].lines[0].x.size() == 144U); // R's AirPassengers: 12 years, monthly
    BOOST_CHECK_THROW(ex::smooth_mode("/no/such/file.csv", {}), std::exception);
}

// distill's optimum on the ravine (lambda 1 and 100, tests/REFERENCES.md [H5]): EMA-form alpha
// 0.1, beta 81/121 = 0.6694, rate 9/11 = 0.8182; classic alpha 4/121 = 0.03306; GD 2/101.
BOOST_AUTO_TEST_CASE(descend_mode_starts_at_the_optimum_and_converts_forms)
{
    ex::session s(std::make_unique<ex::descend_mode>("ravine", 500));
    ex::descend_mode direct("ravine", 500);
    (void)direct.panels(); // the run its status reports
    auto lines = direct.status();
    BOOST_REQUIRE(lines.size() >= 2U);
    BOOST_TEST(lines[0] == "momentum (ema form)  alpha 0.1  beta 0.6694  ravine");
    BOOST_TEST(has(lines[1], "rate predicted 0.8182, measured "), lines[1]);
    // what the run measured agrees with the theory's 9/11 (the envelope of a finite run)
    const auto at = lines[1].find("measured ");
    BOOST_REQUIRE(at != std::string::npos);
    BOOST_TEST(std::stod(lines[1].substr(at + 9)) == 9.0 / 11.0, boost::test_tools::tolerance(5e-3));
    BOOST_TEST(has(lines[1], "loss 1e-6 at step"), lines[1]);
    BOOST_TEST(direct.apply("form"));
    BOOST_TEST(direct.status()[0] == "momentum (classic form)  alpha 0.03306  beta 0.6694  ravine");
    BOOST_TEST(direct.apply("method")); // nesterov
    BOOST_TEST(direct.apply("method")); // gd, at its own best
    lines = direct.status();
    BOOST_TEST(lines[0] == "gd (classic form)  alpha 0.0198  beta -  ravine");
    BOOST_TEST(lines.back() == "m: gd at its best alpha and beta (o)");
    BOOST_TEST(direct.apply("alpha+"));
    BOOST_TEST(!has(direct.status().back(), "m: gd")); // the note was for the last key only
    BOOST_TEST(s.word_of("left") == "alpha-");
    BOOST_TEST(s.word_of("m") == "method");
    BOOST_CHECK_THROW(ex::descend_mode("quadratic:1,2,3", 500), smooth::cli::usage_error); // not in the plane
}
