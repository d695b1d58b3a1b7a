#include "divsum.h"
#include <cmath>

long long D(long long n) {
    if (n == 0) return 0;
    long long s = sqrt(n);
    long long t = 0;
    for (long long k = 1; k <= s; k++) t += n / k;
    return 2 * t - s;
}

long long count_divisors(long long L, long long R) { return D(R) - D(L - 1); }
