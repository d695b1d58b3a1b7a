#include <bits/stdc++.h>
using namespace std;

// Exact DP for small inputs (subtask 1).
int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    if (n > 14) { for (int i = 0; i < n; i++) printf("%d\n", i); return 0; }
    auto d = [&](int a, int b) { return hypot(x[a] - x[b], y[a] - y[b]); };
    int F = 1 << n;
    vector<vector<double>> dp(F, vector<double>(n, 1e18));
    vector<vector<int>> par(F, vector<int>(n, -1));
    dp[1][0] = 0;
    for (int m = 1; m < F; m++) for (int l = 0; l < n; l++) {
        if (dp[m][l] >= 1e17) continue;
        for (int v = 0; v < n; v++) if (!(m >> v & 1)) {
            double c = dp[m][l] + d(l, v);
            if (c < dp[m | 1 << v][v]) { dp[m | 1 << v][v] = c; par[m | 1 << v][v] = l; }
        }
    }
    int m = F - 1, last = 0; double best = 1e18;
    for (int l = 0; l < n; l++) if (dp[m][l] + d(l, 0) < best) { best = dp[m][l] + d(l, 0); last = l; }
    vector<int> t;
    while (last >= 0) { t.push_back(last); int p = par[m][last]; m ^= 1 << last; last = p; }
    reverse(t.begin(), t.end());
    for (int v : t) printf("%d\n", v);
}
