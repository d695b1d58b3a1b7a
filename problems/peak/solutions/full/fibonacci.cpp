// Reference: Fibonacci search. Indices >= N are treated as having value -index (below every real
// value, and still decreasing), so the search runs on an interval of Fibonacci length without
// querying them. Uses at most k - 1 queries where F_k >= N + 1 (30 for N = 10^6).
#include "peak.h"

#include <map>
#include <vector>

int find_peak(int N) {
  std::vector<long long> fib = {0, 1, 1};
  while (fib.back() < N + 1) fib.push_back(fib[fib.size() - 1] + fib[fib.size() - 2]);
  int k = (int)fib.size() - 1;
  std::map<long long, long long> seen;
  auto value = [&](long long i) -> long long {
    if (i >= N) return -i;
    auto it = seen.find(i);
    if (it != seen.end()) return it->second;
    return seen[i] = ask((int)i);
  };
  long long lo = -1;  // the peak lies in the open interval (lo, lo + fib[k])
  if (k <= 3) return 0;
  long long x1 = lo + fib[k - 2], x2 = lo + fib[k - 1];
  long long f1 = value(x1), f2 = value(x2);
  while (k > 4) {
    if (f1 < f2) {  // the peak is right of x1
      lo = x1;
      --k;
      x1 = x2, f1 = f2;
      x2 = lo + fib[k - 1], f2 = value(x2);
    } else {  // the peak is left of x2
      --k;
      x2 = x1, f2 = f1;
      x1 = lo + fib[k - 2], f1 = value(x1);
    }
  }
  return (int)(f1 < f2 ? x2 : x1);
}
