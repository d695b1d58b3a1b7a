// Kills everything it may: kill(-1), its parent (the runner), init. Prints the sum, then a token
// for each targeted kill the kernel accepted (-> WA). kill(-1) reports success even when every
// process refused the signal, so its effect is checked from outside (canaries, the judge itself).
#include <csignal>
#include <cstdio>
#include <unistd.h>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    std::fflush(stdout);
    kill(-1, SIGKILL);
    if (kill(getppid(), SIGKILL) == 0) std::puts("killed-parent");
    if (kill(1, SIGKILL) == 0) std::puts("killed-init");
}
