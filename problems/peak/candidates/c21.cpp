#include "peak.h"
#include <iostream>

int find_peak(int N) {
    int lo = 0, hi = N - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int a = ask(mid), b = ask(mid + 1);
        std::cout << "mid=" << mid << " a=" << a << " b=" << b << "\n";
        if (a < b) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
