// Never terminates: waits for more input than there is.
#include <cstdio>

int main() {
  unsigned long long n = 0;
  int k = 0;
  long long rounds = 0;
  while (true) {
    if (std::scanf("%llu %d", &n, &k) != 2) ++rounds;  // EOF: keeps polling forever
    if (rounds < 0) break;
  }
  std::printf("%lld\n", rounds);
  return 0;
}
