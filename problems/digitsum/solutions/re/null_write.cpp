// Crashes: writes through a null pointer (SIGSEGV) before answering.
#include <cstdio>

int main() {
  int t = 0;
  std::scanf("%d", &t);
  volatile int* nowhere = nullptr;
  *nowhere = t;
  std::printf("%d\n", t);
  return 0;
}
