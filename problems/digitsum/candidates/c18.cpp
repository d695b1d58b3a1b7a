#include <bits/stdc++.h>
using namespace std;
int main() {
  int t;
  cin >> t;
  while (t--) {
    int n, k;
    cin >> n >> k;
    int c = 0;
    for (int x = 1; x <= n; x++) {
      int s = 0;
      for (int y = x; y; y /= 10) s += y % 10;
      if (s % k == 0) c++;
    }
    cout << c << "\n";
  }
}
