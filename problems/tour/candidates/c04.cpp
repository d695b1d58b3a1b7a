#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<int> t{0};
    vector<char> u(n, 0); u[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = t.back(), b = -1;
        for (int j = 0; j < n; j++) if (!u[j] && (b < 0 || hypot(x[j] - x[c], y[j] - y[c]) < hypot(x[b] - x[c], y[b] - y[c])) b = j;
        u[b] = 1; t.push_back(b);
    }
    for (int v : t) printf("%d\n", v);
}
