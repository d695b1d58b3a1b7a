#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<int> order{0};
    vector<char> seen(n, 0); seen[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = order.back(), b = -1;
        for (int j = 0; j < n; j++) if (!seen[j] && (b < 0 || hypot(x[j] - x[c], y[j] - y[c]) < hypot(x[b] - x[c], y[b] - y[c]))) b = j;
        seen[b] = 1; order.push_back(b);
    }
    printf("%d\n", n);
    for (int v : order) printf("%d ", v);
    printf("\n");
}
