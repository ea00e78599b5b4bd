// libFuzzer harness for the option parsers (decays, beta schedules, sweeps, lists, numbers,
// counts): only io::input_error escapes, and what is accepted is usable (a decay's beta in
// [0, 1), a schedule's values in [0, 1), a sweep's values finite).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size < 1) {
        return 0;
    }
    const std::string text(reinterpret_cast<char const*>(data + 1), size - 1);
    try {
        switch (data[0] % 6) {
        case 0: {
            const auto d = smooth::io::parse_decay(text);
            if (!(d.beta >= 0.0 && d.beta < 1.0)) {
                std::abort();
            }
            break;
        }
        case 1: {
            const auto schedule = smooth::io::parse_beta_schedule(text);
            for (const std::size_t t : {1UL, 2UL, 100UL, 1000000UL}) {
                const double b = schedule(t);
                if (!(b >= 0.0 && b < 1.0)) {
                    std::abort();
                }
            }
            break;
        }
        case 2: {
            const auto sw = smooth::io::parse_sweep(text);
            if (sw.axis.count <= 1000) {
                for (const double v : sw.axis.values()) {
                    if (!std::isfinite(v)) {
                        std::abort();
                    }
                }
            }
            break;
        }
        case 3:
            (void)smooth::io::parse_list(text, "list");
            break;
        case 4: {
            const double v = smooth::io::parse_number(text, "number");
            if (std::isnan(v)) {
                std::abort();
            }
            break;
        }
        default:
            (void)smooth::io::parse_count(text, "count");
            break;
        }
    } catch (smooth::io::input_error const&) {
    } catch (std::invalid_argument const&) { // the library's parameter checks (a schedule's betas)
    }
    return 0;
}
