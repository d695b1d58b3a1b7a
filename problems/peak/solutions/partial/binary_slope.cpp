// Binary search on the slope: compares A[m] and A[m + 1]. 2 * ceil(log2 N) queries (40 for
// N = 10^6): full marks in subtasks 1 and 2, (30/40)^2 of subtask 3.
#include "peak.h"

int find_peak(int N) {
  int lo = 0, hi = N - 1;
  while (lo < hi) {
    int m = lo + (hi - lo) / 2;
    if (ask(m) < ask(m + 1)) lo = m + 1;
    else hi = m;
  }
  return lo;
}
