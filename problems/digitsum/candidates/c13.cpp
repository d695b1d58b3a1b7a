#include <bits/stdc++.h>
using namespace std;
// prefix table of answers up to n
int main() {
  int t;
  cin >> t;
  while (t--) {
    long long n;
    int k;
    cin >> n >> k;
    vector<int> good(n + 1, 0);
    for (long long x = 1; x <= n; x++) {
      int s = 0;
      for (long long y = x; y; y /= 10) s += y % 10;
      good[x] = good[x - 1] + (s % k == 0);
    }
    cout << good[n] << "\n";
  }
}
