#include "peak.h"
#include <random>

int find_peak(int N) {
    std::mt19937 rng(2024);
    int lo = 0, hi = N - 1;
    while (lo < hi) {
        int m = lo + (int)(rng() % (unsigned)(hi - lo));
        if (ask(m) < ask(m + 1)) lo = m + 1;
        else hi = m;
    }
    return lo;
}
