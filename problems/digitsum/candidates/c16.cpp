#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
int K;
ll memo[20][101];
bool has[20][101];
ll ways(int left, int rem) {
  if (left == 0) return rem == 0;
  if (has[left][rem]) return memo[left][rem];
  has[left][rem] = true;
  ll r = 0;
  for (int d = 0; d < 10; d++) r += ways(left - 1, (rem + d) % K);
  return memo[left][rem] = r;
}
int main() {
  int t;
  cin >> t;
  while (t--) {
    ll n;
    cin >> n >> K;
    // memo only depends on K... clear once at start
    static bool first = true;
    if (first) memset(has, 0, sizeof has), first = false;
    string s = to_string(n);
    ll ans = 0;
    int rem = 0;
    for (size_t i = 0; i < s.size(); i++) {
      for (int d = 0; d < s[i] - '0'; d++) ans += ways(s.size() - 1 - i, (rem + d) % K);
      rem = (rem + s[i] - '0') % K;
    }
    cout << ans + (rem == 0) - 1 << "\n";
  }
}
