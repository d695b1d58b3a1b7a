// Wrong: subtracts the prefix up to L instead of L - 1, so d(L) is always missing.
#include "divsum.h"

#include <cmath>

static long long divisor_prefix(long long n) {
  long long s = (long long)std::sqrt((double)n);
  while (s * s > n) --s;
  while ((s + 1) * (s + 1) <= n) ++s;
  long long total = 0;
  for (long long k = 1; k <= s; ++k) total += n / k;
  return 2 * total - s * s;
}

long long count_divisors(long long L, long long R) { return divisor_prefix(R) - divisor_prefix(L); }
