#include <bits/stdc++.h>
using namespace std;

// Eratosthenes; numbers below n
int main() {
    int n;
    cin >> n;
    vector<char> composite(n + 1, 0);
    int count = 0;
    for (long long i = 2; i < n; i++) {
        if (composite[i]) continue;
        count++;
        for (long long j = i * i; j < n; j += i) composite[j] = 1;
    }
    cout << count << endl;
    return 0;
}
