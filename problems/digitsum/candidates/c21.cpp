#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
int main() {
  int t;
  scanf("%d", &t);
  while (t--) {
    ll n;
    int k;
    scanf("%lld %d", &n, &k);
    vector<int> d;
    for (ll m = n; m; m /= 10) d.push_back(m % 10);
    reverse(d.begin(), d.end());
    vector<ll> cnt(k, 0), nxt(k);
    int tight = 0;
    for (int dig : d) {
      fill(nxt.begin(), nxt.end(), 0);
      for (int r = 0; r < k; r++)
        for (int x = 0; x < 10; x++) nxt[(r + x) % k] += cnt[r];
      for (int x = 0; x < dig; x++) nxt[(tight + x) % k]++;
      tight = (tight + dig) % k;
      cnt = nxt;
    }
    printf("%lld\n", cnt[0] - 1);
  }
}
