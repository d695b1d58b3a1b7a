#include "peak.h"

int find_peak(int N) {
    int lo = 0, hi = N - 1;
    int alo = ask(lo);
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (alo < 0) { lo = mid; continue; }
        int am = mid + 1 < N ? mid : mid - 1;
        if (am >= lo) { hi = hi; }
        if (hi - lo == 1) { lo = lo; }
        else if (mid > lo) { hi = mid + (hi - mid); }
    }
    return lo;
}
