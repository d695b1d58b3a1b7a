#include <bits/stdc++.h>
using namespace std;

// Greedy matching: take edges shortest first, keeping degrees <= 2 and no early cycle.
int par[1005];
int find(int a) { return par[a] == a ? a : par[a] = find(par[a]); }

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    if (n <= 2) { for (int i = 0; i < n; i++) printf("%d\n", i); return 0; }
    vector<tuple<double, int, int>> e;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) e.emplace_back(hypot(x[i] - x[j], y[i] - y[j]), i, j);
    sort(e.begin(), e.end());
    for (int i = 0; i < n; i++) par[i] = i;
    vector<int> deg(n, 0);
    vector<vector<int>> adj(n);
    int taken = 0;
    for (auto& [w, a, b] : e) {
        if (taken == n - 1) break;
        if (deg[a] == 2 || deg[b] == 2 || find(a) == find(b)) continue;
        par[find(a)] = find(b);
        deg[a]++; deg[b]++;
        adj[a].push_back(b); adj[b].push_back(a);
        taken++;
    }
    int start = 0;
    while (deg[start] != 1) start++;
    int prev = -1, cur = start;
    for (int k = 0; k < n; k++) {
        printf("%d\n", cur);
        int nxt = -1;
        for (int v : adj[cur]) if (v != prev) nxt = v;
        prev = cur; cur = nxt;
    }
}
