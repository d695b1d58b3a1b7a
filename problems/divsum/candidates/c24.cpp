#include "divsum.h"

long long count_divisors(long long L, long long R) {
    long long res = 0;
    for (long long x = L; x <= R; x++) {
        for (int i = 1; i * i <= x; i++) {
            if (x % i == 0) {
                res++;
                if ((long long)i * i != x) res++;
            }
        }
    }
    return res;
}
