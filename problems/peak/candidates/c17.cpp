#include "peak.h"
#include <map>

// Look at three consecutive points around the middle.
int find_peak(int N) {
    std::map<int, int> m;
    auto A = [&](int i) { if (!m.count(i)) m[i] = ask(i); return m[i]; };
    int lo = 0, hi = N - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        int a = A(mid - 1), b = A(mid), c = A(mid + 1);
        if (a < b && b > c) return mid;
        if (a < b) lo = mid + 1;
        else hi = mid - 1;
    }
    if (lo == hi) return lo;
    return A(lo) > A(hi) ? lo : hi;
}
