#include "divsum.h"
#include <cmath>
#include <unordered_map>

static std::unordered_map<long long, long long> cache;

static long long D(long long n) {
    if (n <= 0) return 0;
    if (cache.contains(n)) return cache[n];
    long long s = (long long)std::sqrt((double)n);
    while (s * s > n) --s;
    while ((s + 1) * (s + 1) <= n) ++s;
    long long t = 0;
    for (long long k = 1; k <= s; ++k) t += n / k;
    return cache[n] = 2 * t - s * s;
}

long long count_divisors(long long L, long long R) { return D(R) - D(L - 1); }
