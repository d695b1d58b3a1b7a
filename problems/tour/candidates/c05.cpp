#include <cstdio>
#include <vector>

int main() {
    int n; scanf("%d", &n);
    std::vector<double> x(n), y(n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &x[i], &y[i]);
    std::vector<int> order(n);
    for (int i = 0; i < n; i++) order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return x[a] < x[b]; });
    for (int v : order) printf("%d\n", v);
}
