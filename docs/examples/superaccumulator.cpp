// docs/reference/superaccumulator.md
#include <cstdio>
#include <limits>

#include <smooth/superaccumulator.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::superaccumulator acc;
    acc.add(1e300);
    acc.add(1.0);
    acc.subtract(1e300);
    double one = acc.rounded(); // exactly 1: nothing of 1e300 is left behind

    smooth::superaccumulator big;
    const double max = std::numeric_limits<double>::max();
    big.add(max);
    big.add(max);
    double sum = big.rounded(); // inf: the sum is past double's range ...
    double mean = big.mean(2);  // ... its mean is not: exactly max
    // [end snippet]
    ok = ok && one == 1.0 && sum == std::numeric_limits<double>::infinity() && mean == max;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
