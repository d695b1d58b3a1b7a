#include <bits/stdc++.h>
using namespace std;

// Exhaustive search over all visiting orders: always optimal.
int n;
vector<double> X, Y;
vector<int> cur, best;
vector<char> used;
double bestLen = 1e18;

void rec(double len) {
    if ((int)cur.size() == n) {
        double total = len + hypot(X[cur.back()] - X[cur[0]], Y[cur.back()] - Y[cur[0]]);
        if (total < bestLen) { bestLen = total; best = cur; }
        return;
    }
    for (int v = 0; v < n; v++) {
        if (used[v]) continue;
        double add = cur.empty() ? 0 : hypot(X[cur.back()] - X[v], Y[cur.back()] - Y[v]);
        used[v] = 1; cur.push_back(v);
        rec(len + add);
        cur.pop_back(); used[v] = 0;
    }
}

int main() {
    scanf("%d", &n);
    X.resize(n); Y.resize(n); used.assign(n, 0);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &X[i], &Y[i]);
    rec(0);
    for (int v : best) printf("%d\n", v);
}
