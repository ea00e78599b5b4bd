// Compiled by the fast_math_is_refused test with -ffast-math: it must not compile.
#include <smooth/smooth.hpp>

int main()
{
    smooth::sma_stream<double> sma(2);
    sma.push(1.0);
    return sma.value().has_value() ? 0 : 1;
}
