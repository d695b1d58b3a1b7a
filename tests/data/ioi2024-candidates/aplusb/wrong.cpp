#include "aplusb.h"
// Multiplies instead of adding: wrong on nearly every test.
int sum(int a, int b) { return a * b + 1; }
