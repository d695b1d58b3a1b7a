#include "divsum.h"
#include <cmath>

static long long numDivisors(long long x) {
    long long r = (long long)std::sqrt((double)x);
    while (r * r > x) r--;
    while ((r + 1) * (r + 1) <= x) r++;
    long long cnt = 0;
    for (long long i = 1; i <= r; i++)
        if (x % i == 0) cnt += 2;
    if (r * r == x) cnt--;
    return cnt;
}

long long count_divisors(long long L, long long R) {
    long long sum = 0;
    for (long long x = L; x <= R; x++) sum += numDivisors(x);
    return sum;
}
