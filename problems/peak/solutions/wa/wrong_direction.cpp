// Wrong: the binary search moves towards the lower neighbour.
#include "peak.h"

int find_peak(int N) {
  int lo = 0, hi = N - 1;
  while (lo < hi) {
    int m = lo + (hi - lo) / 2;
    if (ask(m) > ask(m + 1)) lo = m + 1;
    else hi = m;
  }
  return lo;
}
