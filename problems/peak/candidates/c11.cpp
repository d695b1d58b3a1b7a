#include "peak.h"

int find_peak(int N) {
    int lo = 0, hi = N - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (ask(mid - 1) < ask(mid)) lo = mid;
        else hi = mid;
    }
    return lo;
}
