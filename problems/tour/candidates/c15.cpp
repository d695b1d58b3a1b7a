#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; cin >> n;
    vector<long long> x(n), y(n);
    for (int i = 0; i < n; i++) cin >> x[i] >> y[i];
    auto d = [&](int a, int b) { return sqrt((double)(x[a] - x[b]) * (x[a] - x[b]) + (double)(y[a] - y[b]) * (y[a] - y[b])); };
    vector<int> p(n);
    iota(p.begin(), p.end(), 0);
    if (n <= 9) {
        vector<int> best = p; double bl = 1e18;
        do {
            double s = 0;
            for (int i = 0; i < n; i++) s += d(p[i], p[(i + 1) % n]);
            if (s < bl) { bl = s; best = p; }
        } while (next_permutation(p.begin(), p.end()));
        p = best;
    } else {
        sort(p.begin(), p.end(), [&](int a, int b) { return x[a] < x[b]; });
    }
    for (int v : p) cout << v << "\n";
}
