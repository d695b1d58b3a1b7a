// Fills its box's disk: 1 MiB files in the working directory until a write fails (the box's quota),
// then prints how many MiB it kept. A box whose disk is bounded gets a verdict (MLE: on the Docker
// backend a box's files are pages charged to its cgroup) and leaves its neighbours room to work.
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
int main() {
    static char buf[1 << 20];
    std::memset(buf, 'x', sizeof buf);
    long kept = 0;
    for (int i = 0; i < 1 << 20; i++) {
        char name[32];
        std::snprintf(name, sizeof name, "fill%d", i);
        int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) break;
        ssize_t n = write(fd, buf, sizeof buf);
        close(fd);
        if (n != (ssize_t)sizeof buf) break;
        kept++;
    }
    std::printf("%ld\n", kept);
    return 0;
}
