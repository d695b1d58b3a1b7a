// A 1 GiB static array against a 256 MiB limit (-> MLE, without ever running).
#include <cstdio>
static char huge[1 << 30];
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    huge[a & 1023] = 1;
    std::printf("%lld\n", a + b + huge[5000]);
}
