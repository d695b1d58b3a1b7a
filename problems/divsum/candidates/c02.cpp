#include "divsum.h"
#include <cmath>

static long long G(long long n) {
    if (n <= 0) return 0;
    long long s = (long long)sqrtf((float)n);
    long long t = 0;
    for (long long k = 1; k <= s; k++) t += n / k;
    return 2 * t - s * s;
}

long long count_divisors(long long L, long long R) {
    return G(R) - G(L - 1);
}
