#include <bits/stdc++.h>
using namespace std;

int count_primes(int n) {
    vector<bool> composite(n + 1, false);
    int count = 0;
    for (long long i = 2; i <= n; i++) {
        if (composite[i]) continue;
        count++;
        for (long long j = i * i; j <= n; j += i) composite[j] = true;
    }
    return count;
}

int main() {
    int n;
    cin >> n;
    cout << count_primes(n, 0) << endl;
}
