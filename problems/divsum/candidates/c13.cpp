#include "divsum.h"
#include <cmath>

static long long D(long long n) {
    long long r = (long long)std::sqrt((double)n);
    while (r * r > n) r--;
    while ((r + 1) * (r + 1) <= n) r++;
    long long s = 0;
    for (long long k = 1; k <= r; k++) s += n / k;
    return 2 * s - r * r;
}

long long count_divisors(long long L, long long R) {
    return D(R) - D(L) + (L == 1 ? 1 : 0);
}
