#include "divsum.h"
#include <vector>
using namespace std;

// Subtasks 1-3: sieve for R <= 1e6, direct divisor count when L == R.
static vector<long long> P;

static long long divs(long long x) {
    long long c = 0;
    for (long long i = 1; i * i <= x; i++)
        if (x % i == 0) c += (i * i == x ? 1 : 2);
    return c;
}

long long count_divisors(long long L, long long R) {
    if (L == R) return divs(L);
    if (P.empty()) {
        const int N = 1000000;
        vector<int> d(N + 1, 0);
        for (int i = 1; i <= N; i++)
            for (int j = i; j <= N; j += i) d[j]++;
        P.assign(N + 1, 0);
        for (int i = 1; i <= N; i++) P[i] = P[i - 1] + d[i];
    }
    if (R > 1000000) return -1;
    return P[R] - P[L - 1];
}
