#include "peak.h"
#include <map>

// Exponential search for a point after the peak, then binary search on the slope.
int find_peak(int N) {
    std::map<int, int> m;
    auto A = [&](int i) { auto it = m.find(i); if (it != m.end()) return it->second; return m[i] = ask(i); };
    if (N == 1) return 0;
    int step = 1, pos = 0;
    while (pos + step < N && A(pos + step - 1) < A(pos + step)) {
        pos += step;
        step *= 2;
    }
    int lo = pos, hi = pos + step < N ? pos + step : N - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (A(mid) < A(mid + 1)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
