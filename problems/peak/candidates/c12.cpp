#include "peak.h"

int find_peak(int N) {
    int best = 0, bestv = ask(0);
    for (int i = 1; i < N; i++) {
        int v = ask(i);
        if (v > bestv) { bestv = v; best = i; }
    }
    return best;
}
