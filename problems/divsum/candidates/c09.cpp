#include "divsum.h"
#include <cmath>

// D(n) = sum_{i=1}^{n} d(i) = sum_{k=1}^{n} floor(n/k); use the Dirichlet hyperbola trick.
static long long D(long long n) {
    if (n <= 0) return 0;
    long long r = sqrtl((long double)n);
    while (r * r > n) r--;
    while ((r + 1) * (r + 1) <= n) r++;
    long long s = 0;
    for (long long k = 1; k <= r; k++) s += n / k;
    return 2 * s - r * r;
}

long long count_divisors(long long L, long long R) {
    return D(R) - D(L - 1);
}
