#include "machine.h"
#include <vector>
// Two queries: all zeros reveals X, then 0..N-1 reveals P. Fine where two queries are allowed
// (subtasks 1 and 2), rejected where only one is.
std::vector<int> find_permutation(int N) {
    std::vector<int> zeros(N, 0), ids(N);
    int x = use_machine(zeros)[0];
    for (int i = 0; i < N; i++) ids[i] = i;
    std::vector<int> B = use_machine(ids);
    std::vector<int> P(N);
    for (int i = 0; i < N; i++) P[i] = B[i] ^ x;
    return P;
}
