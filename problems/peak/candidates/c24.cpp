#include "peak.h"
#include <vector>
#include <unordered_map>

// Fibonacci search for the maximum of a unimodal sequence.
int find_peak(int N) {
    std::vector<long long> F{1, 1};
    while (F.back() < N + 1) F.push_back(F[F.size() - 1] + F[F.size() - 2]);
    std::unordered_map<int, int> memo;
    auto get = [&](long long i) -> long long {
        if (i >= N) return -1 - i;
        auto it = memo.find((int)i);
        if (it != memo.end()) return it->second;
        int v = ask((int)i);
        memo[(int)i] = v;
        return v;
    };
    int k = (int)F.size() - 1;   // F[k] >= N + 1, interval (lo, lo + F[k])
    long long lo = -1;
    while (k > 2) {
        long long a = lo + F[k - 2], b = lo + F[k - 1];
        if (get(a) < get(b)) lo = a;
        k--;
    }
    return (int)(lo + 1);
}
