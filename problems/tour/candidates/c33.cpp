#include <bits/stdc++.h>
using namespace std;

int n;
double x[1005], y[1005];
double dist(int a, int b) { return sqrt((x[a] - x[b]) * (x[a] - x[b]) + (y[a] - y[b]) * (y[a] - y[b])); }

vector<int> exact() {
    int F = 1 << n;
    vector<double> dp((size_t)F * n, 1e18);
    vector<int> pr((size_t)F * n, -1);
    dp[1 * n + 0] = 0;
    for (int m = 1; m < F; m += 2)
        for (int l = 0; l < n; l++) {
            double cur = dp[(size_t)m * n + l];
            if (cur > 1e17) continue;
            for (int v = 1; v < n; v++) {
                if (m >> v & 1) continue;
                size_t k = (size_t)(m | 1 << v) * n + v;
                if (cur + dist(l, v) < dp[k]) dp[k] = cur + dist(l, v), pr[k] = l;
            }
        }
    int m = F - 1, last = 0;
    double best = 1e18;
    for (int l = 1; l < n; l++) {
        double c = dp[(size_t)m * n + l] + dist(l, 0);
        if (c < best) best = c, last = l;
    }
    vector<int> t;
    while (last >= 0) { t.push_back(last); int p = pr[(size_t)m * n + last]; m ^= 1 << last; last = p; }
    reverse(t.begin(), t.end());
    return t;
}

vector<int> greedy() {
    vector<int> t{0};
    vector<bool> u(n); u[0] = true;
    for (int k = 1; k < n; k++) {
        int c = t.back(), b = -1;
        for (int j = 0; j < n; j++) if (!u[j] && (b == -1 || dist(c, j) < dist(c, b))) b = j;
        u[b] = true; t.push_back(b);
    }
    return t;
}

int main() {
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<int> t = (n >= 2 && n <= 15) ? exact() : greedy();
    for (int v : t) printf("%d\n", v);
}
