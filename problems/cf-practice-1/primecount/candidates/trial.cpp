#include <bits/stdc++.h>
using namespace std;

bool is_prime(int x) {
    if (x < 2) return false;
    for (int d = 2; (long long)d * d <= x; d++)
        if (x % d == 0) return false;
    return true;
}

int main() {
    int n;
    cin >> n;
    int count = 0;
    for (int x = 1; x <= n; x++)
        if (is_prime(x)) count++;
    cout << count << endl;
    return 0;
}
