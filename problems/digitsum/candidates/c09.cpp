#include <cstdio>
#include <cstring>
// digit dp, doesn't count n itself twice
long long ways[20][105];
int main() {
  int t;
  scanf("%d", &t);
  while (t--) {
    char s[32];
    int k;
    scanf("%s %d", s, &k);
    int L = strlen(s);
    memset(ways, 0, sizeof ways);
    ways[0][0] = 1;
    for (int i = 1; i <= L; i++)
      for (int r = 0; r < k; r++)
        for (int d = 0; d < 10; d++) ways[i][(r + d) % k] += ways[i - 1][r];
    long long ans = 0;
    int pre = 0;
    for (int i = 0; i < L; i++) {
      int c = s[i] - '0';
      for (int d = 0; d < c; d++) ans += ways[L - 1 - i][(k - (pre + d) % k) % k];
      pre = (pre + c) % k;
    }
    printf("%lld\n", ans - 1);
  }
  return 0;
}
