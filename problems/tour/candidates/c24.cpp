#include <bits/stdc++.h>
using namespace std;

// NN start, 2-opt + Or-opt on 8-nearest-neighbour lists, then a fixed number of
// double-bridge kicks (iterated local search), keeping the best tour.
int n;
vector<double> X, Y;
vector<vector<int>> nb;
double D(int a, int b) { return hypot(X[a] - X[b], Y[a] - Y[b]); }

struct T {
    vector<int> o, p;
    void idx() { for (int i = 0; i < n; i++) p[o[i]] = i; }
    int nx(int c) const { return o[(p[c] + 1) % n]; }
    int pv(int c) const { return o[(p[c] + n - 1) % n]; }
    void rev(int i, int j) {
        int len = (j - i + n) % n + 1;
        if (2 * len > n) { int a = (j + 1) % n, b = (i + n - 1) % n; i = a; j = b; len = n - len; }
        for (int k = 0; k < len / 2; k++) {
            int a = (i + k) % n, b = (j - k + n) % n;
            swap(o[a], o[b]); p[o[a]] = a; p[o[b]] = b;
        }
    }
};

bool step(T& t, int a) {
    for (int dir = 0; dir < 2; dir++) {
        int b = dir ? t.pv(a) : t.nx(a);
        for (int c : nb[a]) {
            if (D(a, c) >= D(a, b)) break;
            int d = dir ? t.pv(c) : t.nx(c);
            if (c == b || d == a) continue;
            if (D(a, c) + D(b, d) < D(a, b) + D(c, d) - 1e-7) {
                if (!dir) t.rev(t.p[b], t.p[c]); else t.rev(t.p[a], t.p[d]);
                return true;
            }
        }
    }
    // move city a between a neighbour and its successor
    int p = t.pv(a), q = t.nx(a);
    double gain = D(p, a) + D(a, q) - D(p, q);
    for (int c : nb[a]) {
        int s = t.nx(c);
        if (c == p || s == a || c == a) continue;
        if (D(c, a) + D(a, s) - D(c, s) < gain - 1e-7) {
            vector<int> o;
            o.reserve(n);
            for (int v : t.o) { if (v == a) continue; o.push_back(v); if (v == c) o.push_back(a); }
            t.o = o; t.idx();
            return true;
        }
    }
    return false;
}

void opt(T& t) {
    bool any = true;
    while (any) {
        any = false;
        for (int a = 0; a < n; a++) while (step(t, a)) any = true;
    }
}

double len(const T& t) { double s = 0; for (int i = 0; i < n; i++) s += D(t.o[i], t.o[(i + 1) % n]); return s; }

int main() {
    scanf("%d", &n);
    X.resize(n); Y.resize(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &X[i], &Y[i]);
    if (n < 8) {
        vector<int> o(n); iota(o.begin(), o.end(), 0);
        vector<int> best = o; double bl = 1e18;
        do {
            double s = 0; for (int i = 0; i < n; i++) s += D(o[i], o[(i + 1) % n]);
            if (s < bl) bl = s, best = o;
        } while (next_permutation(o.begin() + 1, o.end()));
        for (int v : best) printf("%d\n", v);
        return 0;
    }
    nb.assign(n, {});
    for (int a = 0; a < n; a++) {
        vector<int> c; for (int b = 0; b < n; b++) if (b != a) c.push_back(b);
        int k = min((int)c.size(), 8);
        partial_sort(c.begin(), c.begin() + k, c.end(), [&](int u, int v) { return D(a, u) < D(a, v); });
        c.resize(k); nb[a] = c;
    }
    T t; t.o = {0}; t.p.assign(n, 0);
    vector<char> u(n, 0); u[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = t.o.back(), b = -1;
        for (int j = 0; j < n; j++) if (!u[j] && (b < 0 || D(c, j) < D(c, b))) b = j;
        u[b] = 1; t.o.push_back(b);
    }
    t.idx();
    opt(t);
    double cur = len(t);
    mt19937 rng(7);
    int iters = 60000 / n;
    for (int it = 0; it < iters; it++) {
        T s = t;
        int w = min(n - 1, 50), st = rng() % n, c1, c2, c3;
        do { c1 = 1 + rng() % w; c2 = 1 + rng() % w; c3 = 1 + rng() % w;
             if (c1 > c2) swap(c1, c2); if (c2 > c3) swap(c2, c3); if (c1 > c2) swap(c1, c2);
        } while (c1 == c2 || c2 == c3);
        vector<int> r(n), o;
        for (int i = 0; i < n; i++) r[i] = t.o[(st + i) % n];
        o.insert(o.end(), r.begin(), r.begin() + c1);
        o.insert(o.end(), r.begin() + c2, r.begin() + c3);
        o.insert(o.end(), r.begin() + c1, r.begin() + c2);
        o.insert(o.end(), r.begin() + c3, r.end());
        s.o = o; s.idx();
        opt(s);
        double l = len(s);
        if (l < cur - 1e-7) { cur = l; t = s; }
    }
    for (int v : t.o) printf("%d\n", v);
}
