#include <bits/stdc++.h>
using namespace std;
// brute force small, nines trick for 1 3 9
int main() {
  int t;
  scanf("%d", &t);
  while (t--) {
    unsigned long long n;
    int k;
    scanf("%llu %d", &n, &k);
    if (k == 1 || k == 3 || k == 9) {
      printf("%llu\n", n / k);
      continue;
    }
    long long c = 0;
    for (unsigned long long x = 1; x <= n && x <= 1000000; x++) {
      int s = 0;
      for (unsigned long long y = x; y; y /= 10) s += y % 10;
      c += s % k == 0;
    }
    printf("%lld\n", c);
  }
}
