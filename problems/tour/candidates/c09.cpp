#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    auto d = [&](int a, int b) { return hypot(x[a] - x[b], y[a] - y[b]); };
    vector<int> order(n);
    iota(order.begin(), order.end(), 0);
    mt19937 rng(12345);
    shuffle(order.begin() + 1, order.end(), rng);
    vector<int> tour{order[0]};
    for (int k = 1; k < n; k++) {
        int c = order[k], m = tour.size(), pos = 1;
        double best = 1e18;
        for (int i = 0; i < m; i++) {
            int a = tour[i], b = tour[(i + 1) % m];
            double inc = d(a, c) + d(c, b) - d(a, b);
            if (inc < best) best = inc, pos = i + 1;
        }
        tour.insert(tour.begin() + pos, c);
    }
    for (int v : tour) printf("%d\n", v);
}
