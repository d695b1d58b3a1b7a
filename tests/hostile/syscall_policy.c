/* Calls every syscall boxrun's seccomp filter must deny, with arguments no kernel would accept
 * (-1), and prints `name errno` for each whose error is not the filter's (EPERM; ENOSYS for
 * clone3). Then checks what must still work: getpid, fork, and sockets as the policy allows
 * (argv[1]: "contestant" no socket at all, "ipc" AF_UNIX only). Prints "done" last. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#define SYS_io_uring_enter 426
#define SYS_io_uring_register 427
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

#define C(name) {#name, SYS_##name}
static const struct { const char *name; long nr; } denied[] = {
    C(keyctl), C(add_key), C(request_key), C(io_uring_setup), C(io_uring_enter), C(io_uring_register),
    C(userfaultfd), C(perf_event_open), C(bpf), C(ptrace), C(process_vm_readv), C(process_vm_writev), C(kcmp),
    C(mount), C(umount2), C(pivot_root), C(chroot), C(unshare), C(setns), C(kexec_load), C(kexec_file_load),
    C(init_module), C(finit_module), C(delete_module), C(memfd_secret), C(syslog), C(acct), C(swapon),
    C(swapoff), C(reboot), C(quotactl), C(fanotify_init), C(name_to_handle_at), C(open_by_handle_at),
    C(move_pages), C(migrate_pages), C(mbind), C(set_mempolicy), C(shmget), C(shmat), C(msgget), C(semget),
    C(mq_open),
};

int main(int argc, char **argv) {
    int ipc = argc > 1 && !strcmp(argv[1], "ipc");
    for (size_t i = 0; i < sizeof denied / sizeof *denied; i++) {
        errno = 0;
        long r = syscall(denied[i].nr, -1L, -1L, -1L, -1L, -1L, -1L);
        if (r != -1 || errno != EPERM) printf("%s %d\n", denied[i].name, r == -1 ? errno : 0);
    }
    errno = 0;
    if (syscall(SYS_clone3, 0L, 0L) != -1 || errno != ENOSYS) printf("clone3 %d\n", errno);
    if (syscall(SYS_clone, (long)(CLONE_NEWUSER | SIGCHLD), 0L, 0L, 0L, 0L) != -1 || errno != EPERM)
        printf("clone-newuser %d\n", errno);
    if (getpid() <= 0) printf("getpid broken\n");
    pid_t pid = fork();
    if (pid == 0) _exit(7);
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7) printf("fork broken %d\n", errno);
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    if ((u >= 0) != ipc) printf("unix socket %s\n", u >= 0 ? "allowed" : "denied");
    int sp[2];
    int p = socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
    if ((p == 0) != ipc) printf("socketpair %s\n", p == 0 ? "allowed" : "denied");
    if (socket(AF_INET, SOCK_STREAM, 0) >= 0) printf("inet socket allowed\n");
    if (socket(40 /* AF_VSOCK */, SOCK_STREAM, 0) >= 0) printf("vsock socket allowed\n");
    if (socket(AF_NETLINK, SOCK_RAW, 0) >= 0) printf("netlink socket allowed\n");
    puts("done");
    return 0;
}
