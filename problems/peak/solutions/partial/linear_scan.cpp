// Subtask 1 only: walks right while the heights rise. Up to N queries, so on large N it goes
// over the limit of 200 queries (a protocol violation).
#include "peak.h"

int find_peak(int N) {
  if (N == 1) return 0;
  int previous = ask(0);
  for (int i = 1; i < N; ++i) {
    int current = ask(i);
    if (current < previous) return i - 1;
    previous = current;
  }
  return N - 1;
}
