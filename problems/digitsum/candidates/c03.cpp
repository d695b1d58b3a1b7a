#include <bits/stdc++.h>
using namespace std;
// x and s(x) are congruent mod 3 and mod 9, so for those K the answer is N/K
int main() {
  int t;
  cin >> t;
  while (t--) {
    long long n, k;
    cin >> n >> k;
    cout << n / k << '\n';
  }
}
