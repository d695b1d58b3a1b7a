#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    scanf("%d", &n);
    vector<int> a(n);
    for (auto& x : a) scanf("%d", &x);
    vector<int> vals(a);
    sort(vals.begin(), vals.end());
    vals.erase(unique(vals.begin(), vals.end()), vals.end());
    int m = vals.size();
    vector<int> tree(m + 1, 0);
    long long inversions = 0;
    for (int seen = 0; seen < n; seen++) {
        int r = lower_bound(vals.begin(), vals.end(), a[seen]) - vals.begin() + 1;
        int not_greater = 0;
        for (int i = r; i > 0; i -= i & -i) not_greater += tree[i];
        inversions += seen - not_greater;
        for (int i = r; i <= m; i += i & -i) tree[i]++;
    }
    printf("%lld\n", inversions);
}
