#include <bits/stdc++.h>
using namespace std;

int n;
vector<double> X, Y;
double D(int a, int b) { return hypot(X[a] - X[b], Y[a] - Y[b]); }
vector<int> par;
int root(int a) { while (par[a] != a) a = par[a] = par[par[a]]; return a; }

int main() {
    scanf("%d", &n);
    X.resize(n); Y.resize(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &X[i], &Y[i]);
    vector<int> t;
    if (n <= 3) {
        for (int i = 0; i < n; i++) t.push_back(i);
    } else {
        vector<tuple<double, int, int>> e;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) e.emplace_back(D(i, j), i, j);
        sort(e.begin(), e.end());
        par.resize(n); iota(par.begin(), par.end(), 0);
        vector<int> deg(n);
        vector<vector<int>> g(n);
        int cnt = 0;
        for (auto& [w, a, b] : e) {
            if (cnt == n - 1) break;
            if (deg[a] > 1 || deg[b] > 1 || root(a) == root(b)) continue;
            par[root(a)] = root(b); deg[a]++; deg[b]++; g[a].push_back(b); g[b].push_back(a); cnt++;
        }
        int s = 0; while (deg[s] != 1) s++;
        int prev = -1, cur = s;
        while (cur != -1) {
            t.push_back(cur);
            int nx = -1;
            for (int v : g[cur]) if (v != prev) nx = v;
            prev = cur; cur = nx;
        }
        bool imp = true;
        while (imp) {
            imp = false;
            for (int i = 0; i + 1 < n; i++)
                for (int j = i + 2; j < n; j++) {
                    int a = t[i], b = t[i + 1], c = t[j], d = t[(j + 1) % n];
                    if (a == d) continue;
                    if (D(a, c) + D(b, d) + 1e-9 < D(a, b) + D(c, d)) { reverse(t.begin() + i + 1, t.begin() + j + 1); imp = true; }
                }
        }
    }
    for (int v : t) printf("%d\n", v);
}
