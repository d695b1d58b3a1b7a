#include "machine.h"
#include <algorithm>
#include <vector>
// One query with distinct values from [0, N+2] forming a set that no XOR shift maps onto itself:
// then X is the unique shift taking the answer's values back into the set, and P follows.
namespace {
bool asymmetric(const std::vector<int>& s) {
    std::vector<char> in(512, 0);
    for (int v : s) in[v] = 1;
    for (int v : s) {
        int d = s[0] ^ v;
        if (d == 0) continue;
        bool same = true;
        for (int w : s) if ((w ^ d) >= 512 || !in[w ^ d]) { same = false; break; }
        if (same) return false;
    }
    return true;
}
}
std::vector<int> find_permutation(int N) {
    std::vector<int> S;
    for (int a = 0; a <= N + 2 && S.empty(); a++)
        for (int b = a + 1; b <= N + 2 && S.empty(); b++)
            for (int c = b + 1; c <= N + 2 && S.empty(); c++) {
                std::vector<int> t;
                for (int v = 0; v <= N + 2; v++) if (v != a && v != b && v != c) t.push_back(v);
                if (asymmetric(t)) S = t;
            }
    std::vector<int> B = use_machine(S);
    std::vector<int> where(512, -1);
    for (int j = 0; j < N; j++) where[S[j]] = j;
    for (int s : S) {
        int x = B[0] ^ s;
        bool ok = true;
        for (int i = 0; i < N && ok; i++) ok = (B[i] ^ x) < 512 && where[B[i] ^ x] >= 0;
        if (!ok) continue;
        std::vector<int> P(N);
        for (int i = 0; i < N; i++) P[i] = where[B[i] ^ x];
        return P;
    }
    return std::vector<int>(N, 0);
}
