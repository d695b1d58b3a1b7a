#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    long long s;
    cin >> n >> s;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    for (int i = 0; i + 1 < n; i++) {
        if (a[i] + a[i + 1] == s) {
            cout << i + 1 << ' ' << i + 2 << '\n';
            return 0;
        }
    }
    cout << -1 << '\n';
    return 0;
}
