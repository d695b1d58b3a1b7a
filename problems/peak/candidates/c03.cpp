#include "peak.h"
#include <vector>
#include <map>

static std::vector<long long> fib;
static std::map<long long, long long> seen;
static int n_;

static long long val(long long i) {
    if (i >= n_) return -i;
    auto it = seen.find(i);
    if (it != seen.end()) return it->second;
    return seen[i] = ask((int)i);
}

// maximum lies in (lo, lo + fib[k])
static long long go(long long lo, int k) {
    if (k <= 3) return lo + 1;
    long long a = lo + fib[k - 2], b = lo + fib[k - 1];
    if (val(a) < val(b)) return go(a, k - 1);
    return go(lo, k - 1);
}

int find_peak(int N) {
    n_ = N;
    seen.clear();
    fib = {0, 1, 1};
    while (fib.back() < N + 1) fib.push_back(fib[fib.size() - 1] + fib[fib.size() - 2]);
    return (int)go(-1, (int)fib.size() - 1);
}
