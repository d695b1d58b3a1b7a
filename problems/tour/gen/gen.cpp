// Instance generator of "tour". Prints "N" then N lines "x y" (integers in [0, 10000]).
//
//   gen uniform   <seed> <N>            points uniform in the square
//   gen clusters  <seed> <N> <K>        K Gaussian-ish clusters (sum of uniforms, no libm)
//   gen grid      <seed> <N>            a jittered grid, rows filled left to right
//   gen fixed     x1 y1 x2 y2 ...       exactly these points
//
// Duplicate points are allowed by the task but avoided here. Randomness is our own splitmix64.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

namespace {

struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int between(int lo, int hi) { return lo + (int)(next() % (uint64_t)(hi - lo + 1)); }
};

const int kMax = 10000;

int clamp(int v) { return v < 0 ? 0 : v > kMax ? kMax : v; }

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 2) return 1;
  std::vector<std::pair<int, int>> points;
  std::set<std::pair<int, int>> used;
  auto add = [&](int x, int y) {
    if (used.insert({x, y}).second) points.push_back({x, y});
  };
  const char* mode = argv[1];
  if (std::strcmp(mode, "fixed") == 0) {
    for (int i = 2; i + 1 < argc; i += 2) add(atoi(argv[i]), atoi(argv[i + 1]));
  } else {
    if (argc < 4) return 1;
    Rng rng{strtoull(argv[2], nullptr, 10)};
    int n = atoi(argv[3]);
    if (std::strcmp(mode, "uniform") == 0) {
      while ((int)points.size() < n) add(rng.between(0, kMax), rng.between(0, kMax));
    } else if (std::strcmp(mode, "clusters") == 0 && argc == 5) {
      int k = atoi(argv[4]);
      std::vector<std::pair<int, int>> centres(k);
      for (auto& c : centres) c = {rng.between(1000, kMax - 1000), rng.between(1000, kMax - 1000)};
      while ((int)points.size() < n) {
        auto c = centres[rng.next() % k];
        int dx = 0, dy = 0;
        for (int r = 0; r < 4; ++r) dx += rng.between(-250, 250), dy += rng.between(-250, 250);
        add(clamp(c.first + dx), clamp(c.second + dy));
      }
    } else if (std::strcmp(mode, "grid") == 0) {
      int side = 1;
      while (side * side < n) ++side;
      int step = kMax / side;
      for (int i = 0; (int)points.size() < n; ++i) {
        int gx = i % side, gy = i / side;
        add(clamp(gx * step + step / 2 + rng.between(-step / 4, step / 4)),
            clamp(gy * step + step / 2 + rng.between(-step / 4, step / 4)));
      }
    } else {
      return 1;
    }
  }
  std::printf("%d\n", (int)points.size());
  for (auto& p : points) std::printf("%d %d\n", p.first, p.second);
  return 0;
}
