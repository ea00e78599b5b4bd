#include "cli_runner.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {
std::string temp_name(char const* stem)
{
    std::string path = (std::filesystem::temp_directory_path() / (std::string(stem) + "XXXXXX")).string();
    const int fd = ::mkstemp(path.data());
    if (fd < 0) {
        throw std::runtime_error("mkstemp failed");
    }
    ::close(fd);
    return path;
}
} // namespace

std::string read_file(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

command_result run_tool(std::string const& tool, std::vector<std::string> const& args, std::string const& input,
                        std::vector<std::string> const& env)
{
    const std::string program = std::string(SMOOTH_BIN_DIR) + "/" + tool;
    const std::string in_path = temp_name("smooth-test-in-");
    const std::string out_path = temp_name("smooth-test-out-");
    const std::string err_path = temp_name("smooth-test-err-");
    const std::string rss_path = temp_name("smooth-test-rss-");
    {
        std::ofstream in(in_path, std::ios::binary);
        in << input;
    }
    // through rss_probe: a spawned child's peak memory would count this process's pages
    const std::string probe = SMOOTH_RSS_PROBE;
    std::vector<std::string> argv_text{probe, rss_path, program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    std::map<std::string, std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string kv(*e);
        vars[kv.substr(0, kv.find('='))] = kv;
    }
    for (auto const& kv : env) {
        vars[kv.substr(0, kv.find('='))] = kv;
    }
    std::vector<std::string> env_text;
    for (auto const& [k, kv] : vars) {
        env_text.push_back(kv);
    }
    std::vector<char*> envp;
    for (auto& kv : env_text) {
        envp.push_back(kv.data());
    }
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_TRUNC, 0);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, probe.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot run " + program);
    }
    int status = 0;
    rusage usage{};
    const auto started = std::chrono::steady_clock::now();
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    command_result r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    r.peak_rss_mb = std::strtod(read_file(rss_path).c_str(), nullptr) / 1024.0; // (KiB)
    std::filesystem::remove(rss_path);
    if (WIFSIGNALED(status)) {
        r.signaled = true;
        r.status = 128 + WTERMSIG(status);
    } else {
        r.status = WEXITSTATUS(status);
    }
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    std::filesystem::remove(in_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return r;
}

scratch_dir::scratch_dir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "smooth-test-dir-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

scratch_dir::~scratch_dir()
{
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
}

std::string scratch_dir::write(std::string const& name, std::string const& text) const
{
    const std::string p = file(name);
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p;
}

std::vector<std::string> lines_of(std::string const& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

double number(std::string const& text)
{
    double v = std::numeric_limits<double>::quiet_NaN();
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::vector<std::string> fields_of(std::string const& line)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        out.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) {
            return out;
        }
        start = comma + 1;
    }
}

std::string run_shell(std::string const& command, int& status)
{
    std::string quoted; // the command as one single-quoted word: each ' as '\''
    for (const char c : command) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    const std::string line = "bash -c '" + quoted + "'";
    std::FILE* p = ::popen(line.c_str(), "r");
    std::string out;
    char buf[4096];
    while (const auto n = std::fread(buf, 1, sizeof buf, p)) {
        out.append(buf, n);
    }
    const int raw = ::pclose(p);
    status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return out;
}

std::string text_figure_faults(std::string const& text, std::size_t width, std::vector<std::string> const& titles,
                               std::vector<std::string> const& ylabels)
{
    std::string faults;
    auto lines = lines_of(text);
    for (auto& line : lines) {
        if (!line.empty() && line.front() == '\f') {
            line.erase(0, 1); // gnuplot starts a text page with a form feed
        }
        if (line.size() > width) {
            faults += "a line is " + std::to_string(line.size()) + " wide: " + line + "\n";
        }
        for (std::size_t i = 0; i + 2 < line.size() && line.find('|') == std::string::npos; ++i) {
            const bool glyph = std::string_view("*#$%@&=").find(line[i]) != std::string_view::npos;
            if (glyph && line[i + 1] == line[i] && std::isalpha(static_cast<unsigned char>(line[i + 2])) != 0) {
                faults += "a legend entry runs into the next: " + line + "\n";
                break;
            }
        }
    }
    for (auto const& title : titles) {
        std::istringstream words(title);
        for (std::string word; words >> word;) {
            if (text.find(word) == std::string::npos) {
                faults += "the title word '" + word + "' is not shown\n";
            }
        }
    }
    for (auto const& label : ylabels) {
        if (text.find(label) == std::string::npos) {
            faults += "the y label '" + label + "' is missing\n";
        }
        for (auto at = text.find(label); at != std::string::npos; at = text.find(label, at + 1)) {
            const char next = at + label.size() < text.size() ? text[at + label.size()] : ' ';
            if (std::isdigit(static_cast<unsigned char>(next)) != 0 || next == '-') {
                faults += "the y label '" + label + "' touches the tick labels\n";
            }
        }
    }
    // the tick row: the line after a frame's bottom edge, under that frame
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        for (std::size_t a = lines[i].find("+---"); a != std::string::npos; a = lines[i].find("+---", a + 1)) {
            const std::size_t b = lines[i].find('+', a + 1);
            if (b == std::string::npos || lines[i + 1].size() <= a) {
                break;
            }
            const std::size_t from = a >= 3 ? a - 3 : 0;
            const std::string row = lines[i + 1].substr(from, b + 4 - from);
            if (row.find('|') != std::string::npos || row.find_first_not_of(' ') == std::string::npos) {
                a = b;
                continue; // a top edge, or no labels
            }
            std::istringstream tokens(row);
            std::vector<double> run;
            for (std::string token; tokens >> token;) {
                double v = 0;
                try {
                    std::size_t used = 0;
                    v = std::stod(token, &used);
                    if (used != token.size()) {
                        throw std::invalid_argument(token);
                    }
                } catch (std::exception const&) {
                    faults += "x tick label '" + token + "' is not a number: " + row + "\n";
                    break;
                }
                run.push_back(v);
            }
            for (std::size_t k = 1; k < run.size(); ++k) {
                const double d = run[k] - run[k - 1];
                const double first = run[1] - run[0];
                if (!(d > 0) || std::abs(d - first) > 1e-9 * std::max(std::abs(d), std::abs(first))) {
                    faults += "x tick labels not evenly spaced: " + row + "\n";
                    break;
                }
            }
            a = b;
        }
    }
    return faults;
}
