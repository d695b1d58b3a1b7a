// Crashes: a failed sanity check aborts the process on the first scenario.
#include "peak.h"

#include <cstdlib>

int find_peak(int N) {
  if (N >= 1) std::abort();
  return 0;
}
