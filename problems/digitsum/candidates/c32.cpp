#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
int K;
map<tuple<int, int, bool>, ll> memo;
string S;
ll go(int i, int r, bool tight) {
  if (i == (int)S.size()) return r == 0;
  auto key = make_tuple(i, r, tight);
  auto it = memo.find(key);
  if (it != memo.end()) return it->second;
  ll res = 0;
  int lim = tight ? S[i] - '0' : 9;
  for (int d = 0; d <= lim; d++) res += go(i + 1, (r + d) % K, tight && d == lim);
  return memo[key] = res;
}
int main() {
  int t;
  cin >> t;
  while (t--) {
    cin >> S >> K;
    memo.clear();
    cout << go(0, 0, true) - 1 << "\n";
  }
}
