// docs/reference/smoother.md
#include <cmath>
#include <cstdio>

#include <smooth/smoother.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::smoother_spec spec;
    spec.kind = smooth::average::ema_corrected;  // pandas adjust=True
    spec.ema_decay = smooth::decay::from_com(0.5);
    spec.missing = smooth::missing_policy::decay; // pandas ignore_na=False
    spec.min_periods = 3;                          // pandas min_periods=3
    smooth::smoother s(spec);
    for (double x : {0.0, 1.0, std::nan(""), 2.0}) {
        s.push(x);
    }
    double v = *s.value(); // 1.838709677419355, as pandas; nullopt before three values are present
    // [end snippet]
    ok = ok && v == 1.838709677419355;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
