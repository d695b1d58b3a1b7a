#include "peak.h"
#include <map>

int find_peak(int N) {
    std::map<int, int> c;
    auto q = [&](int i) { if (!c.count(i)) c[i] = ask(i); return c[i]; };
    int lo = 0, hi = N - 1;
    while (hi - lo >= 3) {
        int a = lo + (hi - lo) / 3, b = hi - (hi - lo) / 3;
        if (q(a) < q(b)) lo = a + 1;
        else hi = b - 1;
    }
    int arg = lo;
    for (int i = lo; i <= hi; ++i) if (q(i) > q(arg)) arg = i;
    return arg;
}
