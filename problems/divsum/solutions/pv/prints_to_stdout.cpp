// Protocol violation: correct answers, but it writes debug text on standard output, which the
// checker sees as tampering with the grader's output.
#include "divsum.h"

#include <cmath>
#include <cstdio>

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
  std::printf("query %lld %lld\n", L, R);
  return divisor_prefix(R) - divisor_prefix(L - 1);
}
