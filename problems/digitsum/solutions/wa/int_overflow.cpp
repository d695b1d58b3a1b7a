// Wrong on large N: the same digit DP, but N is read into a 32-bit int.
#include <cstdio>

static long long free_ways[19][101];

int main() {
  int t;
  std::scanf("%d", &t);
  while (t--) {
    long long big;
    int k;
    std::scanf("%lld %d", &big, &k);
    int n = (int)big;  // truncated
    for (int r = 0; r < k; ++r) free_ways[0][r] = r == 0;
    for (int d = 1; d < 19; ++d) {
      for (int r = 0; r < k; ++r) free_ways[d][r] = 0;
      for (int r = 0; r < k; ++r)
        for (int digit = 0; digit <= 9; ++digit) free_ways[d][(r + digit) % k] += free_ways[d - 1][r];
    }
    int digits[20], len = 0;
    for (int m = n; m > 0; m /= 10) digits[len++] = m % 10;
    long long result = 0;
    int prefix = 0;
    for (int pos = len - 1; pos >= 0; --pos) {
      for (int digit = 0; digit < digits[pos]; ++digit) result += free_ways[pos][(k - (prefix + digit) % k) % k];
      prefix = (prefix + digits[pos]) % k;
    }
    if (prefix == 0) ++result;
    std::printf("%lld\n", result - 1);
  }
  return 0;
}
