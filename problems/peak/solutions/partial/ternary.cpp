// Ternary search with two fresh probes per round: about 2 * log_{3/2} N queries (~68 for
// N = 10^6), a small fraction of subtasks 2 and 3.
#include "peak.h"

int find_peak(int N) {
  int lo = 0, hi = N - 1;
  while (hi - lo > 2) {
    int m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
    if (ask(m1) < ask(m2)) lo = m1 + 1;
    else hi = m2 - 1;
  }
  int best = lo;
  int best_height = ask(lo);
  for (int i = lo + 1; i <= hi; ++i) {
    int h = ask(i);
    if (h > best_height) best = i, best_height = h;
  }
  return best;
}
