#include "divsum.h"
#include <vector>

static std::vector<long long> pref;

long long count_divisors(long long L, long long R) {
    const int N = 1000000;
    if (pref.empty()) {
        std::vector<int> cnt(N + 1);
        for (int i = 1; i <= N; ++i)
            for (int j = i; j <= N; j += i) cnt[j]++;
        pref.resize(N + 1);
        for (int i = 1; i <= N; ++i) pref[i] = pref[i - 1] + cnt[i];
    }
    if (R > N) return 0;  // TODO large R
    return pref[R] - pref[L - 1];
}
