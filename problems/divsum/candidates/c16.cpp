#include "divsum.h"
#include <cmath>

long long prefixD(long long n) {
    if (n == 0) return 0;
    long long s = (long long)std::sqrt((double)n);
    long long total = 0;
    for (long long i = 1; i <= s; ++i) total += n / i;
    return total * 2 - s * s;
}

long long count_divisors(long long L, long long R) {
    return prefixD(R) - prefixD(L - 1);
}
