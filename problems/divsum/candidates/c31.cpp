#include "divsum.h"

// d(x) from the prime factorisation: product of (exponent + 1).
static long long tau(long long x) {
    long long res = 1;
    const long long orig = x;
    for (long long p = 2; p * p <= orig; p++) {
        int e = 0;
        while (x % p == 0) { x /= p; e++; }
        res *= (e + 1);
    }
    if (x > 1) res *= 2;
    return res;
}

long long count_divisors(long long L, long long R) {
    long long s = 0;
    for (long long x = L; x <= R; x++) s += tau(x);
    return s;
}
