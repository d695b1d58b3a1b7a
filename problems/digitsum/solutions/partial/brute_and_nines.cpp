// Subtasks 1 and 2: brute force for N <= 10^6; for K in {1, 3, 9}, x and s(x) agree modulo K, so
// the answer is floor(N / K). Anything else gets 0.
#include <cstdio>

int main() {
  int t;
  std::scanf("%d", &t);
  while (t--) {
    unsigned long long n;
    int k;
    std::scanf("%llu %d", &n, &k);
    if (k == 1 || k == 3 || k == 9) {
      std::printf("%llu\n", n / k);
    } else if (n <= 1000000) {
      long long count = 0;
      for (unsigned long long x = 1; x <= n; ++x) {
        int s = 0;
        for (unsigned long long m = x; m > 0; m /= 10) s += m % 10;
        if (s % k == 0) ++count;
      }
      std::printf("%lld\n", count);
    } else {
      std::printf("0\n");
    }
  }
  return 0;
}
