#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
ll f[20][101];
int main() {
  int t;
  cin >> t;
  while (t--) {
    ll n;
    int k;
    cin >> n >> k;
    f[0][0] = 1;
    for (int i = 1; i < 20; i++)
      for (int r = 0; r < k; r++) {
        f[i][r] = 0;
        for (int d = 0; d < 10; d++) f[i][r] += f[i - 1][(r - d % k + k) % k];
      }
    vector<int> dg;
    for (ll m = n; m; m /= 10) dg.push_back(m % 10);
    ll ans = 0;
    int pre = 0;
    for (int i = dg.size() - 1; i >= 0; i--) {
      for (int d = 0; d < dg[i]; d++) ans += f[i][(k - (pre + d) % k) % k];
      pre = (pre + dg[i]) % k;
    }
    cout << ans + !pre - 1 << "\n"
  }
}
