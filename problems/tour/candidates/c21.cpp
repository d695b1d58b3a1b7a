#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; cin >> n;
    vector<array<int, 3>> p(n);
    for (int i = 0; i < n; i++) { cin >> p[i][0] >> p[i][1]; p[i][2] = i; }
    sort(p.begin(), p.end());
    for (auto& q : p) cout << q[2] << "\n";
}
