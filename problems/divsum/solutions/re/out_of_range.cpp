// Crashes: indexes a small table with R, and .at() throws std::out_of_range (uncaught -> abort).
#include "divsum.h"

#include <vector>

long long count_divisors(long long L, long long R) {
  std::vector<long long> table(8, 1);
  return table.at(R + 100) - table.at(L);
}
