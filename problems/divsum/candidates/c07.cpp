#include "divsum.h"
#include <cmath>

long long count_divisors(long long L, long long R) {
    auto D = [](long long n) {
        long long s = sqrtl(n), t = 0;
        while (s * s > n) s--;
        for (long long k = 1; k <= s; k++) t += n / k
        return 2 * t - s * s;
    };
    return D(R) - D(L - 1);
}
