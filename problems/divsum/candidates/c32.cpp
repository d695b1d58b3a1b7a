#include "divsum.h"

static unsigned long long pairs_upto(unsigned long long n) {
    // number of ordered pairs (a, b) with a * b <= n
    unsigned long long sum = 0, k = 1;
    for (; k * k <= n; ++k) sum += n / k;
    unsigned long long s = k - 1;
    return 2 * sum - s * s;
}

long long count_divisors(long long L, long long R) {
    return (long long)(pairs_upto((unsigned long long)R) - pairs_upto((unsigned long long)(L - 1)));
}
