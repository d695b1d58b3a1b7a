#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; cin >> n;
    vector<pair<int, int>> pts(n);
    for (auto& p : pts) cin >> p.first >> p.second;
    const int K = 10;
    vector<vector<int>> band(K);
    for (int i = 0; i < n; i++) band[min(K - 1, pts[i].second * K / 10001)].push_back(i);
    for (int b = 0; b < K; b++) {
        auto& v = band[b];
        sort(v.begin(), v.end(), [&](int i, int j) { return pts[i].first < pts[j].first; });
        if (b % 2) reverse(v.begin(), v.end());
        for (int i : v) cout << i << '\n';
    }
}
