#include <bits/stdc++.h>
using namespace std;
// brute force, fine for small N
int main() {
  int t;
  scanf("%d", &t);
  while (t--) {
    long long n;
    int k;
    scanf("%lld %d", &n, &k);
    long long cnt = 0;
    for (long long x = 1; x <= n; x++) {
      int s = 0;
      for (long long y = x; y; y /= 10) s += y % 10;
      if (s % k == 0) cnt++;
    }
    printf("%lld\n", cnt);
  }
}
