#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n + 1), y(n + 1);
    for (int i = 1; i <= n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<bool> vis(n + 1, false);
    int cur = 1; vis[1] = true;
    printf("%d\n", cur);
    for (int k = 2; k <= n; k++) {
        int b = -1; double bd = 1e18;
        for (int j = 1; j <= n; j++) if (!vis[j]) {
            double dd = hypot(x[j] - x[cur], y[j] - y[cur]);
            if (dd < bd) bd = dd, b = j;
        }
        vis[b] = true; cur = b;
        printf("%d\n", cur);
    }
}
