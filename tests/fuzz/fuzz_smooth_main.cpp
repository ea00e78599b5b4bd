// libFuzzer harness for the whole `smooth` tool: its main, with arguments and standard input
// taken from the fuzz data. Byte 0 says how many arguments follow (0-7), each ended by a NUL
// byte; the rest is standard input. Options that write files (-o, --output, --plot, --dump,
// --sixel) are left out and -o /dev/null is added, so a run writes nowhere; --plot-timeout
// and --size go with them. The oracle is the sanitizers and the tool's contract: it returns a
// status (0, 1, 2 or 141) and never crashes, hangs or throws.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int smooth_tool_main(int argc, char** argv);

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static const bool quiet = [] {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO); // --help and CSV to standard output go nowhere
        ::close(null);
        return true;
    }();
    (void)quiet;
    if (size < 1) {
        return 0;
    }
    const std::size_t count = data[0] % 8;
    std::size_t at = 1;
    std::vector<std::string> args{"smooth"};
    for (std::size_t k = 0; k < count && at < size; ++k) {
        const auto* end = static_cast<std::uint8_t const*>(std::memchr(data + at, 0, size - at));
        const std::size_t len = end == nullptr ? size - at : static_cast<std::size_t>(end - (data + at));
        std::string arg(reinterpret_cast<char const*>(data + at), len);
        at += len + 1;
        const bool writes = arg.rfind("-o", 0) == 0 || arg.rfind("--o", 0) == 0 || arg.rfind("--p", 0) == 0 ||
                            arg.rfind("--d", 0) == 0 || arg.rfind("--si", 0) == 0;
        const bool names_a_file = !arg.empty() && arg[0] != '-' && arg.find('=') == std::string::npos;
        if (!writes && !names_a_file) { // (a bare word would be an input file: read standard input instead)
            args.push_back(arg);
        }
    }
    args.insert(args.end(), {"-o", "/dev/null"});
    // standard input: the rest of the data, from memory
    const int in = ::memfd_create("stdin", MFD_CLOEXEC);
    if (at < size) {
        const auto* p = data + at;
        std::size_t left = size - at;
        while (left > 0) {
            const ssize_t n = ::write(in, p, left);
            if (n <= 0) {
                break;
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    ::lseek(in, 0, SEEK_SET);
    const int saved = ::dup(STDIN_FILENO);
    ::dup2(in, STDIN_FILENO);
    ::close(in);
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    const int status = smooth_tool_main(static_cast<int>(args.size()), argv.data());
    std::clearerr(stdin);
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    if (status != 0 && status != 1 && status != 2 && status != 141) {
        std::abort();
    }
    return 0;
}
