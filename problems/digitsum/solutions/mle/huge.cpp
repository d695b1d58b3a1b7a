// Exceeds the memory limit: a 768 MiB "lookup table" built in 64 MiB blocks and fully touched
// before answering (the limit is 256 MiB).
#include <cstdio>
#include <cstring>
#include <vector>

int main() {
  std::vector<char*> blocks;
  for (int i = 0; i < 12; ++i) {
    blocks.push_back(new char[64u << 20]);
    std::memset(blocks.back(), i + 1, 64u << 20);
  }
  int t;
  if (std::scanf("%d", &t) != 1) return 1;
  std::printf("%d\n", blocks[t % 12][t] + t);
  return 0;
}
