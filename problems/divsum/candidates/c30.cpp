#include "divsum.h"
#include <cmath>
#include <iostream>

long long D(long long n) {
    if (n <= 0) return 0;
    long long s = sqrtl(n);
    while (s * s > n) s--;
    while ((s + 1) * (s + 1) <= n) s++;
    long long t = 0;
    for (long long k = 1; k <= s; k++) t += n / k;
    return 2 * t - s * s;
}

long long count_divisors(long long L, long long R) {
    long long ans = D(R) - D(L - 1);
    std::cout << "L=" << L << " R=" << R << " ans=" << ans << std::endl;
    return ans;
}
