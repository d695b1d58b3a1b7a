// Does not compile: uses an undeclared variable and misses a semicolon.
#include "divsum.h"

long long count_divisors(long long L, long long R) {
  long long total = 0
  for (long long x = L; x <= R; ++x) total += divisors(x);
  return total;
}
