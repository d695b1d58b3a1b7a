#include <bits/stdc++.h>
using namespace std;

// Precomputed distance table, then nearest neighbour + 2-opt.
const int MAXN = 512;
array<array<double, MAXN>, MAXN> dd;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) dd.at(i).at(j) = hypot(x[i] - x[j], y[i] - y[j]);
    vector<int> t{0};
    vector<char> u(n, 0); u[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = t.back(), b = -1;
        for (int j = 0; j < n; j++) if (!u[j] && (b < 0 || dd[c][j] < dd[c][b])) b = j;
        u[b] = 1; t.push_back(b);
    }
    bool imp = n >= 4;
    while (imp) {
        imp = false;
        for (int i = 0; i + 1 < n; i++)
            for (int j = i + 2; j < n; j++) {
                int a = t[i], b = t[i + 1], c = t[j], e = t[(j + 1) % n];
                if (a == e) continue;
                if (dd[a][c] + dd[b][e] < dd[a][b] + dd[c][e] - 1e-9) { reverse(t.begin() + i + 1, t.begin() + j + 1); imp = true; }
            }
    }
    for (int v : t) printf("%d\n", v);
}
