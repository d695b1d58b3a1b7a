// System V shared memory outlives its creator unless removed: 64 MiB leaked per run, unless each run
// has its own IPC namespace. Prints the sum (-> OK); the test looks for the segment afterwards.
#include <cstdio>
#include <cstring>
#include <sys/ipc.h>
#include <sys/shm.h>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    int id = shmget(IPC_PRIVATE, 64 << 20, IPC_CREAT | 0600);
    if (id < 0) return 0;
    void *p = shmat(id, nullptr, 0);
    if (p != (void *)-1) std::memset(p, 1, 64 << 20);
}
