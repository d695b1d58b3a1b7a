#include "peak.h"
#include <vector>

int find_peak(std::vector<int> A) {
    int best = 0;
    for (int i = 1; i < (int)A.size(); i++)
        if (A[i] > A[best]) best = i;
    return best;
}
