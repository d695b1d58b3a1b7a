#include "divsum.h"

// Simple approach: count the divisors of every number in the range.
static int d(long long x) {
    int c = 1;  // x itself
    long long j = 1;
    while (j <= x / 2) {
        if (x % j == 0) c++;
        j++;
    }
    return c;
}

long long count_divisors(long long L, long long R) {
    long long total = 0;
    long long x = L;
    while (x <= R) {
        total += d(x);
        x++;
    }
    return total;
}
