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
    vector<ll> ways(k);
    ways[0] = 1;
    ll ans = 0;
    string s = to_string(n);
    // wrong direction: fills from the least significant digit
    int pre = 0;
    for (char ch : s) pre += ch - '0';
    for (int i = 0; i < (int)s.size(); i++) {
      int c = s[s.size() - 1 - i] - '0';
      for (int d = 0; d < c; d++) ans += ways[(k - (pre - c + d) % k) % k];
      vector<ll> nw(k);
      for (int r = 0; r < k; r++)
        for (int d = 0; d < 10; d++) nw[(r + d) % k] += ways[r];
      ways = nw;
    }
    cout << ans + (pre % k == 0) - 1 << "\n";
  }
}
