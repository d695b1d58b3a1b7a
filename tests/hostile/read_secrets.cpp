// Reads judge files by path: the expected output, another box's files, /proc and relative escapes,
// after trying a chroot break-out. Prints the sum, then a token per file it could read (-> WA).
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *targets[] = {@PATHS@};

int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    // Classic chroot escape (works only with CAP_SYS_CHROOT): chroot into a subdirectory, climb out.
    if (mkdir("escape", 0700) == 0 || access("escape", F_OK) == 0) {
        if (chroot("escape") == 0) {
            for (int i = 0; i < 64; i++) chdir("..");
            chroot(".");
        }
    }
    for (const char *path : targets) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) continue;
        char buf[4096];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) std::printf("read:%s\n", path);
        close(fd);
    }
}
