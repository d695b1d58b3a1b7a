#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
// sum of digits is at most 9*18 = 162, count exact sums then check which are multiples of k
ll cntSum[20][170];
int main() {
  cntSum[0][0] = 1;
  for (int i = 1; i < 20; i++)
    for (int s = 0; s < 170; s++)
      for (int d = 0; d < 10 && d <= s; d++) cntSum[i][s] += cntSum[i - 1][s - d];
  int t;
  scanf("%d", &t);
  while (t--) {
    ll n;
    int k;
    scanf("%lld %d", &n, &k);
    char buf[25];
    sprintf(buf, "%lld", n);
    int L = strlen(buf), pre = 0;
    ll ans = 0;
    for (int i = 0; i < L; i++) {
      int c = buf[i] - '0';
      for (int d = 0; d < c; d++)
        for (int s = 0; s < 170; s++)
          if (cntSum[L - 1 - i][s] && (pre + d + s) % k == 0) ans += cntSum[L - 1 - i][s];
      pre += c;
    }
    if (pre % k == 0) ans++;
    printf("%lld\n", ans - 1);
  }
}
