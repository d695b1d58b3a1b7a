#include "peak.h"
#include <algorithm>

int find_peak(int N) {
    int k = std::min(N, 29);
    int best = 0, bv = -1;
    for (int s = 0; s < k; s++) {
        int i = (k == 1) ? 0 : (int)((long long)s * (N - 1) / (k - 1));
        int v = ask(i);
        if (v > bv) bv = v, best = i;
    }
    return best;
}
