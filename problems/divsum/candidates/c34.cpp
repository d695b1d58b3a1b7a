#include "divsum.h"
#include <vector>

long long count_divisors(long long L, long long R) {
    std::vector<int> d(R + 1, 0);
    for (long long i = 1; i <= R; ++i)
        for (long long j = i; j <= R; j += i) d[j]++;
    long long s = 0;
    for (long long x = L; x <= R; ++x) s += d[x];
    return s;
}
