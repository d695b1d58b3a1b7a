// Subtasks 1 and 3 only: a divisor-count sieve up to 10^6 with prefix sums; larger R get 0.
#include "divsum.h"

#include <vector>

static const int kLimit = 1000000;
static std::vector<long long> prefix;

long long count_divisors(long long L, long long R) {
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
