#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<bool> vis(n, false);
    int cur = 0;
    printf("%d\n", cur);
    for (int k = 1; k < n; k++) {
        int nxt = -1; double bd = 1e18;
        for (int j = 0; j < n; j++) {
            if (vis[j] || j == cur) continue;
            double d = hypot(x[j] - x[cur], y[j] - y[cur]);
            if (d < bd) { bd = d; nxt = j; }
        }
        vis[nxt] = true;
        cur = nxt;
        printf("%d\n", cur);
    }
}
