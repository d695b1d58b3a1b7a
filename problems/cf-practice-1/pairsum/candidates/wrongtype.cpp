#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    long long s;
    cin >> n >> s;
    map<long long, int> pos;
    for (int j = 1; j <= n; j++) {
        long long x;
        cin >> x;
        if (pos.count(s - x)) {
            cout << pos[s - x] << " " << j << endl;
            return 0;
        }
        pos[x] = j;
    }
    string none = -1;
    cout << none << endl;
}
