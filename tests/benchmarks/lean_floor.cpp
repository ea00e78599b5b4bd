// lean_floor FILE: the floor under `smooth --threads 1 --sma 100 --ema-corrected 0.9 FILE`,
// for cli_floor.sh. It does the same work with nothing around it: reads FILE (one number per
// line) in 1 MiB blocks, parses each line with std::from_chars, smooths with the library's own
// streams (so the numbers are the same), writes each number with std::to_chars' shortest
// round-trip form into a 1 MiB buffer and writes that to standard output. No CSV dialects, no
// index column, no missing values, no error messages with line and column, no figure: what it
// leaves out is what the tool's generality costs. Its output must be the tool's bytes
// (cli_floor.sh compares them), else the comparison would not be fair to the tool.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <smooth/ema.hpp>
#include <smooth/sma.hpp>

namespace {

char* put_number(char* p, double x)
{
    return std::to_chars(p, p + 32, x).ptr;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: lean_floor FILE\n");
        return 2;
    }
    std::FILE* in = std::fopen(argv[1], "rb");
    if (in == nullptr) {
        std::perror(argv[1]);
        return 1;
    }
    smooth::sma_stream<double> sma(100);
    smooth::ema_corrected_stream<double> ema(smooth::decay(0.9));
    constexpr std::size_t block = std::size_t{1} << 20;
    std::vector<char> text(block + 256); // the unparsed tail of a block moves to the front
    std::vector<char> out(block + 256);
    char* o = out.data();
    const auto flush = [&] {
        std::fwrite(out.data(), 1, static_cast<std::size_t>(o - out.data()), stdout);
        o = out.data();
    };
    const char header[] = "t,x,sma_100,ema_corrected_0.9\n";
    o = std::copy(header, header + sizeof header - 1, o);
    std::size_t have = 0;
    std::size_t t = 0;
    for (;;) {
        std::size_t got = std::fread(text.data() + have, 1, block, in);
        if (got == 0 && have != 0) { // a last line without its newline, as the tool reads it
            text[have] = '\n';
            got = 1;
        }
        have += got;
        const char* p = text.data();
        const char* end = text.data() + have;
        while (true) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            if (nl == nullptr) {
                break;
            }
            double x = 0.0;
            const auto parsed = std::from_chars(p, nl, x);
            if (parsed.ec != std::errc() || parsed.ptr != nl) {
                std::fprintf(stderr, "lean_floor: line %zu is not a number\n", t + 1);
                return 1;
            }
            p = nl + 1;
            sma.push(x);
            ema.push(x);
            o = std::to_chars(o, o + 24, ++t).ptr;
            *o++ = ',';
            o = put_number(o, x);
            *o++ = ',';
            if (const auto m = sma.value()) {
                o = put_number(o, *m);
            }
            *o++ = ',';
            if (const auto e = ema.value()) {
                o = put_number(o, *e);
            }
            *o++ = '\n';
            if (o - out.data() > static_cast<std::ptrdiff_t>(block)) {
                flush();
            }
        }
        have = static_cast<std::size_t>(end - p);
        if (have > 256) {
            std::fprintf(stderr, "lean_floor: line %zu is longer than 256 bytes\n", t + 1);
            return 1;
        }
        std::memmove(text.data(), p, have);
        if (got == 0) {
            break;
        }
    }
    std::fclose(in);
    flush();
    return std::fflush(stdout) == 0 ? 0 : 1;
}
