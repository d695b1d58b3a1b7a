#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    int q;
    cin >> q;
    while (q--) {
        long long n;
        cin >> n;
        long long ans = -1;
        // a composite n has a divisor below sqrt(n)
        for (long long d = 2; d * d < n; d++) {
            if (n % d == 0) {
                ans = d;
                break;
            }
        }
        cout << ans << "\n";
    }
    return 0;
}
