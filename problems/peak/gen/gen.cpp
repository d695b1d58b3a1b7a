// Test generator of "peak". Prints one manager input on stdout:
//   "T QFULL QMAX", then T lines "N p seed" (the manager builds the hidden array from them).
//
//   gen <QFULL> <QMAX> random <seed> <T> <maxN>    N in [1, maxN] (mostly near maxN), p uniform
//   gen <QFULL> <QMAX> fixed  <seed> N1 p1 [N2 p2 ...]  these scenarios ("N-1"/"mid" allowed as p)
//
// Randomness is our own splitmix64, so the output depends only on the arguments.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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
  long long between(long long lo, long long hi) {
    return lo + (long long)(next() % (uint64_t)(hi - lo + 1));
  }
};

struct Scenario {
  long long n, p;
  uint64_t seed;
};

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 5) return 1;
  int qfull = atoi(argv[1]), qmax = atoi(argv[2]);
  const char* mode = argv[3];
  Rng rng{strtoull(argv[4], nullptr, 10)};
  std::vector<Scenario> scenarios;
  if (std::strcmp(mode, "random") == 0 && argc == 7) {
    int t = atoi(argv[5]);
    long long max_n = atoll(argv[6]);
    for (int i = 0; i < t; ++i) {
      long long n = rng.next() % 4 == 0 ? rng.between(1, max_n) : rng.between(max_n - max_n / 10, max_n);
      scenarios.push_back({n, rng.between(0, n - 1), rng.next() >> 1});
    }
  } else if (std::strcmp(mode, "fixed") == 0) {
    for (int i = 5; i + 1 < argc; i += 2) {
      long long n = atoll(argv[i]);
      std::string p = argv[i + 1];
      long long pos = p == "last" ? n - 1 : p == "mid" ? n / 2 : atoll(p.c_str());
      scenarios.push_back({n, pos, rng.next() >> 1});
    }
  } else {
    return 1;
  }
  std::printf("%d %d %d\n", (int)scenarios.size(), qfull, qmax);
  for (auto& s : scenarios) {
    if (s.n < 1 || s.p < 0 || s.p >= s.n || s.n > 1000000) {
      std::fprintf(stderr, "gen: bad scenario %lld %lld\n", s.n, s.p);
      return 1;
    }
    std::printf("%lld %lld %llu\n", s.n, s.p, (unsigned long long)s.seed);
  }
  return 0;
}
