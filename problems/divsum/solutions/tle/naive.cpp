// Subtask 1 only: tests every j <= x for every x in [L, R], O(R^2); far too slow beyond R ~ 10^4.
#include "divsum.h"

long long count_divisors(long long L, long long R) {
  long long total = 0;
  for (long long x = L; x <= R; ++x)
    for (long long j = 1; j <= x; ++j)
      if (x % j == 0) ++total;
  return total;
}
