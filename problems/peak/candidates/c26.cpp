#include "peak.h"
#include <map>

int find_peak(int N) {
    // smallest Fibonacci pair (f1, f2) with f2 >= N + 1
    long long f1 = 1, f2 = 1;
    while (f2 < N + 1) { long long t = f1 + f2; f1 = f2; f2 = t; }
    std::map<long long, long long> memo;
    auto H = [&](long long i) -> long long {
        if (i >= N) return -i;
        auto it = memo.find(i);
        if (it != memo.end()) return it->second;
        return memo[i] = ask((int)i);
    };
    long long lo = -1;
    // interval (lo, lo + f2); probes at lo + (f2 - f1) and lo + f1
    while (f2 > 2) {
        long long f0 = f2 - f1;
        long long x = lo + f0, y = lo + f1;
        if (H(x) < H(y)) lo = x;
        f2 = f1;
        f1 = f0;
    }
    return (int)(lo + 1);
}
