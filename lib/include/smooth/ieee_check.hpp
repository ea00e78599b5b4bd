// The core's exact sums and missing values need IEEE 754 arithmetic as written: -ffast-math
// (or -ffinite-math-only, -fassociative-math) lets the compiler drop TwoSum's error terms and
// treat every NaN test as false, which would make the "exact" SMA inexact and missing values
// poison the averages, silently. So such a build stops here, with the reason.
#ifndef SMOOTH_IEEE_CHECK_HPP
#define SMOOTH_IEEE_CHECK_HPP

#if defined(__FAST_MATH__) || defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#error "smooth needs IEEE arithmetic: compile the files that include smooth's headers without -ffast-math / -ffinite-math-only (its exact sums and NaN handling would silently break)"
#endif

#endif
