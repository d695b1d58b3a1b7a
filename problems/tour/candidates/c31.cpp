#include <bits/stdc++.h>
using namespace std;

long long hkey(int x, int y) {
    long long d = 0;
    for (int s = 1 << 13; s; s >>= 1) {
        int rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += 1LL * s * s * ((3 * rx) ^ ry);
        if (!ry) { if (rx) { x = 2 * s - 1 - x; y = 2 * s - 1 - y; } swap(x, y); }
    }
    return d;
}

int main() {
    int n; scanf("%d", &n);
    vector<int> xi(n), yi(n);
    for (int i = 0; i < n; i++) scanf("%d %d", &xi[i], &yi[i]);
    vector<int> t(n);
    iota(t.begin(), t.end(), 0);
    sort(t.begin(), t.end(), [&](int a, int b) { return hkey(xi[a], yi[a]) < hkey(xi[b], yi[b]); });
    auto D = [&](int a, int b) { return hypot((double)xi[a] - xi[b], (double)yi[a] - yi[b]); };
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
