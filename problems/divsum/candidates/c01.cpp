#include "divsum.h"

long long count_divisors(long long L, long long R) {
    if (L == R) {
        long long c = 0;
        for (long long i = 1; i * i <= L; ++i)
            if (L % i == 0) c += (i == L / i) ? 1 : 2;
        return c;
    }
    auto S = [](long long n) {
        long long s = 0;
        for (long long k = 1; k <= n; ++k) s += n / k;
        return s;
    };
    return S(R) - S(L - 1);
}
