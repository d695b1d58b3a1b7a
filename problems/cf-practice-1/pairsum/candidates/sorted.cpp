#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    long long s;
    cin >> n >> s;
    vector<pair<long long, int>> a(n);
    for (int i = 0; i < n; i++) {
        cin >> a[i].first;
        a[i].second = i + 1;
    }
    sort(a.begin(), a.end());
    // two pointers from both ends
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        long long t = a[lo].first + a[hi].first;
        if (t == s) {
            cout << a[lo].second << ' ' << a[hi].second << '\n';
            return 0;
        }
        if (t < s) lo++;
        else hi--;
    }
    cout << -1 << '\n';
    return 0;
}
