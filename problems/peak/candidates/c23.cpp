#include "peak.h"

int find_peak(int N) {
    int l = 0, r = N - 1;
    while (r - l > 2) {
        int m1 = l + (r - l) / 3, m2 = r - (r - l) / 3;
        if (ask(m1) < ask(m2)) l = m1;
        else r = m2;
    }
    return (l + r) / 2;
}
