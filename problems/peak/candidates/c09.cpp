#include "peak.h"

int find_peak(int N) {
    int l = 0, r = N - 1;
    while (r - l > 2) {
        int m1 = l + (r - l) / 3;
        int m2 = r - (r - l) / 3;
        if (ask(m1) < ask(m2)) l = m1 + 1;
        else r = m2 - 1;
    }
    int best = l;
    for (int i = l + 1; i <= r; i++)
        if (ask(i) > ask(best)) best = i;
    return best;
}
