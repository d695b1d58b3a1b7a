#include "divsum.h"
#include <cmath>
#include <unordered_map>

namespace {

class DivisorSummatory {
 public:
  long long operator()(long long n) {
    if (n <= 0) return 0;
    auto it = memo_.find(n);
    if (it != memo_.end()) return it->second;
    long long root = static_cast<long long>(std::sqrt(static_cast<double>(n)));
    while (root * root > n) --root;
    while ((root + 1) * (root + 1) <= n) ++root;
    long long acc = 0;
    for (long long k = 1; k <= root; ++k) acc += n / k;
    return memo_[n] = 2 * acc - root * root;
  }

 private:
  std::unordered_map<long long, long long> memo_;
};

DivisorSummatory summatory;

}  // namespace

long long count_divisors(long long L, long long R) { return summatory(R) - summatory(L - 1); }
