// Prints exactly n bytes (n read from stdin): lines of 'y', the last one cut to fit. Output-limit edges.
#include <cstdio>
#include <cstring>
int main() {
    long long n; if (std::scanf("%lld", &n) != 1) return 1;
    static char buf[1 << 16]; std::memset(buf, 'y', sizeof buf);
    for (long long i = 0; i < (long long)sizeof buf; i += 64) buf[i] = '\n';
    while (n > 0) { long long k = n < (long long)sizeof buf ? n : sizeof buf; std::fwrite(buf, 1, k, stdout); n -= k; }
}
