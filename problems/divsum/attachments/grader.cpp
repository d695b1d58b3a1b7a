// Sample grader of "divsum", given to contestants (the official grader differs: it reads and
// writes secret lines, and it reports a protocol violation when a solution calls exit).
//
// Input:  Q, then Q lines "L R".
// Output: the value count_divisors(L, R) returns for each line, one per line, in call order.
#include "divsum.h"

#include <cstdio>
#include <vector>

int main() {
  int q;
  if (std::scanf("%d", &q) != 1) return 1;
  std::vector<long long> L(q), R(q);
  for (int i = 0; i < q; ++i)
    if (std::scanf("%lld %lld", &L[i], &R[i]) != 2) return 1;
  for (int i = 0; i < q; ++i) std::printf("%lld\n", count_divisors(L[i], R[i]));
  return 0;
}
