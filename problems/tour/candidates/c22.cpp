#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    auto D = [&](int a, int b) { return hypot(x[a] - x[b], y[a] - y[b]); };
    vector<int> t(n);
    iota(t.begin(), t.end(), 0);
    for (bool imp = n >= 4; imp;) {
        imp = false;
        for (int i = 0; i + 1 < n; i++)
            for (int j = i + 2; j < n; j++) {
                int a = t[i], b = t[i + 1], c = t[j], e = t[(j + 1) % n];
                if (a == e) continue;
                if (D(a, c) + D(b, e) < D(a, b) + D(c, e) - 1e-9) { reverse(t.begin() + i + 1, t.begin() + j + 1); imp = true; }
            }
    }
    for (int v : t) printf("%d\n", v);
}
