// Never answers: after one query it busy-waits for a counter that only takes even values to
// become odd.
#include "peak.h"

int find_peak(int N) {
  volatile unsigned long long spins = 0;
  if (ask(0) > 0)
    while (spins != 1) spins = spins + 2;
  return N - 1;
}
