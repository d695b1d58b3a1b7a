#include "aplusb.h"
#include <cstdlib>
// Calls exit() from inside the graded function: a protocol violation.
int sum(int a, int b) { std::exit(a + b == 0 ? 0 : 1); }
