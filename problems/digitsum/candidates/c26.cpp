#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
int main() {
  int t;
  cin >> t;
  while (t--) {
    ll n;
    int k;
    cin >> n >> k;
    vector<vector<ll>> ways(20, vector<ll>(k));
    ways[0][0] = 1;
    for (int i = 1; i < 20; i++)
      for (int r = 0; r < k; r++)
        for (int d = 0; d < 10; d++) ways[i][(r + d) % k] += ways[i - 1][r];
    string s = to_string(n);
    ll ans = 0;
    int pre = 0;
    for (int i = 0; i < (int)s.size(); i++) {
      for (int d = 0; d < s[i] - '0'; d++) ans += ways[s.size() - 1 - i][(k - (pre + d)) % k];
      pre = (pre + s[i] - '0') % k;
    }
    cout << ans + (pre == 0) - 1 << "\n";
  }
}
