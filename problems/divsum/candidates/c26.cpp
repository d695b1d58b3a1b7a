#include "divsum.h"
#include <vector>
#include <cmath>
using namespace std;

const int LIM = 1000000;
vector<long long> pre;

void build() {
    vector<int> d(LIM + 1, 0);
    for (int i = 1; i <= LIM; i++)
        for (int j = i; j <= LIM; j += i) d[j]++;
    pre.assign(LIM + 1, 0);
    for (int i = 1; i <= LIM; i++) pre[i] = pre[i - 1] + d[i];
}

long long big(long long n) {
    long long s = (long long)sqrt((double)n);
    while (s * s > n) s--;
    while ((s + 1) * (s + 1) <= n) s++;
    long long t = 0;
    for (long long k = 1; k <= s; k++) t += n / k;
    return 2 * t - s * s;
}

long long F(long long n) {
    if (n <= LIM) {
        if (pre.empty()) build();
        return pre[n];
    }
    return big(n);
}

long long count_divisors(long long L, long long R) {
    return F(R) - F(L - 1);
}
