// Test generator of "divsum". Prints one test input (with the grader's input secret) on stdout.
//
//   gen ranges  <seed> <Q> <maxR>   random L <= R <= maxR, lengths spread from tiny to huge
//   gen singles <seed> <Q> <maxR>   random L = R <= maxR
//   gen squares <seed> <Q> <maxR>   queries whose ends sit on or next to perfect squares near maxR
//   gen fixed   L1 R1 [L2 R2 ...]    exactly these queries
//
// The random source is our own splitmix64, so the output depends only on the arguments.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace {

const char kInputSecret[] = "Myp6UQPq3K30uuB8LvzQdmsETU4yXg2V";

struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  long long between(long long lo, long long hi) {  // inclusive
    return lo + (long long)(next() % (uint64_t)(hi - lo + 1));
  }
};

long long isqrt(long long n) {
  long long s = (long long)std::sqrt((double)n);
  while (s * s > n) --s;
  while ((s + 1) * (s + 1) <= n) ++s;
  return s;
}

void print(const std::vector<std::pair<long long, long long>>& queries) {
  std::printf("%s\n%d\n", kInputSecret, (int)queries.size());
  for (auto& q : queries) {
    if (q.first < 1 || q.first > q.second) {
      std::fprintf(stderr, "gen: invalid query %lld %lld\n", q.first, q.second);
      std::exit(1);
    }
    std::printf("%lld %lld\n", q.first, q.second);
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 2) return 1;
  const char* mode = argv[1];
  std::vector<std::pair<long long, long long>> queries;
  if (std::strcmp(mode, "fixed") == 0) {
    for (int i = 2; i + 1 < argc; i += 2) queries.push_back({atoll(argv[i]), atoll(argv[i + 1])});
    print(queries);
    return 0;
  }
  if (argc < 5) return 1;
  Rng rng{strtoull(argv[2], nullptr, 10)};
  int q = atoi(argv[3]);
  long long max_r = atoll(argv[4]);
  for (int i = 0; i < q; ++i) {
    if (std::strcmp(mode, "ranges") == 0) {
      long long r = rng.between(1, max_r);
      long long l;
      if (rng.next() % 2 == 0) {
        l = rng.between(1, r);
      } else {  // length roughly log-uniform in [1, r]: a random bit width, then a value of it
        int bits = 0;
        while ((2LL << bits) <= r) ++bits;
        long long low = 1LL << rng.between(0, bits);
        long long len = std::min(r, rng.between(low, 2 * low - 1));
        l = r - len + 1;
      }
      queries.push_back({l, r});
    } else if (std::strcmp(mode, "singles") == 0) {
      long long x = rng.between(1, max_r);
      queries.push_back({x, x});
    } else if (std::strcmp(mode, "squares") == 0) {
      long long top = isqrt(max_r);
      long long s = rng.between(std::max(2LL, top - 2000), top - 1);
      long long sq = s * s, next_sq = (s + 1) * (s + 1);
      switch (rng.next() % 5) {
        case 0: queries.push_back({1, sq - 1}); break;
        case 1: queries.push_back({sq, sq}); break;
        case 2: queries.push_back({sq - 1, sq - 1}); break;
        case 3: queries.push_back({sq, next_sq - 1}); break;
        default: queries.push_back({rng.between(1, sq - 1), next_sq - 1}); break;
      }
    } else {
      return 1;
    }
  }
  print(queries);
  return 0;
}
