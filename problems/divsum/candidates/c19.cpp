#include "divsum.h"
#include <cmath>

int f(int n) {
    if (n <= 0) return 0;
    int s = (int)std::sqrt((double)n);
    while (s * s > n) s--;
    while ((s + 1) * (s + 1) <= n) s++;
    int t = 0;
    for (int k = 1; k <= s; k++) t += n / k;
    return 2 * t - s * s;
}

long long count_divisors(long long L, long long R) {
    return f((int)R) - f((int)(L - 1));
}
