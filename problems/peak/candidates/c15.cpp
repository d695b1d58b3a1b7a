#include "peak.h"

int find_peak(int N) {
    int a = ask(0), b = ask(1);
    if (a > b) return 0;
    int lo = 1, hi = N - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ask(mid) < ask(mid + 1)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
