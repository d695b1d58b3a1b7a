// `validator <subtask>` < input: exit 0 iff the input meets the statement's constraints and the
// subtask's (0 or 3: general constraints only). Strict format: single spaces, one query a line.
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  int subtask = argc > 1 ? std::atoi(argv[1]) : 0;
  int t;
  char end;
  if (std::scanf("%d%c", &t, &end) != 2 || end != '\n' || t < 1 || t > 10) return 1;
  for (int i = 0; i < t; ++i) {
    unsigned long long n;
    int k;
    if (std::scanf("%llu %d%c", &n, &k, &end) != 3 || end != '\n') return 1;
    if (n < 1 || n > 1000000000000000000ULL || k < 1 || k > 100) return 1;
    if (subtask == 1 && n > 1000000) return 1;
    if (subtask == 2 && k != 1 && k != 3 && k != 9) return 1;
  }
  return std::scanf(" %c", &end) == EOF ? 0 : 1;
}
