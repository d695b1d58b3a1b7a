#include "divsum.h"
#include <vector>

// Precompute d(x) for all x up to 1e8 once, then answer from prefix sums.
static std::vector<unsigned char> d;
static std::vector<long long> pre;
static const long long LIM = 100000000;

static long long direct(long long n) {
    long long t = 0;
    long long s = 1;
    while ((s + 1) * (s + 1) <= n) s++;
    for (long long k = 1; k <= s; k++) t += n / k;
    return 2 * t - s * s;
}

long long count_divisors(long long L, long long R) {
    if (pre.empty()) {
        d.assign(LIM + 1, 0);
        for (long long i = 1; i <= LIM; i++)
            for (long long j = i; j <= LIM; j += i) d[j]++;
        pre.assign(LIM + 1, 0);
        for (long long i = 1; i <= LIM; i++) pre[i] = pre[i - 1] + d[i];
    }
    auto F = [&](long long n) { return n <= LIM ? pre[n] : direct(n); };
    return F(R) - F(L - 1);
}
