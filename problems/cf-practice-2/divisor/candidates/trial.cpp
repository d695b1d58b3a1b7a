#include <bits/stdc++.h>
using namespace std;

int main() {
    int q;
    scanf("%d", &q);
    while (q--) {
        long long n, ans = -1;
        scanf("%lld", &n);
        for (long long d = 2; d * d <= n; d++)
            if (n % d == 0) {
                ans = d;
                break;
            }
        printf("%lld\n", ans);
    }
}
