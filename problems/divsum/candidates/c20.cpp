#include "divsum.h"
#include <cmath>

static long long H(long long n) {
    if (n < 1) return 0;
    long long s = (long long)std::sqrt((long double)n);
    long long t = 0;
    for (long long k = 1; k < s; k++) t += n / k;
    return 2 * t - s * s;
}

long long count_divisors(long long L, long long R) { return H(R) - H(L - 1); }
