// Nearest-neighbour tour from city 0: produces the outputs of solutions/partial/nearest/.
#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  std::vector<double> x(n), y(n);
  for (int i = 0; i < n; ++i) std::scanf("%lf %lf", &x[i], &y[i]);
  std::vector<char> seen(n, 0);
  int here = 0;
  seen[0] = 1;
  std::printf("0\n");
  for (int k = 1; k < n; ++k) {
    int pick = -1;
    for (int c = 0; c < n; ++c)
      if (!seen[c] && (pick < 0 || std::hypot(x[c] - x[here], y[c] - y[here]) <
                                       std::hypot(x[pick] - x[here], y[pick] - y[here])))
        pick = c;
    seen[pick] = 1;
    here = pick;
    std::printf("%d\n", pick);
  }
  return 0;
}
