// Does not compile: ask takes an int, not two.
#include "peak.h"

int find_peak(int N) {
  int lo = 0, hi = N - 1;
  while (lo < hi) {
    int m = (lo + hi) / 2;
    if (ask(m, m + 1) < 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}
