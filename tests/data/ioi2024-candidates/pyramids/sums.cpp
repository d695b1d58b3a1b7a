#include "pyramids.h"
#include <vector>
// Same length and same total: stones move between neighbours, so nothing else is preserved.
static std::vector<long long> pa, pb;
void init(std::vector<int> A, std::vector<int> B) {
    pa.assign(A.size() + 1, 0);
    pb.assign(B.size() + 1, 0);
    for (int i = 0; i < (int)A.size(); i++) pa[i + 1] = pa[i] + A[i];
    for (int i = 0; i < (int)B.size(); i++) pb[i + 1] = pb[i] + B[i];
}
bool can_transform(int L, int R, int X, int Y) {
    return R - L == Y - X && pa[R + 1] - pa[L] == pb[Y + 1] - pb[X];
}
