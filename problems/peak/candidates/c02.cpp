#include "peak.h"
#include <cmath>
#include <map>

// Golden-section search, rounding the probe positions to integers.
int find_peak(int N) {
    std::map<int, int> cache;
    auto h = [&](int i) {
        auto it = cache.find(i);
        if (it != cache.end()) return it->second;
        return cache[i] = ask(i);
    };
    const double phi = (std::sqrt(5.0) - 1) / 2;
    int lo = 0, hi = N - 1;
    while (hi - lo > 3) {
        int a = hi - (int)std::lround(phi * (hi - lo));
        int b = lo + (int)std::lround(phi * (hi - lo));
        if (a >= b) b = a + 1;
        if (h(a) < h(b)) lo = a + 1;
        else hi = b - 1;
    }
    int best = lo;
    for (int i = lo + 1; i <= hi; i++)
        if (h(i) > h(best)) best = i;
    return best;
}
