// Generated input for one subtask of digitsum: `random <seed> <subtask>` prints T queries "N K"
// meeting that subtask's constraints (1: N <= 10^6; 2: K in {1,3,9}; 3: anything).
#include <cstdio>
#include <cstdlib>

static unsigned long long state;
static unsigned long long next() {  // splitmix64
  unsigned long long z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static unsigned long long below(unsigned long long n) { return next() % n; }

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  state = std::strtoull(argv[1], nullptr, 10);
  int subtask = std::atoi(argv[2]);
  const unsigned long long big = 1000000000000000000ULL;
  int t = 10;
  std::printf("%d\n", t);
  for (int i = 0; i < t; ++i) {
    unsigned long long n;
    int k;
    int shape = (int)below(4);
    unsigned long long cap = subtask == 1 ? 1000000ULL : big;
    if (shape == 0) n = cap - below(3);             // near the maximum
    else if (shape == 1) n = 1 + below(100);        // tiny
    else n = 1 + below(cap);                        // anywhere
    if (subtask == 2) {
      const int nines[3] = {1, 3, 9};
      k = nines[below(3)];
    } else {
      k = 1 + (int)below(100);
    }
    std::printf("%llu %d\n", n, k);
  }
  return 0;
}
