#include "peak.h"
#include <vector>

static std::vector<int> cache;

static int get(int i) {
    if (cache[i] == 0) cache[i] = ask(i);
    return cache[i];
}

static int solve(int lo, int hi) {
    if (lo == hi) return lo;
    int mid = (lo + hi) / 2;
    if (get(mid) < get(mid + 1)) return solve(mid + 1, hi);
    return solve(lo, mid);
}

int find_peak(int N) {
    if (cache.empty()) cache.assign(128, 0);
    else std::fill(cache.begin(), cache.end(), 0);
    return solve(0, N - 1);
}
