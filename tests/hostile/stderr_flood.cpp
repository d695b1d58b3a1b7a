// Infinite output to stderr that even ignores SIGXFSZ and keeps writing (-> RE or TLE).
#include <csignal>
#include <cstring>
#include <unistd.h>
int main() {
    std::signal(SIGXFSZ, SIG_IGN);
    static char line[1 << 16];
    std::memset(line, 'n', sizeof line);
    for (;;) {
        if (write(2, line, sizeof line) < 0) { /* EFBIG: try again, forever */ }
    }
}
