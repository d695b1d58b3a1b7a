// Exceeds the memory limit: builds a 768 MiB "height cache" in 64 MiB blocks and touches all of
// it before searching (the limit is 256 MiB).
#include "peak.h"

#include <cstring>
#include <memory>
#include <vector>

int find_peak(int N) {
  static std::vector<std::unique_ptr<char[]>> blocks;
  while (blocks.size() < 12) {
    blocks.emplace_back(new char[64u << 20]);
    std::memset(blocks.back().get(), 0x5a, 64u << 20);
  }
  int lo = 0, hi = N - 1;
  while (lo < hi) {
    int m = lo + (hi - lo) / 2;
    if (ask(m) < ask(m + 1)) lo = m + 1;
    else hi = m;
  }
  return lo + (blocks[N % 12][N % 1000] == 0x5a ? 0 : 1);
}
