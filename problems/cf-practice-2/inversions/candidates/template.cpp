#include <bits/stdc++.h>
using namespace std;

template <class T>
struct Fenwick {
    vector<T> t;
    Fenwick(int n) : t(n + 1) {}
    void add(int i, T v) { for (; i < (int)t.size(); i += i & -i) t[i] += v; }
    T sum(int i) { T s = 0; for (; i > 0; i -= i & -i) s += t[i]; return s; }
};

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (auto& x : a) cin >> x;
    vector<int> v(a);
    sort(v.begin(), v.end());
    Fenwick f(n);
    long long ans = 0;
    for (int i = 0; i < n; i++) {
        int r = lower_bound(v.begin(), v.end(), a[i]) - v.begin() + 1;
        ans += i - f.sum(r);
        f.add(r, 1);
    }
    cout << ans << endl;
}
