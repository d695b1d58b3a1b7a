#include "machine.h"
#include <vector>
// Never asks the machine and guesses the identity permutation.
std::vector<int> find_permutation(int N) {
    std::vector<int> P(N);
    for (int i = 0; i < N; i++) P[i] = i;
    return P;
}
