// Reference: sum_{i<=n} d(i) = sum_{k<=n} floor(n/k) = 2 * sum_{k<=s} floor(n/k) - s^2, s = isqrt(n).
// O(sqrt(R)) per query.
#include "divsum.h"

#include <cmath>

static long long divisor_prefix(long long n) {
  if (n <= 0) return 0;
  long long s = (long long)std::sqrt((double)n);
  while (s * s > n) --s;
  while ((s + 1) * (s + 1) <= n) ++s;
  long long total = 0;
  for (long long k = 1; k <= s; ++k) total += n / k;
  return 2 * total - s * s;
}

long long count_divisors(long long L, long long R) {
  return divisor_prefix(R) - divisor_prefix(L - 1);
}
