// Full solution, another style: recursive golden-section search on integer points. Keeps the
// open interval (lo, hi) containing the peak and one probe inside it; the new probe goes into the
// larger side at the Fibonacci-like split, and values outside [0, N) are never queried.
#include "peak.h"

#include <unordered_map>

namespace {

int n;
std::unordered_map<int, int> cache;

long long height(long long i) {
  if (i < 0) return -1 - (-i);   // below every real height
  if (i >= n) return -i;        // below every real height, decreasing
  auto it = cache.find((int)i);
  if (it != cache.end()) return it->second;
  return cache[(int)i] = ask((int)i);
}

// The peak is strictly inside (lo, hi) and mid is a point of it with a known height.
int search(long long lo, long long mid, long long hi) {
  if (hi - lo <= 2) return (int)(lo + 1);
  long long other;
  if (mid - lo > hi - mid) other = lo + (hi - mid);        // mirror mid into the larger left side
  else other = hi - (mid - lo);                             // mirror mid into the larger right side
  if (other == mid) other = mid + 1 < hi ? mid + 1 : mid - 1;
  long long a = mid < other ? mid : other, b = mid < other ? other : mid;
  if (height(a) < height(b)) return search(a, b, hi);
  return search(lo, a, b);
}

}  // namespace

int find_peak(int N) {
  n = N;
  cache.clear();
  long long f1 = 1, f2 = 1;
  while (f2 < N + 1) {
    long long f3 = f1 + f2;
    f1 = f2;
    f2 = f3;
  }
  // Interval (-1, f2 - 1) has Fibonacci length f2; its golden point is -1 + f1.
  return search(-1, -1 + f1, -1 + f2);
}
