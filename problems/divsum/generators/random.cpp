// Generated input for one subtask of divsum, as the grader reads it minus its secret first line:
// `random <seed> <subtask>` prints Q, then Q lines "L R" (1: R <= 1000; 2: L = R; 3: R <= 10^6;
// 4: R <= 10^10).
#include <cstdio>
#include <cstdlib>

static unsigned long long state;
static unsigned long long next() {  // splitmix64
  unsigned long long z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  state = std::strtoull(argv[1], nullptr, 10);
  int subtask = std::atoi(argv[2]);
  unsigned long long cap = subtask == 1 ? 1000ULL : subtask == 3 ? 1000000ULL : 10000000000ULL;
  int q = 10;
  std::printf("%d\n", q);
  for (int i = 0; i < q; ++i) {
    unsigned long long r = i < 3 ? cap - next() % 5 : 1 + next() % cap;
    unsigned long long l = subtask == 2 ? r : 1 + next() % r;
    if (subtask != 2 && i % 3 == 0) l = 1;  // whole prefixes, where the sums are largest
    std::printf("%llu %llu\n", l, r);
  }
  return 0;
}
