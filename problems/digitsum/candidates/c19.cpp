#include <bits/stdc++.h>
using namespace std;
// brute force, answers printed as we go
int main() {
  int t;
  cin >> t;
  for (int tc = 1; tc <= t; tc++) {
    long long n;
    int k;
    cin >> n >> k;
    long long c = 0;
    for (long long x = 1; x <= n; x++) {
      int s = 0;
      for (long long y = x; y; y /= 10) s += y % 10;
      if (s % k == 0) c++;
    }
    cout << "Case #" << tc << ": " << c << "\n";
  }
}
