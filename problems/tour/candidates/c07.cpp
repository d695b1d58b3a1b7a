#include <bits/stdc++.h>
using namespace std;

// Bucket the points into a g x g grid and walk the cells in snake order.
int main() {
    int n; scanf("%d", &n);
    vector<int> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%d %d", &x[i], &y[i]);
    int g = max(1, (int)sqrt((double)n / 3));
    auto cell = [&](int v) { return min(g - 1, v * g / 10001); };
    vector<int> t(n);
    iota(t.begin(), t.end(), 0);
    auto key = [&](int i) {
        int r = cell(y[i]), c = cell(x[i]);
        if (r % 2) c = g - 1 - c;
        return make_tuple(r, c, (r % 2 ? -x[i] : x[i]));
    };
    sort(t.begin(), t.end(), [&](int a, int b) { return key(a) < key(b); });
    for (int v : t) printf("%d\n", v);
}
