// digit dp over positions, counting digit sums mod k
#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
ll memo[20][101];
bool seen[20][101];
int K;
ll freeWays(int len, int r) {  // len free digits, need sum == r (mod K)
  if (len == 0) return r == 0;
  if (seen[len][r]) return memo[len][r];
  ll s = 0;
  for (int d = 0; d <= 9; d++) s += freeWays(len - 1, ((r - d) % K + K) % K);
  seen[len][r] = true;
  return memo[len][r] = s;
}
ll solve(ll n) {
  string s = to_string(n);
  int L = s.size();
  ll res = 0;
  int pre = 0;
  for (int i = 0; i < L; i++) {
    int c = s[i] - '0';
    for (int d = 0; d < c; d++) res += freeWays(L - 1 - i, ((-(pre + d)) % K + K) % K);
    pre += c;
  }
  if (pre % K == 0) res++;
  return res - 1;
}
int main() {
  int t;
  cin >> t;
  while (t--) {
    ll n;
    cin >> n >> K;
    memset(seen, 0, sizeof seen);
    cout << solve(n) << "\n";
  }
}
