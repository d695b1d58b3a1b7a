// Test generator of "digitsum". Prints "T" then T lines "N K".
//
//   gen random <seed> <T> <maxN> <maxK>   N log-uniform-ish in [1, maxN], K uniform in [1, maxK]
//   gen nines  <seed> <T> <maxN>          like random, but K in {1, 3, 9}
//   gen fixed  N1 K1 [N2 K2 ...]          exactly these queries
//
// Randomness is our own splitmix64, so the output depends only on the arguments.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
  unsigned long long between(unsigned long long lo, unsigned long long hi) {
    return lo + next() % (hi - lo + 1);
  }
};

// Mostly large values, sometimes small ones: a random number of digits, then a value of them.
unsigned long long pick_n(Rng& rng, unsigned long long max_n) {
  if (rng.next() % 3 != 0) return rng.between(max_n - max_n / 10, max_n);
  unsigned long long top = 1;
  int digits = 1 + (int)(rng.next() % 18);
  for (int i = 0; i < digits && top <= max_n / 10; ++i) top *= 10;
  return rng.between(1, top < max_n ? top : max_n);
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 2) return 1;
  std::vector<std::pair<unsigned long long, int>> queries;
  const char* mode = argv[1];
  if (std::strcmp(mode, "fixed") == 0) {
    for (int i = 2; i + 1 < argc; i += 2) queries.push_back({strtoull(argv[i], nullptr, 10), atoi(argv[i + 1])});
  } else {
    if (argc < 5) return 1;
    Rng rng{strtoull(argv[2], nullptr, 10)};
    int t = atoi(argv[3]);
    unsigned long long max_n = strtoull(argv[4], nullptr, 10);
    for (int i = 0; i < t; ++i) {
      unsigned long long n = pick_n(rng, max_n);
      if (std::strcmp(mode, "random") == 0 && argc == 6) {
        queries.push_back({n, (int)rng.between(1, atoi(argv[5]))});
      } else if (std::strcmp(mode, "nines") == 0) {
        const int ks[] = {1, 3, 9};
        queries.push_back({n, ks[rng.next() % 3]});
      } else {
        return 1;
      }
    }
  }
  std::printf("%d\n", (int)queries.size());
  for (auto& q : queries) std::printf("%llu %d\n", q.first, q.second);
  return 0;
}
