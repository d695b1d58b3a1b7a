#include <bits/stdc++.h>
using namespace std;

int main() {
    int q;
    cin >> q;
    while (q--) {
        long long n;
        cin >> n;
        long long d = smallest_factor(n);
        cout << (d == n ? -1 : n / d) << "\n";
    }
}
