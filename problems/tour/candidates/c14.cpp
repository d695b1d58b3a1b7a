#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    auto D = [&](int a, int b) { return hypot(x[a] - x[b], y[a] - y[b]); };
    vector<int> t{0};
    vector<char> u(n, 0); u[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = t.back(), b = -1;
        for (int j = 0; j < n; j++) if (!u[j] && (b < 0 || D(c, j) < D(c, b))) b = j;
        u[b] = 1; t.push_back(b);
    }
    if (n < 5) { for (int v : t) printf("%d\n", v); return 0; }
    for (int pass = 0; pass < 10; pass++) {
        bool moved = false;
        for (int i = 0; i < n; i++) {
            int m = t.size();
            int p = t[(i + m - 1) % m], c = t[i], q = t[(i + 1) % m];
            double gain = D(p, c) + D(c, q) - D(p, q);
            int bj = -1; double bc = gain - 1e-9;
            for (int j = 0; j < m; j++) {
                int a = t[j], b = t[(j + 1) % m];
                if (a == c || b == c) continue;
                double cost = D(a, c) + D(c, b) - D(a, b);
                if (cost < bc) bc = cost, bj = j;
            }
            if (bj < 0) continue;
            int a = t[bj];
            t.erase(t.begin() + i);
            int pos = find(t.begin(), t.end(), a) - t.begin();
            t.insert(t.begin() + pos + 1, c);
            moved = true;
        }
        if (!moved) break;
    }
    for (int v : t) printf("%d\n", v);
}
