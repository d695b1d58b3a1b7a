#include <bits/stdc++.h>
using namespace std;
int main() {
  int t;
  cin >> t;
  while (t--) {
    long long n;
    int k;
    cin >> n >> k;
    long long c = 0;
    for (long long x = 1; x <= n; x++) {
      string s = to_string(x);
      int sum = 0;
      for (char ch : s) sum += ch - '0';
      if (sum % k == 0) c++;
    }
    cout << c << "\n";
  }
}
