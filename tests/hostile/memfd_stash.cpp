// Stores memory where an address-space limit cannot see it: 512 MiB of memfd (shmem) pages under a
// 256 MiB limit, written through write() so nothing is ever mapped, then read back. Prints the sum,
// then "stashed" if all of it was kept (-> WA). A cgroup makes it an MLE (the kernel OOM-kills the
// box); without one the seccomp filter denies memfd_create (-> OK).
#include <cstdio>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    std::fflush(stdout);
    static char buf[1 << 20];
    std::memset(buf, 7, sizeof buf);
    long stored = 0;
    int fds[8];
    for (int k = 0; k < 8; k++) {
        fds[k] = memfd_create("stash", 0);
        if (fds[k] < 0) return 0;
        for (int i = 0; i < 64; i++)
            if (write(fds[k], buf, sizeof buf) == (ssize_t)sizeof buf) stored += sizeof buf;
    }
    long back = 0;
    for (int k = 0; k < 8; k++) {
        lseek(fds[k], 0, SEEK_SET);
        ssize_t n;
        while ((n = read(fds[k], buf, sizeof buf)) > 0) back += n;
    }
    if (stored == 512L << 20 && back == stored) std::puts("stashed");
}
