#include <bits/stdc++.h>
using namespace std;
// table of counts for every k up to 100 and every n up to 1e6, then answer in O(1)
int cnt[101][1000001];
int main() {
  for (int k = 1; k <= 100; k++) {
    for (int x = 1; x <= 1000000; x++) {
      int s = 0;
      for (int y = x; y; y /= 10) s += y % 10;
      cnt[k][x] = cnt[k][x - 1] + (s % k == 0);
    }
  }
  int t;
  scanf("%d", &t);
  while (t--) {
    long long n;
    int k;
    scanf("%lld %d", &n, &k);
    if (n > 1000000) n = 1000000;
    printf("%d\n", cnt[k][n]);
  }
}
