#include <bits/stdc++.h>
using namespace std;

// 2-approximation: minimum spanning tree (Prim), then visit in DFS preorder.
int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<double> best(n, 1e18);
    vector<int> from(n, -1);
    vector<char> in(n, 0);
    vector<vector<int>> kids(n);
    best[0] = 0;
    for (int k = 0; k < n; k++) {
        int v = -1;
        for (int i = 0; i < n; i++) if (!in[i] && (v < 0 || best[i] < best[v])) v = i;
        in[v] = 1;
        if (from[v] >= 0) kids[from[v]].push_back(v);
        for (int i = 0; i < n; i++) {
            double d = hypot(x[i] - x[v], y[i] - y[v]);
            if (!in[i] && d < best[i]) best[i] = d, from[i] = v;
        }
    }
    vector<int> st{0};
    while (!st.empty()) {
        int v = st.back(); st.pop_back();
        printf("%d\n", v);
        for (int i = (int)kids[v].size() - 1; i >= 0; i--) st.push_back(kids[v][i]);
    }
}
