// Reference: digit DP. For each position where x first drops below N's digit, the remaining
// digits are free; free_ways[d][r] counts d free digits with digit sum = r (mod K).
// O(19 * 10 * K) per query.
#include <cstdio>

static long long free_ways[19][101];

static long long count_up_to(unsigned long long n, int k) {  // x in [1, n] with K | digitsum(x)
  for (int r = 0; r < k; ++r) free_ways[0][r] = r == 0;
  for (int d = 1; d < 19; ++d) {
    for (int r = 0; r < k; ++r) free_ways[d][r] = 0;
    for (int r = 0; r < k; ++r)
      for (int digit = 0; digit <= 9; ++digit) free_ways[d][(r + digit) % k] += free_ways[d - 1][r];
  }
  int digits[20], len = 0;
  for (unsigned long long m = n; m > 0; m /= 10) digits[len++] = (int)(m % 10);
  long long result = 0;
  int prefix = 0;  // digit sum of N's digits above the current position, mod k
  for (int pos = len - 1; pos >= 0; --pos) {
    for (int digit = 0; digit < digits[pos]; ++digit)
      result += free_ways[pos][(k - (prefix + digit) % k) % k];
    prefix = (prefix + digits[pos]) % k;
  }
  if (prefix == 0) ++result;  // n itself
  return result - 1;          // x = 0 was counted
}

int main() {
  int t;
  if (std::scanf("%d", &t) != 1) return 1;
  while (t--) {
    unsigned long long n;
    int k;
    if (std::scanf("%llu %d", &n, &k) != 2) return 1;
    std::printf("%lld\n", count_up_to(n, k));
  }
  return 0;
}
