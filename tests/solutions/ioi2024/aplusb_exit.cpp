#include "aplusb.h"
#include <cstdlib>
// Calls exit(0) from inside the graded function: the grader reports a protocol violation.
int sum(int a, int b) { std::exit(0); }
