// A 10^6-deep recursion with small frames: the stack is as large as the memory limit (-> OK).
#include <cstdio>
long long down(long long n, volatile char *below) {
    volatile char frame[16];  // its address escapes, so the calls cannot become a loop
    frame[0] = static_cast<char>(n);
    if (n == 0) return below[0] - below[0];
    return down(n - 1, frame) + frame[0] - static_cast<char>(n);
}
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    volatile char base = 0;
    std::printf("%lld\n", a + b + down(1000000, &base));
}
