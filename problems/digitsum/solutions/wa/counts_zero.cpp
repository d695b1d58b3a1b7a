// Wrong: the digit DP also counts x = 0 (digit sum 0), so every answer is one too large.
#include <cstdio>

static long long free_ways[19][101];

int main() {
  int t;
  std::scanf("%d", &t);
  while (t--) {
    unsigned long long n;
    int k;
    std::scanf("%llu %d", &n, &k);
    for (int r = 0; r < k; ++r) free_ways[0][r] = r == 0;
    for (int d = 1; d < 19; ++d) {
      for (int r = 0; r < k; ++r) free_ways[d][r] = 0;
      for (int r = 0; r < k; ++r)
        for (int digit = 0; digit <= 9; ++digit) free_ways[d][(r + digit) % k] += free_ways[d - 1][r];
    }
    int digits[20], len = 0;
    for (unsigned long long m = n; m > 0; m /= 10) digits[len++] = (int)(m % 10);
    long long result = 0;
    int prefix = 0;
    for (int pos = len - 1; pos >= 0; --pos) {
      for (int digit = 0; digit < digits[pos]; ++digit) result += free_ways[pos][(k - (prefix + digit) % k) % k];
      prefix = (prefix + digits[pos]) % k;
    }
    if (prefix == 0) ++result;
    std::printf("%lld\n", result);
  }
  return 0;
}
