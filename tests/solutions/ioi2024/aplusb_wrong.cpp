#include "aplusb.h"
// Wrong whenever B != 0: only the bZero subtask survives.
int sum(int a, int b) { return a - b; }
