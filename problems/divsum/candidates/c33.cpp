#include "divsum.h"
#include <cmath>

long long count_divisors(long long L, long long R) {
    auto F = [](long long n) -> long long {
        if (n <= 0) return 0;
        long long s = (long long)std::sqrt((double)n);
        while (s * s > n) --s;
        while ((s + 1) * (s + 1) <= n) ++s;
        int sum = 0;
        for (long long k = 1; k <= s; ++k) sum += n / k;
        return 2LL * sum - s * s;
    };
    return F(R) - F(L - 1);
}
