#include "divsum.h"

typedef long long ll;

ll T(ll n) {
    ll res = 0;
    ll i = 1;
    while (i <= n) {
        ll v = n / i;
        ll j = n / v;
        res += v * (j - i + 1);
        i = j + 1;
    }
    return res;
}

long long count_divisors(long long L, long long R) {
    return T(R) - T(L - 1);
}
