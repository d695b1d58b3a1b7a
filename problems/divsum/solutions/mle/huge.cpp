// Exceeds the memory limit: on the first call it allocates and touches 768 MiB in 64 MiB chunks
// (the limit is 256 MiB).
#include "divsum.h"

#include <cstdlib>
#include <cstring>

long long count_divisors(long long L, long long R) {
  static long long checksum = 0;
  static bool done = false;
  for (int i = 0; !done && i < 12; ++i) {
    char* block = static_cast<char*>(std::malloc(64u << 20));
    if (block == nullptr) std::abort();
    std::memset(block, i + 1, 64u << 20);
    checksum += block[(L + R + i) % (64 << 20)];
  }
  done = true;
  return checksum;
}
