#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<int> a(n);
    for (auto& x : a) cin >> x;
    long long swaps = 0;  // every swap of neighbours removes exactly one inversion
    for (int pass = 0; pass < n; pass++) {
        bool changed = false;
        for (int i = 0; i + 1 < n - pass; i++) {
            if (a[i] > a[i + 1]) {
                swap(a[i], a[i + 1]);
                swaps++;
                changed = true;
            }
        }
        if (!changed) break;
    }
    cout << swaps << '\n';
    return 0;
}
