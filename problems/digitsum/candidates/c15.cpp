#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
int K;
ll memo[20][101];
// number of ways to fill `left` digits so that (sum + filled) % K == 0
ll ways(int left, int rem) {
  if (left == 0) return rem == 0;
  ll &m = memo[left][rem];
  if (m >= 0) return m;
  m = 0;
  for (int d = 0; d < 10; d++) m += ways(left - 1, (rem + d) % K);
  return m;
}
int main() {
  int t;
  cin >> t;
  vector<pair<ll, int>> q(t);
  for (auto &p : q) cin >> p.first >> p.second;
  for (auto [n, k] : q) {
    K = k;
    memset(memo, -1, sizeof memo);
    string s = to_string(n);
    ll ans = 0;
    int rem = 0;
    for (size_t i = 0; i < s.size(); i++) {
      for (int d = 0; d < s[i] - '0'; d++) ans += ways(s.size() - 1 - i, (rem + d) % K);
      rem = (rem + s[i] - '0') % K;
    }
    ans += rem == 0;
    cout << ans - 1 << ' ';
  }
  cout << endl;
}
