#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<bool> used(n, false);
    int cur = 0; used[0] = true;
    printf("0\n");
    for (int step = 1; step < n; step++) {
        int best = -1; double bd = 1e18;
        for (int j = 0; j < n; j++) {
            if (used[j]) continue;
            double d = hypot(x[j] - x[cur], y[j] - y[cur]);
            if (d < bd) { bd = d; best = j; }
        }
        used[best] = true; cur = best;
        printf("%d\n", cur);
    }
}
