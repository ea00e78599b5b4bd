// An interactive figure in a terminal: keys read raw and named, the terminal put back as it
// was on every way out, and the frame loop that redraws the figure after each key.
//
// The contract. raw_terminal switches standard input to raw keys (no line buffering, no
// echo, no cursor) for its lifetime and restores the saved settings on a normal return, an
// exception, SIGINT, SIGTERM, SIGHUP and SIGQUIT (then the signal goes on to whatever handled
// it before, or its default). read_key names a key: "up", "down", "left", "right" for the
// arrows (ESC [ or ESC O and A-D), "escape" for any other escape sequence or a lone ESC, the
// character itself otherwise, "q" when the input went away, "" when nothing came in time.
// frame_screen prints frames (the panels, drawn by one gnuplot kept open, then the status
// lines) on standard output; run_keys and run_words are the two loops that drive it: keys from
// a terminal, or the same actions as words, one per line, from a stream (a script, a pipe).
//
// Use: give the loop three callbacks. draw() shows the current frame (a frame_screen's draw
// with the panels and status lines of the moment); word_of(key) names what a key does ("up"
// -> "beta+", "q" -> "quit", "" for a key that does nothing); apply(word) does it and returns
// false to stop. In a terminal, run_keys(draw, word_of, apply); otherwise
// run_words(std::cin, draw, apply-with-line-number), so that a script or a test sends the same
// words ("beta+\nbeta+\nquit\n") and reads every frame. explore (tools/explore/main.cpp) is
// built this way; tests/test_terminal.cpp runs both loops' parts without a terminal.
#ifndef SMOOTH_PLOT_TERMINAL_HPP
#define SMOOTH_PLOT_TERMINAL_HPP

#include <cstddef>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <smooth/plot/figure.hpp>
#include <smooth/plot/gnuplot.hpp>

namespace smooth::plot {

/// Raw keys from the terminal on standard input while it lives, and the terminal put back as
/// it was on every way out: a normal return, an exception, Ctrl-C, kill, a closed terminal.
/// One at a time. Throws std::runtime_error when standard input is not a terminal.
class raw_terminal {
public:
    raw_terminal();
    ~raw_terminal();
    raw_terminal(raw_terminal const&) = delete;
    raw_terminal& operator=(raw_terminal const&) = delete;

    /// Whether the window changed size since the last call (SIGWINCH).
    static bool resized();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The next key read from `fd` (standard input unless said) as a name: "left", "right", "up",
/// "down", "escape", or the character itself; "q" at the end of the input (the terminal went
/// away); empty when nothing came within `timeout_ms` (or a resize interrupted the wait). The
/// bytes of an escape sequence are awaited 30 ms each.
std::string read_key(int timeout_ms, int fd = 0);

/// Frames on standard output, one gnuplot kept open for all of them: each frame is the panels
/// then the status lines, the status lines printed once gnuplot has drawn the panels.
/// interactive: the screen is cleared before each frame and the figure is text (or sixel)
/// sized to the window, less the status lines' rows (at least 10 rows); otherwise dumb text
/// frames follow each other (80x24 less the status lines when the size is not known).
/// `fixed` overrides the size. Throws plot_error when gnuplot is missing or fails.
class frame_screen {
public:
    frame_screen(bool interactive, bool sixel, std::optional<size> fixed);
    void draw(std::vector<figure> const& panels, std::vector<std::string> const& status_lines);

private:
    [[nodiscard]] terminal terminal_kind() const;
    [[nodiscard]] size frame_size(std::size_t status_lines) const;

    bool interactive_;
    bool sixel_;
    std::optional<size> fixed_;
    gnuplot_process gnuplot_;
};

/// The interactive loop: holds a raw_terminal, draws, then for each key (read_key) the word
/// word_of gives it (keys without a word are skipped), apply(word), and draws again; redraws
/// when the window changes size. Returns when apply returns false.
void run_keys(std::function<void()> const& draw, std::function<std::string(std::string const& key)> const& word_of,
              std::function<bool(std::string const& word)> const& apply);

/// The scripted loop: draws, then for each word of `in` (one per line, blanks around it
/// ignored, empty lines and lines starting with # skipped) apply(word, its line number, from
/// 1), and draws again. Returns when apply returns false or the input ends; what apply throws
/// goes through.
void run_words(std::istream& in, std::function<void()> const& draw,
               std::function<bool(std::string const& word, std::size_t line)> const& apply);

} // namespace smooth::plot

#endif
