#include "divsum.h"

long long count_divisors(long long L, long long R) {
    long long total = 0;
    for (long long x = L; x <= R; ++x) {
        for (long long i = 1; i * i <= x; ++i) {
            if (x % i == 0) {
                total += 1;
                if (i != x / i) total += 1;
            }
        }
    }
    return total;
}
