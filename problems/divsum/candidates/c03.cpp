#include "divsum.h"

long long count_divisors(long long L, long long R) {
    long long ans = 0;
    for (long long x = L; x <= R; x++) {
        for (long long j = 1; j <= x; j++) {
            if (x % j == 0) ans++;
        }
    }
    return ans;
}
