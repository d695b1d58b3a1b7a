#include <bits/stdc++.h>
using namespace std;

// Boustrophedon: cut the square into vertical strips, go up one and down the next.
int main() {
    int n; scanf("%d", &n);
    vector<int> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%d %d", &x[i], &y[i]);
    int k = max(1, (int)ceil(sqrt(n / 2.0)));
    double w = 10001.0 / k;
    vector<vector<int>> strip(k);
    for (int i = 0; i < n; i++) strip[min(k - 1, (int)(x[i] / w))].push_back(i);
    for (int s = 0; s < k; s++) {
        sort(strip[s].begin(), strip[s].end(), [&](int a, int b) { return s % 2 == 0 ? y[a] < y[b] : y[a] > y[b]; });
        for (int v : strip[s]) printf("%d\n", v);
    }
}
