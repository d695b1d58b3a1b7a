#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<int> vis(n, 0);
    int cur = 0; vis[0] = 1;
    for (int k = 1; k < n; k++) {
        printf("%d\n", cur);
        int b = -1;
        for (int j = 0; j < n; j++) if (!vis[j] && (b < 0 || hypot(x[j] - x[cur], y[j] - y[cur]) < hypot(x[b] - x[cur], y[b] - y[cur]))) b = j;
        vis[b] = 1; cur = b;
    }
}
