#include "peak.h"

int find_peak(int N) {
    int l = 0, r = N - 1;
    while (l < r) {
        int m = (l + r) / 2;
        if (ask(m) < ask(m + 1)) l = m + 1;
        else r = m;
    }
    return l;
}
