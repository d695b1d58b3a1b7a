#include "divsum.h"
#include <cmath>

static long long sumDiv(long long n) {
    if (n <= 0) return 0;
    long long s = (long long)std::sqrt((double)n);
    while (s * s > n) s--;
    while ((s + 1) * (s + 1) <= n) s++;
    long long t = 0;
    for (long long k = 1; k <= s; k++) t += n / k;
    return 2 * t - s * s;
}

static long long single(long long x) {
    long long c = 0;
    for (long long i = 1; i * i <= x; i++)
        if (x % i == 0) c += 2;
    return c;
}

long long count_divisors(long long L, long long R) {
    if (L == R) return single(L);
    return sumDiv(R) - sumDiv(L - 1);
}
