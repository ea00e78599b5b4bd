// The raw terminal, the keys named, frames on standard output and the two frame loops
// (smooth/plot/terminal.hpp).
#include <smooth/plot/terminal.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>

#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace smooth::plot {

namespace {

void write_all(char const* text)
{
    std::size_t left = std::char_traits<char>::length(text);
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, text, left);
        if (n <= 0) {
            return;
        }
        text += n;
        left -= static_cast<std::size_t>(n);
    }
}

constexpr int restored_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

std::size_t index(int sig)
{
    return sig == SIGINT ? 0 : sig == SIGTERM ? 1 : sig == SIGHUP ? 2 : 3;
}

volatile std::sig_atomic_t resized_flag = 0;

} // namespace

struct raw_terminal::impl {
    termios saved{};
    struct sigaction previous[4]{};

    static inline impl* active = nullptr;

    void restore() const
    {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        write_all("\x1b[?25h\n"); // the cursor back
    }

    static void on_signal(int sig)
    {
        // async-signal-safe only: tcsetattr and write; then whatever handled it before
        // (the removal of a half-written PNG), or the default
        if (active != nullptr) {
            active->restore();
            struct sigaction const& before = active->previous[index(sig)];
            ::sigaction(sig, &before, nullptr);
        }
        ::raise(sig);
    }
};

raw_terminal::raw_terminal() : impl_(std::make_unique<impl>())
{
    if (::tcgetattr(STDIN_FILENO, &impl_->saved) != 0) {
        throw std::runtime_error("cannot read the terminal's settings");
    }
    impl::active = impl_.get();
    termios raw = impl_->saved;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
    write_all("\x1b[?25l"); // no cursor blinking over the figure
    for (const int sig : restored_signals) {
        struct sigaction sa{};
        sa.sa_handler = impl::on_signal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(sig, &sa, &impl_->previous[index(sig)]);
    }
    struct sigaction winch{};
    winch.sa_handler = [](int) { resized_flag = 1; };
    sigemptyset(&winch.sa_mask);
    ::sigaction(SIGWINCH, &winch, nullptr);
}

raw_terminal::~raw_terminal()
{
    impl_->restore();
    for (const int sig : restored_signals) {
        ::sigaction(sig, &impl_->previous[index(sig)], nullptr);
    }
    impl::active = nullptr;
}

bool raw_terminal::resized()
{
    const bool r = resized_flag != 0;
    resized_flag = 0;
    return r;
}

std::string read_key(int timeout_ms, int fd)
{
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) {
        return {};
    }
    char c = 0;
    if (::read(fd, &c, 1) != 1) {
        return "q"; // the terminal went away
    }
    if (c != '\x1b') {
        return std::string(1, c);
    }
    char seq[2] = {0, 0};
    if (::poll(&p, 1, 30) <= 0 || ::read(fd, &seq[0], 1) != 1 || ::poll(&p, 1, 30) <= 0 ||
        ::read(fd, &seq[1], 1) != 1) {
        return "escape";
    }
    if (seq[0] == '[' || seq[0] == 'O') {
        switch (seq[1]) {
        case 'A':
            return "up";
        case 'B':
            return "down";
        case 'C':
            return "right";
        case 'D':
            return "left";
        default:
            break;
        }
    }
    return "escape";
}

frame_screen::frame_screen(bool interactive, bool sixel, std::optional<size> fixed)
    : interactive_(interactive), sixel_(sixel), fixed_(fixed)
{
}

void frame_screen::draw(std::vector<figure> const& panels, std::vector<std::string> const& status_lines)
{
    const auto sz = frame_size(status_lines.size());
    if (interactive_) {
        std::fputs("\x1b[H\x1b[2J", stdout); // a clean screen for the frame
    }
    std::fflush(stdout);
    gnuplot_.draw(panels, terminal_kind(), sz);
    gnuplot_.sync(); // the frame is on the screen before its status line
    for (auto const& l : status_lines) {
        std::fputs((l + '\n').c_str(), stdout);
    }
    std::fflush(stdout);
}

terminal frame_screen::terminal_kind() const
{
    if (!interactive_) {
        return terminal::dumb;
    }
    return sixel_ ? terminal::sixel : text_terminal();
}

size frame_screen::frame_size(std::size_t status_lines) const
{
    if (fixed_) {
        return *fixed_;
    }
    if (sixel_) {
        return default_size(terminal::sixel, 2);
    }
    auto sz = terminal_size().value_or(size{80, 24});
    // terminal_size leaves two rows; the status lines take theirs
    sz.height = std::max(10, sz.height + 1 - static_cast<int>(status_lines));
    return sz;
}

void run_keys(std::function<void()> const& draw, std::function<std::string(std::string const& key)> const& word_of,
              std::function<bool(std::string const& word)> const& apply)
{
    const raw_terminal raw;
    draw();
    for (;;) {
        const auto key = read_key(200);
        if (raw_terminal::resized()) {
            draw();
        }
        if (key.empty()) {
            continue;
        }
        const auto word = word_of(key);
        if (word.empty()) {
            continue; // not a key of this loop
        }
        if (!apply(word)) {
            return;
        }
        draw();
    }
}

void run_words(std::istream& in, std::function<void()> const& draw,
               std::function<bool(std::string const& word, std::size_t line)> const& apply)
{
    draw();
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        const auto word = line.substr(first, line.find_last_not_of(" \t\r") + 1 - first);
        if (!apply(word, number)) {
            return;
        }
        draw();
    }
}

} // namespace smooth::plot
