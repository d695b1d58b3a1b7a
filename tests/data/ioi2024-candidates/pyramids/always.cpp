#include "pyramids.h"
#include <vector>
// Says yes to everything.
void init(std::vector<int> A, std::vector<int> B) {}
bool can_transform(int L, int R, int X, int Y) { return true; }
