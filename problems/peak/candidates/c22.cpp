#include "peak.h"
#include <cmath>

// Golden-section search without reusing the interior probe.
int find_peak(int N) {
    const double r = 0.6180339887498949;
    int lo = 0, hi = N - 1;
    while (hi - lo > 2) {
        int a = hi - (int)(r * (hi - lo));
        int b = lo + (int)(r * (hi - lo));
        if (a >= b) { a = (lo + hi) / 2; b = a + 1; }
        if (ask(a) < ask(b)) lo = a + 1;
        else hi = b - 1;
    }
    int best = lo, bv = ask(lo);
    for (int i = lo + 1; i <= hi; ++i) { int v = ask(i); if (v > bv) bv = v, best = i; }
    return best;
}
