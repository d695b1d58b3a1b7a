#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    auto d = [&](int a, int b) { return hypot(x[a] - x[b], y[a] - y[b]); };
    vector<int> tour{0};
    vector<char> in(n, 0); in[0] = 1;
    vector<double> dist(n);
    for (int i = 0; i < n; i++) dist[i] = d(0, i);
    for (int step = 1; step < n; step++) {
        int c = -1;
        for (int i = 0; i < n; i++) if (!in[i] && (c < 0 || dist[i] < dist[c])) c = i;
        int m = tour.size(), pos = 0; double bestInc = 1e18;
        for (int i = 0; i < m; i++) {
            int a = tour[i], b = tour[(i + 1) % m];
            double inc = d(a, c) + d(c, b) - (m > 1 ? d(a, b) : 0);
            if (inc < bestInc) { bestInc = inc; pos = i + 1; }
        }
        tour.insert(tour.begin() + pos, c);
        in[c] = 1;
        for (int i = 0; i < n; i++) if (!in[i]) dist[i] = min(dist[i], d(c, i));
    }
    for (int v : tour) printf("%d\n", v);
}
