#include <bits/stdc++.h>
using namespace std;

int n;
vector<double> X, Y;
double total(const vector<int>& t) {
    double s = 0;
    for (int i = 0; i < n; i++) s += hypot(X[t[i]] - X[t[(i + 1) % n]], Y[t[i]] - Y[t[(i + 1) % n]]);
    return s;
}

// 2-opt: try every reversal, keep it when the whole tour gets shorter.
int main() {
    scanf("%d", &n);
    X.resize(n); Y.resize(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &X[i], &Y[i]);
    vector<int> t(n);
    iota(t.begin(), t.end(), 0);
    double cur = total(t);
    bool imp = true;
    while (imp) {
        imp = false;
        for (int i = 1; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                reverse(t.begin() + i, t.begin() + j + 1);
                double l = total(t);
                if (l < cur - 1e-9) { cur = l; imp = true; }
                else reverse(t.begin() + i, t.begin() + j + 1);
            }
    }
    for (int v : t) printf("%d\n", v);
}
