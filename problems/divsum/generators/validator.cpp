// `validator <subtask>` < input (without the grader's secret line): exit 0 iff it has
// 1 <= Q <= 10 queries "L R" with 1 <= L <= R <= 10^10 and the subtask's own constraint.
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  int subtask = argc > 1 ? std::atoi(argv[1]) : 0;
  int q;
  char end;
  if (std::scanf("%d%c", &q, &end) != 2 || end != '\n' || q < 1 || q > 10) return 1;
  for (int i = 0; i < q; ++i) {
    unsigned long long l, r;
    if (std::scanf("%llu %llu%c", &l, &r, &end) != 3 || end != '\n') return 1;
    if (l < 1 || l > r || r > 10000000000ULL) return 1;
    if (subtask == 1 && r > 1000) return 1;
    if (subtask == 2 && l != r) return 1;
    if (subtask == 3 && r > 1000000) return 1;
  }
  return std::scanf(" %c", &end) == EOF ? 0 : 1;
}
