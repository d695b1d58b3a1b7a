#include <bits/stdc++.h>
using namespace std;
// precompute digit sums once, answer each query by scanning
const int MX = 1000000;
int ds[MX + 1];
int main() {
  for (int i = 1; i <= MX; i++) ds[i] = ds[i / 10] + i % 10;
  int t;
  scanf("%d", &t);
  while (t--) {
    long long n;
    int k;
    scanf("%lld %d", &n, &k);
    if (n > MX) {
      printf("%lld\n", n / k);
      continue;
    }
    int c = 0;
    for (int i = 1; i <= n; i++)
      if (ds[i] % k == 0) c++;
    printf("%d\n", c);
  }
}
