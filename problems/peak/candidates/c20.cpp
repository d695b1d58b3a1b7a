#include "peak.h"

int find_peak(int N) {
    int lo = 0, hi = N - 1;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        int left = ask(mid - 1), here = ask(mid), right = ask(mid + 1);
        if (left < here && here > right) return mid;
        if (left < here) lo = mid + 1;
        else hi = mid - 1;
    }
    if (lo == hi) return lo;
    return ask(lo) > ask(hi) ? lo : hi;
}
