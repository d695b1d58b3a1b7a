// Protocol violation: compares A[m] with A[m + 1] without checking that m + 1 < N.
#include "peak.h"

int find_peak(int N) {
  int lo = 0, hi = N;
  while (lo + 1 < hi) {
    int m = lo + (hi - lo) / 2;
    if (ask(m) < ask(m + 1)) lo = m + 1;
    else hi = m + 1;
  }
  return lo;
}
