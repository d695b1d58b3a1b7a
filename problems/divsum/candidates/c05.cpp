#include "divsum.h"

static long long isqrt_floor(long long n) {
    long long lo = 0, hi = 100000;
    while (hi * hi <= n) hi *= 2;
    while (lo < hi) {
        long long mid = (lo + hi + 1) / 2;
        if (mid * mid <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
}

static long long prefix_count(long long n) {
    if (n < 1) return 0;
    long long s = isqrt_floor(n);
    long long total = 0;
    for (long long k = 1; k <= s; ++k) total += n / k - k;  // pairs (k, m) with k < m, k*m <= n
    return 2 * total + s;                                      // plus the pairs k == m
}

long long count_divisors(long long L, long long R) {
    return prefix_count(R) - prefix_count(L - 1);
}
