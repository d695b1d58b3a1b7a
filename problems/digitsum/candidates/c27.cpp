#include <bits/stdc++.h>
using namespace std;
int main() {
  int t;
  cin >> t;
  while (t--) {
    long long n;
    int k;
    cin >> n >> k;
    if (k == 1) { cout << n << "\n"; continue; }
    if (k == 3) { cout << n / 3 << "\n"; continue; }
    if (k == 9) { cout << n / 9 << "\n"; continue; }
    long long c = 0;
    for (long long x = 1; x <= n; x++) {
      int s = 0;
      for (long long y = x; y; y /= 10) s += y % 10;
      if (s % k == 0) c++;
    }
    cout << c << "\n";
  }
}
