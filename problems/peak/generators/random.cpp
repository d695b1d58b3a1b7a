// Generated input for one subtask of peak, in the manager's format: `random <seed> <subtask>`
// prints "T QFULL QMAX" and T scenarios "N p seed" (1: N <= 100, 100 queries; 2: 40 queries
// for full marks, 200 at most; 3: 30 and 200).
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
  int qfull = subtask == 1 ? 100 : subtask == 2 ? 40 : 30;
  int qmax = subtask == 1 ? 100 : 200;
  int cap = subtask == 1 ? 100 : 1000000;
  int t = 6;
  std::printf("%d %d %d\n", t, qfull, qmax);
  for (int i = 0; i < t; ++i) {
    int n = i < 2 ? cap - (int)(next() % 3) : 1 + (int)(next() % cap);
    int p = i == 2 ? 0 : i == 3 ? n - 1 : (int)(next() % n);  // peaks at both ends too
    std::printf("%d %d %llu\n", n, p, next());
  }
  return 0;
}
