// Full solution, another style: sum_{k<=n} floor(n/k) by blocks of equal quotient, O(sqrt(n)).
#include "divsum.h"

static long long floor_sum(long long n) {
  long long total = 0;
  for (long long k = 1; k <= n;) {
    long long q = n / k;
    long long last = n / q;  // the last k with the same quotient
    total += q * (last - k + 1);
    k = last + 1;
  }
  return total;
}

long long count_divisors(long long L, long long R) { return floor_sum(R) - floor_sum(L - 1); }
