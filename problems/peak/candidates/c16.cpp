#include "peak.h"
#include <vector>
#include <unordered_map>

namespace {
struct Searcher {
    int n;
    std::unordered_map<long long, long long> known;
    explicit Searcher(int n_) : n(n_) {}
    long long height(long long i) {
        if (i >= n) return -i;
        auto it = known.find(i);
        if (it != known.end()) return it->second;
        long long v = ask(static_cast<int>(i));
        known.emplace(i, v);
        return v;
    }
    int run() {
        std::vector<long long> f = {0, 1};
        while (f.back() < static_cast<long long>(n) + 1) f.push_back(f[f.size() - 1] + f[f.size() - 2]);
        int k = static_cast<int>(f.size()) - 1;
        long long left = -1;
        while (k >= 4) {
            long long x = left + f[k - 2];
            long long y = left + f[k - 1];
            if (height(x) < height(y)) left = x;
            --k;
        }
        return static_cast<int>(left + 1);
    }
};
}  // namespace

int find_peak(int N) { return Searcher(N).run(); }
