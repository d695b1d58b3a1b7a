// Subtasks 1, 2 and 3: sieve up to 10^6, trial division when L = R; other large ranges get 0.
#include "divsum.h"

#include <vector>

static const int kLimit = 1000000;
static std::vector<long long> prefix;

static long long divisors_of(long long x) {
  long long count = 0;
  for (long long i = 1; i * i <= x; ++i)
    if (x % i == 0) count += (i * i == x) ? 1 : 2;
  return count;
}

long long count_divisors(long long L, long long R) {
  if (L == R) return divisors_of(L);
  if (R > kLimit) return 0;
  if (prefix.empty()) {
    std::vector<int> d(kLimit + 1, 0);
    for (int i = 1; i <= kLimit; ++i)
      for (int j = i; j <= kLimit; j += i) ++d[j];
    prefix.assign(kLimit + 1, 0);
    for (int i = 1; i <= kLimit; ++i) prefix[i] = prefix[i - 1] + d[i];
  }
  return prefix[R] - prefix[L - 1];
}
