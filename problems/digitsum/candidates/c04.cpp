#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
// dp[pos][sum][tight]
int K;
vector<int> dig;
ll dp[20][200][2];
bool vis[20][200][2];
ll go(int pos, int sum, int tight) {
  if (pos == (int)dig.size()) return sum % K == 0;
  if (vis[pos][sum][tight]) return dp[pos][sum][tight];
  vis[pos][sum][tight] = 1;
  int lim = tight ? dig[pos] : 9;
  ll r = 0;
  for (int d = 0; d <= lim; d++) r += go(pos + 1, sum + d, tight && d == lim);
  return dp[pos][sum][tight] = r;
}
int main() {
  int t;
  cin >> t;
  while (t--) {
    ll n;
    cin >> n >> K;
    dig.clear();
    for (ll m = n; m > 0; m /= 10) dig.push_back(m % 10);
    reverse(dig.begin(), dig.end());
    memset(vis, 0, sizeof vis);
    cout << go(0, 0, 1) - 1 << "\n";  // minus zero
  }
}
