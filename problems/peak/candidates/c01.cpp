#include "peak.h"

int find_peak(int N) {
    int lo = 0, hi = N - 1
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ask(mid) < ask(mid + 1)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
