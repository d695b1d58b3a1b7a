// Unbounded recursion: the stack grows until memory runs out (-> MLE or RE).
#include <cstdio>
long long down(long long n, volatile char *below) {
    volatile char frame[64];
    frame[0] = static_cast<char>(n);
    return down(n + 1, frame) + frame[0] + below[0];
}
int main() {
    volatile char base = 0;
    std::printf("%lld\n", down(0, &base));
}
