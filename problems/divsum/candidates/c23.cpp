#include "divsum.h"

int count_divisors(int L, int R) {
    int ans = 0;
    for (int x = L; x <= R; x++)
        for (int j = 1; j * j <= x; j++)
            if (x % j == 0) ans += (j * j == x) ? 1 : 2;
    return ans;
}
