#include "peak.h"

int find_peak(int N) {
    if (N == 1) return 0;
    if (N == 2) return ask(0) > ask(1) ? 1 : 0;
    int lo = 0, hi = N - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ask(mid) < ask(mid + 1)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
