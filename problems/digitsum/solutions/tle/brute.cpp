// Subtask 1 only: tries every x up to N, so N = 10^18 never finishes.
#include <cstdio>

int main() {
  int t;
  std::scanf("%d", &t);
  while (t--) {
    unsigned long long n;
    int k;
    std::scanf("%llu %d", &n, &k);
    long long count = 0;
    for (unsigned long long x = 1; x <= n; ++x) {
      int s = 0;
      for (unsigned long long m = x; m > 0; m /= 10) s += m % 10;
      if (s % k == 0) ++count;
    }
    std::printf("%lld\n", count);
  }
  return 0;
}
