// Wrong on large inputs: takes the square root in single precision and never corrects it, so
// s = isqrt(n) is off by one when n is just below a large perfect square.
#include "divsum.h"

#include <cmath>

static long long divisor_prefix(long long n) {
  if (n <= 0) return 0;
  long long s = (long long)std::sqrt((float)n);
  long long total = 0;
  for (long long k = 1; k <= s; ++k) total += n / k;
  return 2 * total - s * s;
}

long long count_divisors(long long L, long long R) {
  return divisor_prefix(R) - divisor_prefix(L - 1);
}
