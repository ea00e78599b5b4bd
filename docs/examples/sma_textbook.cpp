// docs/tutorials/02-simple-moving-average.md
#include <cstdio>
#include <optional>

#include <smooth/sma.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::textbook::sma_stream<double> readable(3); // sma.hpp: a ring and an exact sum
    smooth::sma_stream<double> fast(3);               // detail/sma_fast.hpp: the same numbers
    bool same = true;
    for (double x : {1e17, 1.0, 1.0, 1.0, 0.1, 0.2, 0.3}) {
        readable.push(x);
        fast.push(x);
        std::optional<double> a = readable.value(); // nullopt for the first two rows
        std::optional<double> b = fast.value();     // the same, bit for bit
        same = same && a == b;
    }
    // the last window [0.1, 0.2, 0.3]: the double nearest its exact mean is 0.2
    // (fsum gives 0.6, and 0.6 / 3 rounds again, to 0.19999999999999998)
    // [end snippet]
    ok = ok && same;
    ok = ok && *readable.value() == 0.2 && *fast.value() == 0.2 && 0.6 / 3 != 0.2;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
