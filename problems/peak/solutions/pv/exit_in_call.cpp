// Protocol violation: finds the peak, then ends the process from inside find_peak.
#include "peak.h"

#include <cstdlib>

int find_peak(int N) {
  int lo = 0, hi = N - 1;
  while (lo < hi) {
    int m = lo + (hi - lo) / 2;
    if (ask(m) < ask(m + 1)) lo = m + 1;
    else hi = m;
  }
  if (lo >= 0) std::exit(0);
  return lo;
}
