#include "peak.h"
#include <algorithm>

// Sample a few points, then climb from the best one.
int find_peak(int N) {
    int samples = std::min(N, 16);
    int best = 0, bestv = -1;
    for (int s = 0; s < samples; s++) {
        int i = (int)((long long)s * (N - 1) / std::max(1, samples - 1));
        int v = ask(i);
        if (v > bestv) { bestv = v; best = i; }
    }
    while (best + 1 < N) {
        int v = ask(best + 1);
        if (v < bestv) break;
        best++; bestv = v;
    }
    while (best - 1 >= 0) {
        int v = ask(best - 1);
        if (v < bestv) break;
        best--; bestv = v;
    }
    return best;
}
