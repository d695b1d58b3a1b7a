#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
int K;
ll go(const string &S, int i, int r, bool tight) {
  if (i == (int)S.size()) return r == 0;
  ll res = 0;
  int lim = tight ? S[i] - '0' : 9;
  for (int d = 0; d <= lim; d++) res += go(S, i + 1, (r + d) % K, tight && d == lim);
  return res;
}
int main() {
  int t;
  cin >> t;
  while (t--) {
    string S;
    cin >> S >> K;
    cout << go(S, 0, 0, true) - 1 << "\n";
  }
}
