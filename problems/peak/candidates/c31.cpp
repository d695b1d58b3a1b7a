#include "peak.h"
#include <vector>

// Binary search on the sign of A[i+1] - A[i].
int find_peak(int N) {
    int lo = -1, hi = N - 1;   // slope at lo is "up" (virtually), slope at hi is "down"
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        bool up = ask(mid) < ask(mid + 1);
        if (up) lo = mid;
        else hi = mid;
    }
    return hi;
}
