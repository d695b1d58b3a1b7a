#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    long long best = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        cin >> x;
        cur += x;
        if (cur < 0) cur = 0;  // drop a negative prefix
        best = max(best, cur);
    }
    cout << best << '\n';
    return 0;
}
