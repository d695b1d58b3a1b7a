// Does not compile: misspelt identifiers.
#include <cstdio>

int main() {
  int t;
  std::scanf("%d", &t);
  whlie (t--) {
    unsigned long long n;
    std::scanf("%llu", &n);
    std::printf("%llu\n", n / 3);
  }
  return 0;
}
