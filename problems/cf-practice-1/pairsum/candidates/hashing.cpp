#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    long long s;
    scanf("%d %lld", &n, &s);
    unordered_map<long long, int> pos;
    pos.reserve(2 * n);
    for (int j = 1; j <= n; j++) {
        long long x;
        scanf("%lld", &x);
        auto it = pos.find(s - x);
        if (it != pos.end()) {
            printf("%d %d\n", it->second, j);
            return 0;
        }
        pos.emplace(x, j);
    }
    puts("-1");
}
