#include <bits/stdc++.h>
using namespace std;

int n;
vector<double> X, Y;
inline double D(int a, int b) { return hypot(X[a] - X[b], Y[a] - Y[b]); }

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
    bool improved = n >= 4;
    while (improved) {
        improved = false;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 2; j < n; j++) {
                int a = t[i], b = t[i + 1], c = t[j], e = t[(j + 1) % n];
                if (a == e) continue;
                if (D(a, c) + D(b, e) < D(a, b) + D(c, e) - 1e-9) {
                    reverse(t.begin() + i + 1, t.begin() + j + 1);
                    improved = true;
                }
            }
        }
    }
    for (int v : t) printf("%d\n", v);
}
