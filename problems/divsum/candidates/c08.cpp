#include "divsum.h"

// sum_{x<=n} d(x) = sum_{k<=n} floor(n/k)
static long long S(long long n) {
    long long s = 0;
    for (long long k = 1; k <= n; k++) s += n / k;
    return s;
}

long long count_divisors(long long L, long long R) {
    return S(R) - S(L - 1);
}
