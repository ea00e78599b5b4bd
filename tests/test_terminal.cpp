#define BOOST_TEST_MODULE plot_terminal
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <smooth/plot/terminal.hpp>

namespace plot = smooth::plot;

namespace {

/// A pipe whose read end stands in for the terminal: bytes written, keys read.
class key_pipe {
public:
    key_pipe()
    {
        BOOST_REQUIRE(::pipe(fds_) == 0);
    }
    ~key_pipe()
    {
        ::close(fds_[0]);
        close_writer();
    }
    key_pipe(key_pipe const&) = delete;
    key_pipe& operator=(key_pipe const&) = delete;

    void type(std::string const& bytes) const
    {
        BOOST_REQUIRE(::write(fds_[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    }
    void close_writer()
    {
        if (fds_[1] >= 0) {
            ::close(fds_[1]);
            fds_[1] = -1;
        }
    }
    [[nodiscard]] std::string key(int timeout_ms = 1000) const { return plot::read_key(timeout_ms, fds_[0]); }

private:
    int fds_[2] = {-1, -1};
};

} // namespace

BOOST_AUTO_TEST_CASE(arrows_are_named_in_both_encodings)
{
    key_pipe p;
    // ESC [ X (normal cursor mode) and ESC O X (application mode, what tmux and xterm send
    // after smkx): the same four names
    p.type("\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1bOB\x1bOC\x1bOD");
    for (char const* name : {"up", "down", "right", "left", "up", "down", "right", "left"}) {
        BOOST_TEST(p.key() == name);
    }
    BOOST_TEST(p.key(0).empty()); // every byte consumed: nothing left over
}

BOOST_AUTO_TEST_CASE(other_bytes_are_themselves_or_escape)
{
    key_pipe p;
    p.type("m?\x1b[Zq");
    BOOST_TEST(p.key() == "m");
    BOOST_TEST(p.key() == "?");
    BOOST_TEST(p.key() == "escape"); // an escape sequence that is not an arrow (shift-tab)
    BOOST_TEST(p.key() == "q");      // the byte after it is a key of its own
    // a lone ESC: the rest of a sequence is awaited 30 ms, then it is the escape key
    p.type("\x1b");
    BOOST_TEST(p.key() == "escape");
    // an incomplete sequence is not mistaken for the bytes that come later
    p.type("\x1b[");
    BOOST_TEST(p.key() == "escape");
}

BOOST_AUTO_TEST_CASE(nothing_in_time_is_empty_and_the_end_is_quit)
{
    key_pipe p;
    const auto before = std::chrono::steady_clock::now();
    BOOST_TEST(p.key(50).empty());
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - before);
    BOOST_TEST(waited.count() >= 40); // it waited
    p.type("x");
    p.close_writer();
    BOOST_TEST(p.key() == "x");
    BOOST_TEST(p.key() == "q"); // the terminal went away: the loop must end, not spin
    BOOST_TEST(p.key() == "q");
}

BOOST_AUTO_TEST_CASE(a_raw_terminal_needs_a_terminal)
{
    // standard input from /dev/null for the while: no settings to save, so no raw mode
    const int saved = ::dup(STDIN_FILENO);
    BOOST_REQUIRE(saved >= 0);
    const int null = ::open("/dev/null", O_RDONLY);
    BOOST_REQUIRE(null >= 0);
    BOOST_REQUIRE(::dup2(null, STDIN_FILENO) == STDIN_FILENO);
    ::close(null);
    bool refused = false;
    try {
        const plot::raw_terminal raw;
    } catch (std::runtime_error const& e) {
        refused = std::string(e.what()).find("terminal") != std::string::npos;
    }
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    BOOST_TEST(refused);
}

BOOST_AUTO_TEST_CASE(words_are_read_one_a_line_and_drawn_after_each)
{
    std::istringstream in("  beta+ \t\n\n# a comment\n   # an indented comment\nwindow+\r\nquit\nbeta-\n");
    int draws = 0;
    std::vector<std::string> words;
    std::vector<std::size_t> lines;
    plot::run_words(
        in, [&] { ++draws; },
        [&](std::string const& word, std::size_t line) {
            words.push_back(word);
            lines.push_back(line);
            return word != "quit";
        });
    BOOST_TEST(words == (std::vector<std::string>{"beta+", "window+", "quit"}), boost::test_tools::per_element());
    BOOST_TEST(lines == (std::vector<std::size_t>{1, 5, 6}), boost::test_tools::per_element());
    BOOST_TEST(draws == 3); // the first frame, then after beta+ and window+; none after quit
}

BOOST_AUTO_TEST_CASE(words_end_with_the_input_and_errors_go_through)
{
    std::istringstream empty("");
    int draws = 0;
    plot::run_words(empty, [&] { ++draws; }, [](std::string const&, std::size_t) { return true; });
    BOOST_TEST(draws == 1); // the first frame is drawn even when no word comes

    std::istringstream in("alpha+\nsideways\nalpha-\n");
    std::vector<std::string> words;
    BOOST_CHECK_THROW(plot::run_words(
                          in, [] {},
                          [&](std::string const& word, std::size_t line) {
                              words.push_back(word);
                              if (word == "sideways") {
                                  throw std::invalid_argument("line " + std::to_string(line));
                              }
                              return true;
                          }),
                      std::invalid_argument);
    BOOST_TEST(words.size() == 2U); // nothing after the word that failed
}

// The header's use, as code (the region proposed for tests/header_examples.cpp): the same
// draw and apply serve both loops; the words stand for keys.
BOOST_AUTO_TEST_CASE(the_headers_use)
{
    std::istringstream words("beta+\n# a comment\nbeta+\nquit\nbeta+\n");
    double beta = 0.9;
    std::vector<double> drawn;
    const auto draw = [&] { drawn.push_back(beta); }; // a tool: screen.draw(panels, status lines)
    const auto apply = [&](std::string const& word) {
        if (word == "beta+") {
            beta = 1 - (1 - beta) / 1.2;
        }
        return word != "quit";
    };
    smooth::plot::run_words(words, draw, [&](std::string const& word, std::size_t) { return apply(word); });
    // in a terminal: smooth::plot::run_keys(draw, [](std::string const& key) {
    //     return std::string(key == "up" ? "beta+" : key == "q" ? "quit" : ""); }, apply);
    BOOST_REQUIRE(drawn.size() == 3U); // the first frame, one per beta+; none after quit
    BOOST_TEST(drawn[0] == 0.9);
    BOOST_TEST(drawn[1] == 1 - 0.1 / 1.2, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(drawn[2] == 1 - 0.1 / 1.44, boost::test_tools::tolerance(1e-15));
}
