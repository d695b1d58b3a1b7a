#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
// memo over (position, remainder), tight handled by walking the prefix
ll f[20][100];
int main() {
  int t;
  scanf("%d", &t);
  while (t--) {
    ll n;
    int k;
    scanf("%lld %d", &n, &k);
    assert(k <= 50);
    for (int r = 0; r < k; r++) f[0][r] = (r == 0);
    for (int i = 1; i < 20; i++)
      for (int r = 0; r < k; r++) {
        f[i][r] = 0;
        for (int d = 0; d < 10; d++) f[i][r] += f[i - 1][((r - d) % k + k) % k];
      }
    vector<int> dg;
    for (ll m = n; m; m /= 10) dg.push_back(m % 10);
    ll ans = 0;
    int pre = 0;
    for (int i = (int)dg.size() - 1; i >= 0; i--) {
      for (int d = 0; d < dg[i]; d++) ans += f[i][((-(pre + d)) % k + k) % k];
      pre += dg[i];
    }
    if (pre % k == 0) ans++;
    printf("%lld\n", ans - 1);
  }
}
