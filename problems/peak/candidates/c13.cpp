#include "peak.h"
#include <map>

int find_peak(int N) {
    if (N == 1) return 0;
    long long f[60];
    f[0] = 0; f[1] = 1;
    int k = 1;
    while (f[k] < N + 1) { k++; f[k] = f[k - 1] + f[k - 2]; }
    std::map<long long, long long> h;
    auto H = [&](long long i) -> long long {
        if (i >= N) return -i;
        if (!h.count(i)) h[i] = ask((int)i);
        return h[i];
    };
    long long l = -1, r = l + f[k];
    while (r - l > 2) {
        long long m1 = l + f[k - 2], m2 = l + f[k - 1];
        if (H(m1) < H(m2)) l = m1; else r = m2;
        k--;
    }
    return (int)(l + 1);
}
