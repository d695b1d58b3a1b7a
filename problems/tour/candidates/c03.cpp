#include <bits/stdc++.h>
using namespace std;

// Visit the shops in order of their angle around the centroid.
int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    double cx = 0, cy = 0;
    for (int i = 0; i < n; i++) { scanf("%lf %lf", &x[i], &y[i]); cx += x[i]; cy += y[i]; }
    cx /= n; cy /= n;
    vector<int> order(n);
    iota(order.begin(), order.end(), 0);
    sort(order.begin(), order.end(), [&](int a, int b) {
        return atan2(y[a] - cy, x[a] - cx) < atan2(y[b] - cy, x[b] - cx);
    });
    for (int v : order) printf("%d\n", v);
}
