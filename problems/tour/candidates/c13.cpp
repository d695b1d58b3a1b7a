#include <bits/stdc++.h>
using namespace std;

// Order the points along a Hilbert curve over a 2^14 x 2^14 grid.
static long long hilbert(int x, int y) {
    long long d = 0;
    for (int s = 1 << 13; s > 0; s >>= 1) {
        int rx = (x & s) > 0, ry = (y & s) > 0;
        d += (long long)s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) { x = s * 2 - 1 - x; y = s * 2 - 1 - y; }
            swap(x, y);
        }
    }
    return d;
}

int main() {
    int n; scanf("%d", &n);
    vector<pair<long long, int>> key(n);
    for (int i = 0; i < n; i++) {
        int x, y; scanf("%d %d", &x, &y);
        key[i] = {hilbert(x, y), i};
    }
    sort(key.begin(), key.end());
    for (auto& k : key) printf("%d\n", k.second);
}
