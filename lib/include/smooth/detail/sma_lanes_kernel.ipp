// The SMA's vector kernels, for vectors of any width (GCC's and Clang's vector extensions).
// No include guard, on purpose: detail/sma_fast.hpp includes this file twice, once as it is
// (smooth::detail) and once inside smooth::detail::avx512 with AVX-512 switched on for every
// function defined here (a pragma around the #include). Both copies are the same source, so
// the numbers are the same bits; the second exists because GCC lowers vector operations in a
// function compiled for plain x86-64 to pieces before it inlines that function anywhere, so a
// template instantiated from an AVX-512 function would still run in SSE2 pieces (measured:
// eight lanes took 7.7 ns a mean that way, 0.7 once compiled with the target).
// Included only by sma_fast.hpp, which includes what this uses.

/// sma_mean_quickly in every lane of a vector at once (D: doubles, I: 64-bit integers of the
/// same width), for sums known exactly (s + t): the means, and a mask of the lanes it could not
/// decide (near a half-way point, a power of two stepping towards zero, q or n outside the range where
/// the parts are exact), which the caller gives to the careful form. The same arithmetic as
/// sma_mean_quickly, operation for operation (test_batch holds the batch, which uses this, to the
/// stream, which uses that, bit for bit); the scalar form stays a twin because this one in a
/// vector of one or two lanes made a stream's read 20-60 % slower (measured).
/// (Vectors by reference: a 32-byte vector passed by value has an ABI that depends on AVX.)
template <class D, class I>
[[gnu::always_inline]] inline void lanes_mean_quickly(D const& s, D const& t, double n, D& mean, I& careful) noexcept
{
    const I sign = I{} | static_cast<long long>(0x8000000000000000U);
    const D q = s / n;
    const I q_bits = reinterpret_cast<I>(q);
    const I bits = q_bits & ~sign;
    D remainder; // s - q n, exactly
    if constexpr (sizeof(D) == 64) {
        remainder = _mm512_fnmadd_pd(q, _mm512_set1_pd(n), s); // one rounding of an exact value
    } else {
        const D q_high = reinterpret_cast<D>(q_bits & ~0x3ffffffLL);
        const D q_low = q - q_high;
        remainder = (s - q_high * n) - q_low * n; // (n < 2^26)
    }
    const D r = remainder + t;                          // TwoSum: r + r_err = remainder + t
    const D bb = r - remainder;
    const D r_err = (remainder - (r - bb)) + (t - bb);
    const D d = reinterpret_cast<D>(reinterpret_cast<I>(r) & ~sign);
    const D ulp = reinterpret_cast<D>(bits & 0x7ff0000000000000LL) * 0x1p-52;
    const D half_way = ulp * (n * 0.5);
    const I exact = r_err == D{};
    const I tie = exact & (d == half_way);
    const I exponent = bits >> 52;
    const D off = d - half_way;
    const D off_abs = reinterpret_cast<D>(reinterpret_cast<I>(off) & ~sign);
    const I mantissa_zero = (bits & 0x000fffffffffffffLL) == I{};
    const I towards_zero = (reinterpret_cast<I>(r) ^ q_bits) < 0; // r and q of opposite signs
    careful = (~exact & (off_abs <= d * 0x1p-51)) | (exponent < 63) | (exponent > 1983) |
              (mantissa_zero & towards_zero & (t != D{})) | (d >= half_way * 3.0) | (I{} + (n >= 0x1p26 ? -1LL : 0LL));
    const I up = (d > half_way) | (tie & ((bits & 1) != 0));
    const D step = reinterpret_cast<D>((reinterpret_cast<I>(ulp) & ~sign) | (reinterpret_cast<I>(r) & sign));
    mean = q + reinterpret_cast<D>(reinterpret_cast<I>(step) & up);
}

/// rows[i][j] becomes rows[j][i], for eight vectors of eight doubles: three rounds of
/// shuffles (pairs, then pairs of pairs, then halves), 24 in all.
template <class D>
[[gnu::always_inline]] inline void transpose_8x8(D* rows) noexcept
{
    D u[8];
    D v[8];
    for (int i = 0; i < 4; ++i) {
        u[2 * i] = __builtin_shufflevector(rows[2 * i], rows[2 * i + 1], 0, 8, 2, 10, 4, 12, 6, 14);
        u[2 * i + 1] = __builtin_shufflevector(rows[2 * i], rows[2 * i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
    }
    for (int b = 0; b < 8; b += 4) {
        v[b] = __builtin_shufflevector(u[b], u[b + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        v[b + 1] = __builtin_shufflevector(u[b + 1], u[b + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        v[b + 2] = __builtin_shufflevector(u[b], u[b + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        v[b + 3] = __builtin_shufflevector(u[b + 1], u[b + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int i = 0; i < 4; ++i) {
        rows[i] = __builtin_shufflevector(v[i], v[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        rows[i + 4] = __builtin_shufflevector(v[i], v[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

/// Not 0 in a lane where sum != a + b exactly (lanes_differ, for vectors of any width).
template <class D, class I>
[[gnu::always_inline]] inline I lanes_differ_of(D const& a, D const& b, D const& sum) noexcept
{
    return (reinterpret_cast<I>(sum - a) ^ reinterpret_cast<I>(b)) | (reinterpret_cast<I>(sum - b) ^ reinterpret_cast<I>(a));
}

/// The batch SMA's full windows as eight streams at once, one per lane of a vector of eight
/// doubles (D, with I its 64-bit integers), eight steps of all lanes at a time (a tile).
/// Lane j runs the windows that end at start[j] + k, k < steps (a multiple of 8), from its
/// seed: lane_hi[j] + lane_lo[j] is exactly the sum of the window that ends at start[j] - 1. Each step
/// is sma_lanes' (in - out split exactly and added to hi, the two roundings added to lo, each
/// addition checked to be exact), then lanes_mean_quickly rounds the exact sum's mean at once,
/// in the same tile: no second pass. A tile's values come in as eight rows of eight and are
/// transposed, so that each load is whole; the means go out the same way. The few means the
/// quick rounding leaves go to the careful form, then to the exact window. Where any lane's
/// step is not exact (a rounding in lo, a value that is not finite, a -0 meeting a +0), the
/// tile is dropped unwritten and the lanes stop: returns the steps every lane completed. They
/// stop too, after a tile, once more than 16 + 8 k / w windows were summed from scratch
/// (counted in exact_windows): streaming keeps its exact sum where this would rebuild it.
/// On return lane_hi and lane_lo hold the lanes' sums at the steps completed.
template <class D, class I>
std::size_t sma_tiles(std::span<const double> x, double* out, std::size_t w, std::size_t const* start,
                      std::size_t steps, double* lane_hi, double* lane_lo, std::size_t& exact_windows) noexcept
{
    constexpr int lanes = 8;
    static_assert(sizeof(D) == lanes * sizeof(double), "eight lanes");
    D hi;
    D lo;
    std::memcpy(&hi, lane_hi, sizeof hi);
    std::memcpy(&lo, lane_lo, sizeof lo);
    const auto keep = [&] {
        std::memcpy(lane_hi, &hi, sizeof hi);
        std::memcpy(lane_lo, &lo, sizeof lo);
    };
    const double count = static_cast<double>(w);
    double const* base = x.data();
    for (std::size_t k = 0; k < steps; k += lanes) {
        D in[lanes];
        D old[lanes];
        for (int j = 0; j < lanes; ++j) {
            std::memcpy(&in[j], base + start[j] + k, sizeof(D));
            std::memcpy(&old[j], base + start[j] + k - w, sizeof(D));
            __builtin_prefetch(base + std::min(start[j] + k + 64, x.size() - 1)); // a tile ahead
            __builtin_prefetch(base + std::min(start[j] + k + 64 - w, x.size() - 1));
        }
        transpose_8x8(in); // in[t][j] = x[start[j] + k + t]
        transpose_8x8(old);
        if ((k & 63U) == 0U) { // now and then: lo folded into hi, exactly
            const D f = hi + lo;
            const D fb = f - hi;
            lo = (hi - (f - fb)) + (lo - fb);
            hi = f;
        }
        // step t of every lane: the window's sum, exactly r + rest where unsure is 0
        const auto step = [&](int t, D& h, D& l, D& r, D& rest, I& unsure) {
            const D d = in[t] - old[t]; // TwoDiff: d + d_err = in - old
            const D db = d - in[t];
            const D d_err = (in[t] - (d - db)) - (old[t] + db);
            const D hs = h + d; // TwoSum: hs + s_err = h + d
            const D hb = hs - h;
            const D s_err = (h - (hs - hb)) + (d - hb);
            const D e = s_err + d_err;
            const D nl = l + e;
            r = hs + nl; // where e and nl were exact, hs + nl is the window's sum
            unsure |= lanes_differ_of<D, I>(s_err, d_err, e) | lanes_differ_of<D, I>(l, e, nl) |
                      reinterpret_cast<I>(r - r); // NaN where r is not finite
            const D rb = r - hs;
            rest = (hs - (r - rb)) + (nl - rb); // r + rest = hs + nl (TwoSum)
            h = hs;
            l = nl;
        };
        D h = hi;
        D l = lo;
        I unsure{};
        I careful_any{};
        D means[lanes];
#pragma GCC unroll 8
        for (int t = 0; t < lanes; ++t) {
            D r;
            D rest;
            step(t, h, l, r, rest, unsure);
            I careful;
            lanes_mean_quickly<D, I>(r, rest, count, means[t], careful);
            careful_any |= careful;
        }
        long long any_unsure = 0;
        long long any_careful = 0;
        for (int j = 0; j < lanes; ++j) {
            any_unsure |= unsure[j];
            any_careful |= careful_any[j];
        }
        if (any_unsure != 0) [[unlikely]] {
            keep();
            return k;
        }
        transpose_8x8(means); // means[j][t]: lane j's window that ends at start[j] + k + t
        for (int j = 0; j < lanes; ++j) {
            std::memcpy(out + start[j] + k, &means[j], sizeof(D));
        }
        if (any_careful != 0) [[unlikely]] {
            // the tile's steps again, to find the means the quick rounding left and their sums
            D h2 = hi;
            D l2 = lo;
            for (int t = 0; t < lanes; ++t) {
                D r;
                D rest;
                I ignored{};
                step(t, h2, l2, r, rest, ignored);
                D mean;
                I careful;
                lanes_mean_quickly<D, I>(r, rest, count, mean, careful);
                for (int j = 0; j < lanes; ++j) {
                    const std::size_t i = start[j] + k + static_cast<std::size_t>(t);
                    if (careful[j] != 0 && !sma_mean_quickly(r[j], rest[j], count, out[i])) {
                        out[i] = sma_window_mean_exactly(x, i, w);
                        ++exact_windows;
                    }
                }
            }
            if (exact_windows > 16 + 8 * (k + lanes) / w) {
                hi = h;
                lo = l;
                keep();
                return k + lanes;
            }
        }
        hi = h;
        lo = l;
    }
    keep();
    return steps;
}
