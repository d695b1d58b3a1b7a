#include "peak.h"

int find_peak(int N) {
    int l = 0, r = N - 1;
    int al = ask(l), ar = ask(r);
    while (l < r) {
        if (al < ar) { l++; al = ask(l); }
        else { r--; ar = ask(r); }
    }
    return l;
}
