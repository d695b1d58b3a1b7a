// One program, many behaviours, for the direct Box/ProcessSpec tests (tests/test_sandbox_basic.py):
//   exit N | signal N | spin | sleep | touch MIB | cat | flood | fork | env | uid | write PATH TEXT
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 2) return 100;
    const char *mode = argv[1];
    if (!std::strcmp(mode, "exit")) return std::atoi(argv[2]);
    if (!std::strcmp(mode, "signal")) { std::raise(std::atoi(argv[2])); return 101; }
    if (!std::strcmp(mode, "spin")) { for (volatile unsigned long i = 0;; i++) {} }
    if (!std::strcmp(mode, "sleep")) { for (;;) pause(); }
    if (!std::strcmp(mode, "touch")) {
        size_t bytes = (size_t)std::atol(argv[2]) << 20;
        char *p = static_cast<char *>(std::malloc(bytes));
        if (!p) return 102;
        std::memset(p, 7, bytes);
        std::printf("%d\n", p[bytes - 1]);
        return 0;
    }
    if (!std::strcmp(mode, "cat")) {
        char buf[1 << 16];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) std::fwrite(buf, 1, n, stdout);
        std::fputs("to stderr\n", stderr);
        return 0;
    }
    if (!std::strcmp(mode, "flood")) {
        static char buf[1 << 16];
        for (;;) std::fwrite(buf, 1, sizeof buf, stdout);
    }
    if (!std::strcmp(mode, "fork")) {
        pid_t pid = fork();
        if (pid == 0) _exit(0);
        if (pid > 0) waitpid(pid, nullptr, 0);
        std::puts(pid < 0 ? "fork failed" : "forked");
        return 0;
    }
    if (!std::strcmp(mode, "env")) {
        for (char **e = environ; *e; e++) std::puts(*e);
        return 0;
    }
    if (!std::strcmp(mode, "uid")) {
        std::printf("%d %d\n", (int)getuid(), (int)getgid());
        return 0;
    }
    if (!std::strcmp(mode, "write")) {
        FILE *f = std::fopen(argv[2], "w");
        if (!f) return 103;
        std::fputs(argv[3], f);
        return std::fclose(f) == 0 ? 0 : 104;
    }
    return 100;
}
