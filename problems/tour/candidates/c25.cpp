#include <bits/stdc++.h>
using namespace std;

int n;
vector<double> X, Y;
double D(int a, int b) { return hypot(X[a] - X[b], Y[a] - Y[b]); }

vector<int> nn(int s) {
    vector<int> t{s};
    vector<char> u(n, 0); u[s] = 1;
    for (int k = 1; k < n; k++) {
        int c = t.back(), b = -1;
        for (int j = 0; j < n; j++) if (!u[j] && (b < 0 || D(c, j) < D(c, b))) b = j;
        u[b] = 1; t.push_back(b);
    }
    return t;
}

double len(const vector<int>& t) {
    double s = 0;
    for (int i = 0; i < n; i++) s += D(t[i], t[(i + 1) % n]);
    return s;
}

int main() {
    scanf("%d", &n);
    X.resize(n); Y.resize(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &X[i], &Y[i]);
    vector<int> best; double bl = 1e18;
    int tries = min(n, 15);
    for (int k = 0; k < tries; k++) {
        auto t = nn(k * n / tries);
        double l = len(t);
        if (l < bl) { bl = l; best = t; }
    }
    for (int v : best) printf("%d\n", v);
}
