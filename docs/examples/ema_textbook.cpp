// docs/tutorials/03-exponential-moving-average.md
#include <cmath>
#include <cstdio>

#include <smooth/ema.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    auto d = smooth::decay::from_alpha(0.1);
    smooth::textbook::ema_corrected readable(d);      // ema.hpp: a running mean and the past's weight
    smooth::ema_corrected_stream<double> stream(d);   // ema_corrected.hpp: the same numbers
    bool same = true;
    for (double x : {3.0, 1.0, 4.0, 1.0, 5.0}) {
        readable.push(x);
        stream.push(x);
        same = same && readable.value() == *stream.value(); // bit for bit
    }
    // 2.8906009621254665 after five samples, as pandas' Series(...).ewm(alpha=0.1).mean(), to an ulp
    // [end snippet]
    // pandas 1.5.3 [P15]; a compiler that fuses a multiply and an add (clang folding this loop at
    // compile time does) may land one ulp away: the library promises pandas to a few ulp
    const double pandas = 2.8906009621254665;
    ok = ok && same && std::abs(readable.value() - pandas) <= 2 * std::nextafter(pandas, 4.0) - 2 * pandas;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
