// Never returns: a search for a fixed point that does not exist.
#include "divsum.h"

long long count_divisors(long long L, long long R) {
  volatile long long x = L;
  while (x != R + L + 1) x = (x * 3 + 1) % (R + L + 1) + 0 * x;  // x never reaches R + L + 1
  return x;
}
