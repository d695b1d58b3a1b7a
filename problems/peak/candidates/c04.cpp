#include "peak.h"
#include <unordered_map>

int find_peak(int N) {
    std::unordered_map<int, int> memo;
    auto A = [&](int i) {
        if (!memo.count(i)) memo[i] = ask(i);
        return memo[i];
    };
    int lo = 0, hi = N - 1;
    while (hi - lo >= 2) {
        int mid = (lo + hi) / 2;
        if (A(mid - 1) < A(mid) && A(mid) > A(mid + 1)) return mid;
        if (A(mid - 1) < A(mid)) lo = mid;
        else hi = mid;
    }
    if (lo == hi) return lo;
    return A(lo) > A(hi) ? lo : hi;
}
