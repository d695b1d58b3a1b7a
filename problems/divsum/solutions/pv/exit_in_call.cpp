// Protocol violation: ends the process from inside the procedure.
#include "divsum.h"

#include <cstdlib>

long long count_divisors(long long L, long long R) {
  if (L <= R) std::exit(0);
  return 0;
}
