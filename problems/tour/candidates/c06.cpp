#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; scanf("%d", &n);
    vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    vector<int> route{0};
    vector<char> done(n, 0); done[0] = 1;
    for (int k = 1; k < n; k++) {
        int c = route.back(), b = -1;
        for (int j = 0; j < n; j++) if (!done[j] && (b < 0 || hypot(x[j] - x[c], y[j] - y[c]) < hypot(x[b] - x[c], y[b] - y[c]))) b = j;
        done[b] = 1; route.push_back(b);
    }
    route.push_back(0);  // back to the start
    for (int v : route) printf("%d\n", v);
}
