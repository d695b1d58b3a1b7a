#include <bits/stdc++.h>
using namespace std;

int n;
vector<double> X, Y;
inline double D(int a, int b) { return hypot(X[a] - X[b], Y[a] - Y[b]); }

double tourLen(const vector<int>& t) {
    double s = 0;
    for (int i = 0; i < n; i++) s += D(t[i], t[(i + 1) % n]);
    return s;
}

bool twoOpt(vector<int>& t) {
    bool any = false, improved = true;
    while (improved) {
        improved = false;
        for (int i = 0; i < n - 1; i++)
            for (int j = i + 2; j < n; j++) {
                int a = t[i], b = t[i + 1], c = t[j], e = t[(j + 1) % n];
                if (a == e) continue;
                if (D(a, c) + D(b, e) < D(a, b) + D(c, e) - 1e-9) {
                    reverse(t.begin() + i + 1, t.begin() + j + 1);
                    improved = any = true;
                }
            }
    }
    return any;
}

// move one city elsewhere if it shortens the tour
bool orOpt(vector<int>& t) {
    bool any = false;
    for (int i = 0; i < n; i++) {
        int p = t[(i + n - 1) % n], c = t[i], q = t[(i + 1) % n];
        double gain = D(p, c) + D(c, q) - D(p, q);
        int bestj = -1; double bestCost = gain - 1e-9;
        for (int j = 0; j < n; j++) {
            int a = t[j], b = t[(j + 1) % n];
            if (a == c || b == c) continue;
            double cost = D(a, c) + D(c, b) - D(a, b);
            if (cost < bestCost) { bestCost = cost; bestj = j; }
        }
        if (bestj >= 0) {
            int a = t[bestj];
            t.erase(t.begin() + i);
            int pos = find(t.begin(), t.end(), a) - t.begin();
            t.insert(t.begin() + pos + 1, c);
            any = true;
        }
    }
    return any;
}

int main() {
    scanf("%d", &n);
    X.resize(n); Y.resize(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &X[i], &Y[i]);
    vector<int> t{0};
    vector<char> used(n, 0); used[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = t.back(), b = -1;
        for (int j = 0; j < n; j++) if (!used[j] && (b < 0 || D(c, j) < D(c, b))) b = j;
        used[b] = 1; t.push_back(b);
    }
    if (n >= 5) {
        for (int round = 0; round < 20; round++) {
            bool a = twoOpt(t);
            bool b = orOpt(t);
            if (!a && !b) break;
        }
    }
    for (int v : t) printf("%d\n", v);
}
