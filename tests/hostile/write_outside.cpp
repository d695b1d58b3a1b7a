// Writes outside the box: creates the test's marker paths. Prints the sum, then a token per file
// it managed to create (-> WA).
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *targets[] = {@PATHS@};

int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    mkdir("/tmp", 01777);
    for (const char *path : targets) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd < 0) continue;
        if (write(fd, "pwned\n", 6) == 6) std::printf("wrote:%s\n", path);
        close(fd);
    }
}
