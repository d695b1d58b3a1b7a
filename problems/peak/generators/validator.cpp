// `validator <subtask>` < input: exit 0 iff the manager's input "T QFULL QMAX" / T lines
// "N p seed" meets the constraints (1 <= T <= 10, 1 <= N <= 10^6, 0 <= p < N) and the
// subtask's query bounds and N limit.
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  int subtask = argc > 1 ? std::atoi(argv[1]) : 0;
  int t, qfull, qmax;
  if (std::scanf("%d %d %d", &t, &qfull, &qmax) != 3 || t < 1 || t > 10 || qfull < 1 || qmax < qfull) return 1;
  if (subtask == 1 && (qfull != 100 || qmax != 100)) return 1;
  if (subtask == 2 && (qfull != 40 || qmax != 200)) return 1;
  if (subtask == 3 && (qfull != 30 || qmax != 200)) return 1;
  for (int i = 0; i < t; ++i) {
    int n, p;
    unsigned long long seed;
    if (std::scanf("%d %d %llu", &n, &p, &seed) != 3) return 1;
    if (n < 1 || n > 1000000 || p < 0 || p >= n) return 1;
    if (subtask == 1 && n > 100) return 1;
  }
  char end;
  return std::scanf(" %c", &end) == EOF ? 0 : 1;
}
