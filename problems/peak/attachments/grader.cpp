// Sample grader of "peak", given to contestants (the official grader keeps the heights in a
// separate process, enforces the query limits and checks the answers).
//
// Input:  T, then for each scenario a line "N" and a line with the N heights.
// Output: for each scenario, the index find_peak returns and the number of ask calls it made.
#include "peak.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

std::vector<long long> heights;
int calls = 0;

}  // namespace

int ask(int i) {
  if (i < 0 || i >= (int)heights.size()) {
    std::printf("ask(%d): index out of range\n", i);
    std::exit(0);
  }
  ++calls;
  return (int)heights[i];
}

int main() {
  int t;
  if (std::scanf("%d", &t) != 1) return 1;
  for (int s = 0; s < t; ++s) {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    heights.assign(n, 0);
    for (int i = 0; i < n; ++i)
      if (std::scanf("%lld", &heights[i]) != 1) return 1;
    calls = 0;
    int p = find_peak(n);
    std::printf("%d %d\n", p, calls);
  }
  return 0;
}
