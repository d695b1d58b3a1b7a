#include "peak.h"
#include <vector>
#include <map>

int find_peak(int N) {
    std::vector<long long> F{1, 1};
    while (F.back() < N) F.push_back(F[F.size() - 1] + F[F.size() - 2]);
    std::map<long long, long long> memo;
    auto get = [&](long long i) -> long long {
        if (i >= N) return -1 - i;
        if (!memo.count(i)) memo[i] = ask((int)i);
        return memo[i];
    };
    int k = (int)F.size() - 1;
    long long lo = -1;
    while (k > 2) {
        long long a = lo + F[k - 2], b = lo + F[k - 1];
        if (get(a) < get(b)) lo = a;
        k--;
    }
    return (int)(lo + 1);
}
