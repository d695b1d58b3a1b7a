// Protocol violation: a correct search that prints debugging lines on standard output, which is
// the channel to the manager.
#include "peak.h"

#include <cstdio>

int find_peak(int N) {
  int lo = 0, hi = N - 1;
  while (lo < hi) {
    int m = lo + (hi - lo) / 2;
    int a = ask(m), b = ask(m + 1);
    std::printf("%d %d\n", a, b);
    if (a < b) lo = m + 1;
    else hi = m;
  }
  return lo;
}
