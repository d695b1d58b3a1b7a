/*
 * boxrun: run one untrusted program under limits and report what happened.
 *
 * One small, dependency-free program with one written contract, in the spirit of isolate:
 *   boxrun [options] -- PROGRAM [ARGS...]
 * It forks the program (so peak memory is the program's own, not an inherited parent's), puts it in
 * a new session, puts it in the box's cgroup, opens its standard streams *before* dropping privileges
 * (so the files themselves can stay unreadable to it), optionally confines it (network namespace,
 * chroot or a minimal read-only system root), applies rlimits, drops to an unprivileged uid, gives it
 * a fresh session keyring, installs a seccomp filter, execs it, enforces the wall-clock limit, kills
 * the whole box through its cgroup (or, without one, every descendant: never "everything a uid
 * owns"), reaps every descendant, and prints key:value meta lines.
 *
 * Options:
 *   --cpu S --wall S          CPU (user+system) and wall limits in seconds (fractions allowed)
 *   --mem B --stack B         address-space and stack limits in bytes (stack defaults to mem)
 *   --nproc N --fsize B --nofile N
 *   --uid N --gid N           run as this uid/gid (only when boxrun runs as root)
 *   --chroot DIR              confine the program to DIR (static programs need nothing else)
 *   --sysroot DIR             confine to a fresh root that holds read-only /usr,/lib*,/bin and DIR
 *                             mounted as /box (for the compiler, which is dynamically linked)
 *   --cwd DIR                 working directory (inside the confinement when one is given)
 *   --stdin P --stdout P --stderr P   files or FIFOs, opened by boxrun; stdout/stderr are created
 *   --netns                   new, empty network and System V IPC namespaces (root only): no
 *                             network, and shared memory the program leaves behind dies with it
 *   --netns-fd N --ipcns-fd N join these (prepared, reused) namespaces instead: creating a network
 *                             namespace costs milliseconds, joining one microseconds
 *   --userns                  with --uid: create a user namespace (mapping only root and the box uid,
 *                             or the uids of --userns-uids FIRST,COUNT) owning new network, IPC and
 *                             mount namespaces, for a container where boxrun has no CAP_SYS_ADMIN
 *   --userns-fd N             join this (held) user namespace first, then --netns-fd/--ipcns-fd
 *                             namespaces it owns; with --sysroot a new mount namespace is made in it
 *   --cgroup NAME             run in the cgroup NAME (relative, created if missing) of every
 *                             controller found under --cgroup-root (default /sys/fs/cgroup; v2 or
 *                             v1 memory, pids, cpuacct, freezer): memory of every kind (anonymous,
 *                             shmem/memfd, tmpfs, page cache; no swap) limited to --cg-mem B
 *                             (default --mem), tasks to --nproc; OOM kills, peak memory and CPU of
 *                             every process are reported; the whole box is killed through it
 *   --seccomp P               syscall policy: contestant (no sockets), ipc (AF_UNIX sockets only),
 *                             trusted (checkers, managers, compilers: AF_UNIX only), none. All but
 *                             none deny with EPERM keyrings, io_uring, userfaultfd, perf, bpf,
 *                             ptrace, mounts, namespaces, kexec, modules, System V IPC, and
 *                             memfd_create unless --cgroup charges it
 *   --env K=V                 environment entry (the environment is empty otherwise)
 *   --meta P                  write the meta lines to P instead of standard output
 *   --serve                   (alone) serve runs: read requests from standard input, each a line
 *                             holding a byte count N and then N bytes of the options above and
 *                             `-- PROGRAM [ARGS...]`, separated by NUL bytes; run each as the
 *                             command line would (forking the program from this long-lived
 *                             process: one spawn per run instead of two) and answer with its meta
 *                             lines and an empty line on standard output. Exits at end of input,
 *                             and, mid-run, as soon as the request pipe's writer is gone (the
 *                             judge died): the box is killed through its cgroup first. Repeated
 *                             runs in the same --cgroup skip rewriting limits that did not change.
 *
 * Meta keys: status (OK, RE: non-zero exit, SG: killed by a signal, TO: CPU limit, WT: wall limit,
 * XX: boxrun failed), exitcode, exitsig, time (CPU s), time-wall (s), max-rss (KiB), message; with
 * --cgroup also cg-mem (peak KiB of the whole box; where the kernel keeps no peak, v2 before Linux
 * 5.19, only after an OOM kill: the limit, which the box reached) and cg-oom-killed (1 when the
 * kernel OOM-killed a process of the box).
 * Exit status: 0 when the program ran (whatever it did), 2 when boxrun itself failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENV 64
#define PATHLEN 4096

static double cpu_limit = 0, wall_limit = 0;
static long long mem_limit = 0, stack_limit = 0, fsize_limit = 0, cg_mem_limit = 0;
static long nproc_limit = 0, nofile_limit = 64;
static long run_uid = -1, run_gid = -1;
static const char *chroot_dir, *sysroot_dir, *cwd_dir, *in_path, *out_path, *err_path, *meta_path;
static const char *cg_name, *cg_root = "/sys/fs/cgroup", *policy = "none";
static int want_netns = 0, want_userns = 0, netns_fd = -1, ipcns_fd = -1, userns_fd = -1;
static long map_first = -1, map_count = 1;
static char *envp[MAX_ENV + 1];
static int envc = 0;

/* --serve: a failed request answers XX and jumps back to the request loop instead of exiting. */
static int serving = 0;
static jmp_buf request_failed;

static void die(const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    FILE *f = meta_path ? fopen(meta_path, "w") : stdout;
    if (!f) f = stdout;
    fprintf(f, "status:XX\nmessage:%s\n", msg);
    if (f == stdout) fflush(f);
    else fclose(f);
    if (serving) longjmp(request_failed, 1);
    exit(2);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void set_limit(int res, rlim_t soft, rlim_t hard) {
    struct rlimit rl = {soft, hard};
    if (setrlimit(res, &rl) < 0) {
        /* Lowering a limit never fails; raising above the hard limit does: clamp to what we may. */
        struct rlimit cur;
        getrlimit(res, &cur);
        rl.rlim_cur = rl.rlim_max = (soft < cur.rlim_max ? soft : cur.rlim_max);
        setrlimit(res, &rl);
    }
}

/* Child side: report an errno to the parent through the close-on-exec pipe, then vanish. */
static int err_fd = -1;
static void child_fail(const char *what) {
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s: %s", what, strerror(errno));
    if (write(err_fd, buf, n) < 0) { /* nothing more we can do */ }
    _exit(127);
}

/* ---- cgroup: one per box, v2 or v1, found at start ---------------------------------------- */

enum { CG_MEM, CG_PIDS, CG_CPU, CG_FRZ, CG_N };
static const char *cg_ctrl[CG_N] = {"memory", "pids", "cpuacct", "freezer"};
static char cg_dir[CG_N][PATHLEN]; /* v1: one directory per controller found; v2: all the same */
static int cg_v2 = 0, cg_on = 0;

/* --serve: the cgroup files a run reads and writes stay open from run to run (on kernfs the
 * path walk of an open costs more than the access); forgotten with the cgroup (cg_forget). */
#define FD_CACHE 32
static struct { char path[PATHLEN]; int flags, fd; } fdc[FD_CACHE];
static int nfdc = 0;

static int open_file(const char *path, int flags, int *cached) {
    *cached = 0;
    if (serving && !strncmp(path, cg_root, strlen(cg_root))) {
        for (int i = 0; i < nfdc; i++)
            if (fdc[i].flags == flags && !strcmp(fdc[i].path, path)) return *cached = 1, fdc[i].fd;
        int fd = open(path, flags | O_CLOEXEC);
        if (fd >= 0 && nfdc < FD_CACHE) {
            snprintf(fdc[nfdc].path, PATHLEN, "%s", path);
            fdc[nfdc].flags = flags;
            fdc[nfdc++].fd = fd;
            *cached = 1;
        }
        return fd;
    }
    return open(path, flags | O_CLOEXEC);
}

static void close_files(void) {
    while (nfdc > 0) close(fdc[--nfdc].fd);
}

static int write_file(const char *dir, const char *file, const char *value) {
    char path[PATHLEN];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int cached, fd = open_file(path, O_WRONLY, &cached);
    if (fd < 0) return -1;
    /* A kept (cgroup) file is rewritten from its start; others are fresh: plain write, since
     * seq_file files such as /proc/PID/uid_map refuse pwrite (ESPIPE). */
    ssize_t n = cached ? pwrite(fd, value, strlen(value), 0) : write(fd, value, strlen(value));
    int e = errno;
    if (!cached) close(fd);
    errno = e;
    return n == (ssize_t)strlen(value) ? 0 : -1;
}

static ssize_t read_file(const char *dir, const char *file, char *buf, size_t size) {
    char path[PATHLEN];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int cached, fd = open_file(path, O_RDONLY, &cached);
    if (fd < 0) return -1;
    ssize_t n = cached ? pread(fd, buf, size - 1, 0) : read(fd, buf, size - 1);
    if (!cached) close(fd);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

/* The number after `key ` in a flat-keyed file (memory.events, memory.oom_control, cpu.stat). */
static long long read_key(const char *dir, const char *file, const char *key) {
    char buf[4096];
    if (read_file(dir, file, buf, sizeof buf) <= 0) return -1;
    size_t k = strlen(key);
    for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (!strncmp(line, key, k) && line[k] == ' ') return atoll(line + k + 1);
    return -1;
}

static long long read_ll(const char *dir, const char *file) {
    char buf[64];
    if (read_file(dir, file, buf, sizeof buf) <= 0) return -1;
    return atoll(buf);
}

static void mkdirs(char *path) { /* mkdir -p */
    if (access(path, F_OK) == 0) return;
    for (char *p = path + 1; *p; p++)
        if (*p == '/') { *p = 0; mkdir(path, 0755); *p = '/'; }
    mkdir(path, 0755);
}

static void cg_find(void) {
    char path[PATHLEN];
    snprintf(path, sizeof path, "%s/cgroup.controllers", cg_root);
    if (access(path, F_OK) == 0) {
        char ctl[512];
        read_file(cg_root, "cgroup.controllers", ctl, sizeof ctl);
        if (!strstr(ctl, "memory") || !strstr(ctl, "pids")) die("cgroup v2 at %s lacks the memory or pids controller", cg_root);
        cg_v2 = 1;
        /* Delegate the controllers down to our parent directory (root and each level of NAME). */
        char dir[PATHLEN];
        snprintf(dir, sizeof dir, "%s", cg_root);
        write_file(dir, "cgroup.subtree_control", "+memory +pids");
        char rel[PATHLEN];
        snprintf(rel, sizeof rel, "%s", cg_name);
        for (char *p = rel; (p = strchr(p, '/')); p++) {
            *p = 0;
            snprintf(dir, sizeof dir, "%s/%s", cg_root, rel);
            mkdir(dir, 0755);
            write_file(dir, "cgroup.subtree_control", "+memory +pids");
            *p = '/';
        }
        for (int c = 0; c < CG_N; c++) snprintf(cg_dir[c], PATHLEN, "%s/%s", cg_root, cg_name);
        mkdirs(cg_dir[0]);
        if (access(cg_dir[0], W_OK) < 0) die("cannot create cgroup %s: %s", cg_dir[0], strerror(errno));
        return;
    }
    for (int c = 0; c < CG_N; c++) {
        snprintf(path, sizeof path, "%s/%s", cg_root, cg_ctrl[c]);
        if (access(path, F_OK) < 0) {
            if (c == CG_MEM || c == CG_PIDS) die("no cgroup v1 %s hierarchy under %s", cg_ctrl[c], cg_root);
            cg_dir[c][0] = 0;
            continue;
        }
        snprintf(cg_dir[c], PATHLEN, "%s/%s", path, cg_name);
        mkdirs(cg_dir[c]);
        if (access(cg_dir[c], W_OK) < 0) die("cannot create cgroup %s: %s", cg_dir[c], strerror(errno));
    }
}

/* Every pid in the box's cgroup (the memory one holds them all; beyond the buffer, the next
 * round of a kill loop finds the rest). Opened afresh each time, never kept: a v1 cgroup.procs
 * that stays open answers from a pid list cached for up to a second. */
static int cg_pids(pid_t *out, int max) {
    static char buf[1 << 16];
    char path[PATHLEN];
    snprintf(path, sizeof path, "%s/cgroup.procs", cg_dir[CG_MEM]);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0) return 0;
    buf[len] = 0;
    int n = 0;
    for (char *p = buf, *end; n < max; p = end) {
        long v = strtol(p, &end, 10);
        if (end == p) break;
        out[n++] = (pid_t)v;
    }
    return n;
}

/* The program itself: its status and resource use, whoever reaps it (the wait loop or a kill). */
static pid_t main_pid = -1;
static int main_status = 0, main_reaped = 0;
static struct rusage main_ru;

static void reap_quietly(void) {
    int st;
    struct rusage ru;
    pid_t r;
    while ((r = wait4(-1, &st, WNOHANG, &ru)) > 0)
        if (r == main_pid) { main_status = st; main_ru = ru; main_reaped = 1; }
}

/* Kill everything in the box: v2 cgroup.kill, else freeze, kill each pid, thaw, until empty. */
static void cg_kill(void) {
    pid_t pids[4096];
    if (cg_v2 && write_file(cg_dir[0], "cgroup.kill", "1") == 0) {
        for (int k = 0; k < 500 && cg_pids(pids, 1) > 0; k++) { reap_quietly(); pause_ms(1); }
        return;
    }
    int frz = cg_v2 ? 1 : cg_dir[CG_FRZ][0] != 0;
    for (int k = 0; k < 1000; k++) {
        int n = cg_pids(pids, 4096);
        if (n == 0) break;
        if (frz) write_file(cg_dir[CG_FRZ], cg_v2 ? "cgroup.freeze" : "freezer.state", cg_v2 ? "1" : "FROZEN");
        n = cg_pids(pids, 4096);
        for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
        if (frz) write_file(cg_dir[CG_FRZ], cg_v2 ? "cgroup.freeze" : "freezer.state", cg_v2 ? "0" : "THAWED");
        reap_quietly();
        if (k) pause_ms(1);
    }
}

static long long oom_kills(void) {
    return cg_v2 ? read_key(cg_dir[0], "memory.events", "oom_kill")
                 : read_key(cg_dir[CG_MEM], "memory.oom_control", "oom_kill");
}

static int peak_fd = -1;  /* v2: memory.peak, reset through this descriptor (Linux 6.12+) */
static long long oom_before = 0, usage_before = 0;
static double cpu_before = 0; /* v2: cpu.stat is never reset, and a box's cgroup serves run after run */

/* --serve: the cgroup found by the last run and the limits written to it, so that the next run in
 * the same cgroup only resets its counters (the directories stay: nothing else removes a held
 * slot's cgroup, and a run that fails forgets all this). */
static char cg_ready[PATHLEN];
static long long ready_mem;
static long ready_pids;
static long long run_mem; /* this run's cgroup memory limit (0: none) */

static void cg_forget(void) {
    cg_ready[0] = 0;
    close_files();
}

/* Make the (reused) cgroup ready for a run: empty, limits set, counters reset. */
static void cg_prepare(void) {
    char key[PATHLEN];
    snprintf(key, sizeof key, "%s/%s", cg_root, cg_name);
    long long mem = cg_mem_limit > 0 ? cg_mem_limit : mem_limit;
    long pids = nproc_limit > 0 ? nproc_limit : 4096;
    int known = serving && !strcmp(key, cg_ready);
    int same = known && mem == ready_mem && pids == ready_pids;
    run_mem = mem > 0 ? mem : 0;
    if (!known) cg_forget(); /* another cgroup: its files too */
    cg_ready[0] = 0;         /* until this preparation has succeeded */
    if (!known) cg_find();
    cg_kill(); /* whatever a run whose boxrun died left behind */
    char v[64];
    if (cg_v2 && same) {
        char path[PATHLEN];
        snprintf(path, sizeof path, "%s/memory.peak", cg_dir[0]);
        peak_fd = open(path, O_RDWR | O_CLOEXEC);
        if (peak_fd >= 0 && write(peak_fd, "reset\n", 6) != 6) { close(peak_fd); peak_fd = -1; same = 0; }
    }
    if (cg_v2 && !same) {
        if (peak_fd >= 0) close(peak_fd);
        peak_fd = -1;
        const char *d = cg_dir[0];
        snprintf(v, sizeof v, "%lld", mem);
        if (write_file(d, "memory.max", mem > 0 ? v : "max") < 0) die("cgroup memory.max: %s", strerror(errno));
        write_file(d, "memory.swap.max", "0");
        write_file(d, "memory.oom.group", "1");
        snprintf(v, sizeof v, "%ld", nproc_limit > 0 ? nproc_limit : 4096);
        if (write_file(d, "pids.max", v) < 0) die("cgroup pids.max: %s", strerror(errno));
        char path[PATHLEN];
        snprintf(path, sizeof path, "%s/memory.peak", d);
        peak_fd = open(path, O_RDWR | O_CLOEXEC);
        if (peak_fd >= 0 && write(peak_fd, "reset\n", 6) != 6) { /* older kernel: peak since creation */
            close(peak_fd);
            peak_fd = -1;
            close_files(); /* they belong to the cgroup about to go */
            rmdir(d); /* empty by now: a fresh cgroup starts from zero */
            mkdir(d, 0755);
            snprintf(v, sizeof v, "%lld", mem);
            write_file(d, "memory.max", mem > 0 ? v : "max");
            write_file(d, "memory.swap.max", "0");
            write_file(d, "memory.oom.group", "1");
            snprintf(v, sizeof v, "%ld", nproc_limit > 0 ? nproc_limit : 4096);
            write_file(d, "pids.max", v);
        }
    } else if (!cg_v2) {
        const char *d = cg_dir[CG_MEM];
        if (!same) {
            snprintf(v, sizeof v, "%lld", mem > 0 ? mem : -1LL);
            /* memsw >= limit at every step: order the two writes by direction */
            if (write_file(d, "memory.limit_in_bytes", v) < 0) {
                write_file(d, "memory.memsw.limit_in_bytes", v);
                if (write_file(d, "memory.limit_in_bytes", v) < 0) die("cgroup memory.limit_in_bytes: %s", strerror(errno));
            }
            write_file(d, "memory.memsw.limit_in_bytes", v); /* no swap: absent without swap accounting */
            write_file(d, "memory.swappiness", "0");
            snprintf(v, sizeof v, "%ld", pids);
            if (write_file(cg_dir[CG_PIDS], "pids.max", v) < 0) die("cgroup pids.max: %s", strerror(errno));
        }
        write_file(d, "memory.max_usage_in_bytes", "0");
        write_file(d, "memory.memsw.max_usage_in_bytes", "0");
        write_file(d, "memory.failcnt", "0");
        if (cg_dir[CG_CPU][0]) write_file(cg_dir[CG_CPU], "cpuacct.usage", "0");
    }
    long long o = oom_kills();
    oom_before = o > 0 ? o : 0;
    /* Page cache a previous run left charged here (a compiler's headers) is not this run's. */
    long long u = read_ll(cg_v2 ? cg_dir[0] : cg_dir[CG_MEM], cg_v2 ? "memory.current" : "memory.usage_in_bytes");
    usage_before = u > 0 ? u : 0;
    long long us = cg_v2 ? read_key(cg_dir[0], "cpu.stat", "usage_usec") : -1;
    cpu_before = us > 0 ? us / 1e6 : 0;
    cg_on = 1;
    if (serving) {
        char path[PATHLEN];
        int cached;
        for (int c = 0; c < (cg_v2 ? 1 : CG_N); c++) /* the child joins through these (inherited) */
            if (cg_dir[c][0]) {
                snprintf(path, sizeof path, "%s/cgroup.procs", cg_dir[c]);
                open_file(path, O_WRONLY, &cached);
            }
        snprintf(cg_ready, sizeof cg_ready, "%s", key);
        ready_mem = mem;
        ready_pids = pids;
    }
}

/* Child: join the box's cgroup in every hierarchy (before anything is charged). */
static void cg_join(void) {
    char pid[32];
    snprintf(pid, sizeof pid, "%d", getpid());
    for (int c = 0; c < (cg_v2 ? 1 : CG_N); c++)
        if (cg_dir[c][0] && write_file(cg_dir[c], "cgroup.procs", pid) < 0) child_fail("join cgroup");
}

static long long cg_peak(void) {
    if (!cg_v2) {
        long long a = read_ll(cg_dir[CG_MEM], "memory.max_usage_in_bytes");
        long long b = read_ll(cg_dir[CG_MEM], "memory.memsw.max_usage_in_bytes");
        return a > b ? a : b;
    }
    char buf[64] = {0}; /* what pread leaves unterminated */
    if (peak_fd >= 0 && pread(peak_fd, buf, sizeof buf - 1, 0) > 0) return atoll(buf);
    return read_ll(cg_dir[0], "memory.peak");
}

static double cg_cpu(void) {
    if (cg_v2) {
        long long us = read_key(cg_dir[0], "cpu.stat", "usage_usec");
        return us > 0 ? us / 1e6 - cpu_before : 0; /* this run's: what it added */
    }
    if (!cg_dir[CG_CPU][0]) return 0;
    long long ns = read_ll(cg_dir[CG_CPU], "cpuacct.usage");
    return ns > 0 ? ns / 1e9 : 0;
}

/* ---- seccomp: a small hand-written filter, x86_64 and aarch64 ------------------------------ */

#if defined(__x86_64__)
#define SC_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SC_ARCH AUDIT_ARCH_AARCH64
#else
#error "boxrun's seccomp filter knows x86_64 and aarch64 only"
#endif

/* Numbers shared by both architectures (the generic table), for older headers. */
#ifndef SYS_open_tree
#define SYS_open_tree 428
#define SYS_move_mount 429
#define SYS_fsopen 430
#define SYS_fsconfig 431
#define SYS_fsmount 432
#define SYS_fspick 433
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#define SYS_io_uring_enter 426
#define SYS_io_uring_register 427
#endif

#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP)

static const int denied_always[] = {
    SYS_keyctl, SYS_add_key, SYS_request_key, SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
    SYS_userfaultfd, SYS_perf_event_open, SYS_bpf, SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
    SYS_kcmp, SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_open_tree, SYS_move_mount, SYS_fsopen,
    SYS_fsconfig, SYS_fsmount, SYS_fspick, SYS_mount_setattr, SYS_unshare, SYS_setns, SYS_kexec_load,
    SYS_kexec_file_load, SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_memfd_secret, SYS_syslog,
    SYS_acct, SYS_swapon, SYS_swapoff, SYS_reboot, SYS_quotactl, SYS_fanotify_init, SYS_name_to_handle_at,
    SYS_open_by_handle_at, SYS_lookup_dcookie, SYS_move_pages, SYS_migrate_pages, SYS_mbind, SYS_set_mempolicy,
    SYS_shmget, SYS_shmat, SYS_msgget, SYS_semget, SYS_mq_open, SYS_pidfd_getfd,
#ifdef SYS_uselib
    SYS_uselib,
#endif
};

#define MAX_FILTER 256
static struct sock_filter filt[MAX_FILTER];
static int nfilt = 0;

static void emit(unsigned short code, unsigned char jt, unsigned char jf, unsigned int k) {
    if (nfilt >= MAX_FILTER) die("seccomp filter too long");
    filt[nfilt++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

#define RET(v) emit(BPF_RET | BPF_K, 0, 0, (v))
#define LD(off) emit(BPF_LD | BPF_W | BPF_ABS, 0, 0, (off))
#define EPERM_RET (SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_RET (SECCOMP_RET_ERRNO | ENOSYS)

/* A denied number is one jump to a RET shared by all (the filter is converted and compiled in
 * every run: fewer instructions, less time). Their offsets are set once the RETs are placed. */
static int to_eperm[128], n_eperm = 0, to_enosys[8], n_enosys = 0;

static void deny(int nr, unsigned int ret) {
    int *list = ret == EPERM_RET ? to_eperm : to_enosys, *n = ret == EPERM_RET ? &n_eperm : &n_enosys;
    if (*n >= (ret == EPERM_RET ? 128 : 8)) die("seccomp filter too long");
    list[(*n)++] = nfilt;
    emit(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, nr); /* jt: patched by place_ret */
}

static void place_ret(const int *list, int n, unsigned int ret) {
    for (int i = 0; i < n; i++) {
        int offset = nfilt - (list[i] + 1);
        if (offset > 255) die("seccomp filter jump too long");
        filt[list[i]].jt = (unsigned char)offset;
    }
    RET(ret);
}

/* socket/socketpair: allowed for AF_UNIX only (A holds the syscall number throughout). */
static void unix_only(int nr) {
    emit(BPF_JMP | BPF_JEQ | BPF_K, 0, 4, nr);
    LD(offsetof(struct seccomp_data, args[0]));
    emit(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, AF_UNIX);
    RET(SECCOMP_RET_ALLOW);
    RET(EPERM_RET);
}

static void build_filter(void) {
    int no_sockets = !strcmp(policy, "contestant");
    n_eperm = n_enosys = 0;
    LD(offsetof(struct seccomp_data, arch));
    emit(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, SC_ARCH);
    RET(ENOSYS_RET); /* another ABI (i386 int 0x80 on x86_64) would bypass the numbers below */
    LD(offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    emit(BPF_JMP | BPF_JGE | BPF_K, 0, 1, 0x40000000); /* the x32 ABI */
    RET(ENOSYS_RET);
#endif
    for (size_t i = 0; i < sizeof denied_always / sizeof *denied_always; i++) deny(denied_always[i], EPERM_RET);
    if (!cg_on) deny(SYS_memfd_create, EPERM_RET); /* its pages would escape every memory limit */
    deny(SYS_clone3, ENOSYS_RET); /* flags sit in memory BPF cannot read: libc falls back to clone */
    if (no_sockets) {
        deny(SYS_socket, EPERM_RET);
        deny(SYS_socketpair, EPERM_RET);
    }
    /* Blocks that load an argument end in a RET, so A still holds the number after a skipped one. */
    emit(BPF_JMP | BPF_JEQ | BPF_K, 0, 4, SYS_clone);
    LD(offsetof(struct seccomp_data, args[0]));
    emit(BPF_JMP | BPF_JSET | BPF_K, 0, 1, NS_FLAGS);
    RET(EPERM_RET);
    RET(SECCOMP_RET_ALLOW);
    if (!no_sockets) {
        unix_only(SYS_socket);
        unix_only(SYS_socketpair);
    }
    RET(SECCOMP_RET_ALLOW);
    place_ret(to_eperm, n_eperm, EPERM_RET);
    place_ret(to_enosys, n_enosys, ENOSYS_RET);
}

static void install_filter(void) {
    struct sock_fprog prog = {(unsigned short)nfilt, filt};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) child_fail("seccomp filter");
}

/* ---- confinement ----------------------------------------------------------------------------- */

static void bind_ro(const char *src, const char *root, const char *name) {
    char dst[PATHLEN];
    struct stat st;
    if (lstat(src, &st) < 0) return;
    snprintf(dst, sizeof dst, "%s/%s", root, name);
    if (S_ISLNK(st.st_mode)) { /* e.g. /lib -> usr/lib on merged-usr systems */
        char target[PATHLEN];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0) child_fail("readlink");
        target[n] = 0;
        if (symlink(target, dst) < 0) child_fail("symlink");
        return;
    }
    if (S_ISDIR(st.st_mode)) mkdir(dst, 0755);
    else close(open(dst, O_CREAT | O_WRONLY, 0644));
    if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) child_fail("bind mount");
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_REC;
    if (mount(NULL, dst, NULL, flags, NULL) < 0) {
        /* In a user namespace the source's own flags (nodev, noexec) are locked: keep them. */
        struct statvfs sv;
        if (statvfs(dst, &sv) == 0) {
            if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
            if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
        }
        if (mount(NULL, dst, NULL, flags, NULL) < 0) child_fail("read-only remount");
    }
}

/* A fresh root: tmpfs holding read-only system dirs, /dev/null, a private /tmp and the box at /box. */
static void enter_sysroot(const char *box) {
    if (!want_userns && unshare(CLONE_NEWNS) < 0) child_fail("unshare mount namespace");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) child_fail("private mounts");
    char root[PATHLEN];
    snprintf(root, sizeof root, "%s/.root", box);
    mkdir(root, 0755);
    if (mount("boxroot", root, "tmpfs", MS_NOSUID, "size=64m,mode=755") < 0) child_fail("tmpfs root");
    const char *sys[] = {"usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", NULL};
    char src[PATHLEN];
    for (int i = 0; sys[i]; i++) {
        snprintf(src, sizeof src, "/%s", sys[i]);
        bind_ro(src, root, sys[i]);
    }
    char path[PATHLEN];
    snprintf(path, sizeof path, "%s/dev", root);
    mkdir(path, 0755);
    bind_ro("/dev/null", root, "dev/null");
    snprintf(path, sizeof path, "%s/tmp", root);
    mkdir(path, 01777);
    snprintf(path, sizeof path, "%s/box", root);
    mkdir(path, 0755);
    if (mount(box, path, NULL, MS_BIND, NULL) < 0) child_fail("bind box");
    if (chroot(root) < 0) child_fail("chroot sysroot");
    if (chdir("/box") < 0) child_fail("chdir /box");
}

static int open_stream(const char *path, int fd, int write_mode) {
    if (!path) path = "/dev/null";
    int f = write_mode ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
                       : open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0) return -1;
    if (dup2(f, fd) < 0) return -1;
    close(f);
    return 0;
}

/* Tasks (threads included, as RLIMIT_NPROC counts them) whose real uid is ours. */
static long user_tasks(void) {
    DIR *d = opendir("/proc");
    if (!d) return 0;
    long total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        char path[300], line[256];
        snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        long uid = -1, threads = 0;
        while (fgets(line, sizeof line, f)) {
            if (!strncmp(line, "Uid:", 4)) uid = strtol(line + 4, NULL, 10);
            else if (!strncmp(line, "Threads:", 8)) threads = strtol(line + 8, NULL, 10);
        }
        fclose(f);
        if (uid == (long)getuid()) total += threads;
    }
    closedir(d);
    return total;
}

static int sync_fd[2] = {-1, -1}; /* --userns: the child waits here for its uid/gid maps */

static void child(char **argv, pid_t parent) {
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (cg_on) cg_join();
    /* Streams first, while we may still open files the program itself must not reach. */
    if (open_stream(in_path, 0, 0) < 0) child_fail("open stdin");
    if (open_stream(out_path, 1, 1) < 0) child_fail("open stdout");
    if (open_stream(err_path, 2, 1) < 0) child_fail("open stderr");
    /* A held user namespace first: its capabilities are what lets us join the others it owns. */
    if (userns_fd >= 0 && setns(userns_fd, CLONE_NEWUSER) < 0) child_fail("join user namespace");
    if (netns_fd >= 0 && setns(netns_fd, CLONE_NEWNET) < 0) child_fail("join network namespace");
    if (ipcns_fd >= 0 && setns(ipcns_fd, CLONE_NEWIPC) < 0) child_fail("join IPC namespace");
    if (want_netns && unshare(CLONE_NEWNET | CLONE_NEWIPC) < 0) child_fail("unshare network/IPC namespace");
    if (want_userns) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS) < 0) child_fail("unshare user namespace");
        char c = 1;
        if (write(sync_fd[1], &c, 1) != 1 || read(sync_fd[0], &c, 1) != 1 || c != 2) child_fail("uid map");
        close(sync_fd[0]);
        close(sync_fd[1]);
    }
    if (sysroot_dir) enter_sysroot(sysroot_dir);
    if (chroot_dir) {
        if (chroot(chroot_dir) < 0) child_fail("chroot");
        if (chdir("/") < 0) child_fail("chdir /");
    }
    if (cwd_dir && chdir(cwd_dir) < 0) child_fail("chdir");

    if (cpu_limit > 0) {
        rlim_t s = (rlim_t)ceil(cpu_limit) + 1; /* exact check happens after the run */
        set_limit(RLIMIT_CPU, s, s + 1);
    }
    /* The address-space limit stays: IOI semantics are that an allocation beyond the limit fails
     * (std::bad_alloc, a null malloc) rather than the program being killed later. The cgroup adds
     * what it cannot see: shmem, memfd, tmpfs and page cache, and processes that left the tree. */
    if (mem_limit > 0) set_limit(RLIMIT_AS, mem_limit, mem_limit);
    rlim_t stack = stack_limit > 0 ? (rlim_t)stack_limit : (mem_limit > 0 ? (rlim_t)mem_limit : RLIM_INFINITY);
    set_limit(RLIMIT_STACK, stack, stack);
    if (fsize_limit > 0) set_limit(RLIMIT_FSIZE, fsize_limit, fsize_limit);
    set_limit(RLIMIT_NOFILE, nofile_limit, nofile_limit);
    set_limit(RLIMIT_CORE, 0, 0);
    set_limit(RLIMIT_MEMLOCK, 0, 0);
    set_limit(RLIMIT_MSGQUEUE, 0, 0);

    if (run_uid >= 0) {
        if (setgroups(0, NULL) < 0) child_fail("setgroups");
        if (setgid(run_gid >= 0 ? run_gid : run_uid) < 0) child_fail("setgid");
        /* NPROC counts the uid's processes, so it must be set by the time we become that uid. */
        if (nproc_limit > 0) set_limit(RLIMIT_NPROC, nproc_limit, nproc_limit);
        if (setuid(run_uid) < 0) child_fail("setuid");
        /* A user namespace's creator keeps its capabilities across setuid: drop them all. */
        struct { unsigned int version; int pid; } hdr = {0x20080522, 0};
        struct { unsigned int eff, perm, inh; } data[2] = {{0, 0, 0}, {0, 0, 0}};
        if ((want_userns || userns_fd >= 0) && syscall(SYS_capset, &hdr, data) < 0) child_fail("drop capabilities");
        /* The kernel clears the parent-death signal on a credential change: set it again. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
    } else if (nproc_limit > 0) {
        /* Without a uid of its own, NPROC counts every task this user runs (this one included):
         * allow nproc_limit - 1 more, or a user with many processes could never run g++. */
        rlim_t n = nproc_limit > 1 ? (rlim_t)(user_tasks() + nproc_limit - 1) : 1;
        set_limit(RLIMIT_NPROC, n, n);
    }
    /* Kernel keyrings are per uid, not per box: start from an empty session keyring (the seccomp
     * filter then denies keyctl, so the uid's persistent keyrings stay out of reach). */
    syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, NULL);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_DUMPABLE, 0);
    if (strcmp(policy, "none")) install_filter();
    envp[envc] = NULL;
    /* ETXTBSY: a thread of the judge may have forked while the file was still open for writing;
     * the inherited descriptor closes as soon as that child execs, so try again briefly. */
    for (int tries = 0; tries < 100; tries++) {
        execve(argv[0], argv, envp);
        if (errno != ETXTBSY) break;
        pause_ms(5);
    }
    child_fail("exec");
}

/* --userns: map root and the box uid and gid (only them) into the child's new user namespace. */
static void map_ids(pid_t pid) {
    char c, dir[64], line[64];
    if (read(sync_fd[0], &c, 1) != 1) return; /* the child failed; its error is in the pipe */
    snprintf(dir, sizeof dir, "/proc/%d", pid);
    long gid = run_gid >= 0 ? run_gid : run_uid;
    /* root too: until it drops to the box uid the child builds its root file system (an unmapped
     * uid could create no file there) */
    long first = map_first >= 0 ? map_first : run_uid, count = map_first >= 0 ? map_count : 1;
    snprintf(line, sizeof line, "0 0 1\n%ld %ld %ld\n", first, first, count);
    int ok = write_file(dir, "uid_map", line) == 0;
    if (map_first < 0) first = gid;
    snprintf(line, sizeof line, "0 0 1\n%ld %ld %ld\n", first, first, count);
    ok = ok && write_file(dir, "gid_map", line) == 0;
    c = ok ? 2 : 0;
    if (write(sync_fd[1], &c, 1) != 1) { /* the child is gone */ }
}

/* Without a cgroup: kill every descendant. Orphans are re-parented to us (subreaper), so killing
 * our children level by level reaches everything the program started, whatever uid it holds. */
static void kill_tree(void) {
    char path[128], buf[8192];
    for (int round = 0; round < 1000; round++) {
        snprintf(path, sizeof path, "/proc/%d/task/%d/children", getpid(), getpid());
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0) close(fd);
        if (n <= 0) break;
        buf[n] = 0;
        for (char *p = buf; *p;) {
            char *end;
            long child = strtol(p, &end, 10);
            if (end == p) break;
            kill((pid_t)child, SIGKILL);
            p = end;
        }
        reap_quietly();
        pause_ms(1);
    }
}

static void kill_box(pid_t pid) {
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    if (cg_on) cg_kill();
    else kill_tree();
}

static double parse_double(const char *s, const char *opt) {
    char *end;
    double v = strtod(s, &end);
    if (*end || v < 0) die("bad value for %s: %s", opt, s);
    return v;
}

static long long parse_ll(const char *s, const char *opt) {
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0) die("bad value for %s: %s", opt, s);
    return v;
}

/* Every option back to its default: a served request starts from what the command line would. */
static void reset_options(void) {
    cpu_limit = wall_limit = 0;
    mem_limit = stack_limit = fsize_limit = cg_mem_limit = 0;
    nproc_limit = 0;
    nofile_limit = 64;
    run_uid = run_gid = -1;
    chroot_dir = sysroot_dir = cwd_dir = in_path = out_path = err_path = meta_path = cg_name = NULL;
    cg_root = "/sys/fs/cgroup";
    policy = "none";
    want_netns = want_userns = 0;
    netns_fd = ipcns_fd = userns_fd = -1;
    map_first = -1;
    map_count = 1;
    envc = 0;
    nfilt = 0;
    cg_on = 0;
    main_pid = -1;
    main_status = main_reaped = 0;
}

/* The options before `--`; returns the index of the program. */
static int parse_options(int argc, char **argv) {
    int i = 1;
    for (; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--")) { i++; break; }
        if (!strcmp(o, "--netns")) { want_netns = 1; continue; }
        if (!strcmp(o, "--userns")) { want_userns = 1; continue; }
        if (i + 1 >= argc) die("option %s needs a value", o);
        const char *v = argv[++i];
        if (!strcmp(o, "--cpu")) cpu_limit = parse_double(v, o);
        else if (!strcmp(o, "--wall")) wall_limit = parse_double(v, o);
        else if (!strcmp(o, "--mem")) mem_limit = parse_ll(v, o);
        else if (!strcmp(o, "--cg-mem")) cg_mem_limit = parse_ll(v, o);
        else if (!strcmp(o, "--stack")) stack_limit = parse_ll(v, o);
        else if (!strcmp(o, "--nproc")) nproc_limit = parse_ll(v, o);
        else if (!strcmp(o, "--fsize")) fsize_limit = parse_ll(v, o);
        else if (!strcmp(o, "--nofile")) nofile_limit = parse_ll(v, o);
        else if (!strcmp(o, "--uid")) run_uid = parse_ll(v, o);
        else if (!strcmp(o, "--gid")) run_gid = parse_ll(v, o);
        else if (!strcmp(o, "--netns-fd")) netns_fd = (int)parse_ll(v, o);
        else if (!strcmp(o, "--ipcns-fd")) ipcns_fd = (int)parse_ll(v, o);
        else if (!strcmp(o, "--userns-fd")) userns_fd = (int)parse_ll(v, o);
        else if (!strcmp(o, "--userns-uids")) {
            if (sscanf(v, "%ld,%ld", &map_first, &map_count) != 2 || map_first < 1 || map_count < 1)
                die("bad value for --userns-uids: %s (FIRST,COUNT)", v);
        }
        else if (!strcmp(o, "--chroot")) chroot_dir = v;
        else if (!strcmp(o, "--sysroot")) sysroot_dir = v;
        else if (!strcmp(o, "--cwd")) cwd_dir = v;
        else if (!strcmp(o, "--stdin")) in_path = v;
        else if (!strcmp(o, "--stdout")) out_path = v;
        else if (!strcmp(o, "--stderr")) err_path = v;
        else if (!strcmp(o, "--meta")) meta_path = serving ? NULL : v; /* served: meta goes down the pipe */
        else if (!strcmp(o, "--cgroup")) cg_name = v;
        else if (!strcmp(o, "--cgroup-root")) cg_root = v;
        else if (!strcmp(o, "--seccomp")) {
            if (strcmp(v, "contestant") && strcmp(v, "ipc") && strcmp(v, "trusted") && strcmp(v, "none"))
                die("unknown seccomp policy %s (contestant, ipc, trusted, none)", v);
            policy = v;
        } else if (!strcmp(o, "--env")) {
            if (envc >= MAX_ENV) die("too many --env entries");
            envp[envc++] = (char *)v;
        } else die("unknown option %s", o);
    }
    if (i >= argc) die("no program given");
    return i;
}

static sigset_t chld;
static int sig_fd = -1, err_rd = -1; /* --serve: SIGCHLD as a descriptor; the child's error pipe */

/* --serve and the judge is gone (the request pipe has no writer): kill the box, leave nothing. */
static void judge_gone(void) {
    if (main_pid > 0 && !main_reaped) kill_box(main_pid);
    _exit(1);
}

/* Wait up to `ts` for a child to change state (a served run also watches for the judge's death). */
static void wait_event(struct timespec *ts) {
    if (!serving) {
        sigtimedwait(&chld, NULL, ts);
        return;
    }
    struct pollfd p[2] = {{sig_fd, POLLIN, 0}, {0, 0, 0}};
    if (poll(p, 2, (int)(ts->tv_sec * 1000 + ts->tv_nsec / 1000000) + 1) > 0) {
        struct signalfd_siginfo si;
        while (read(sig_fd, &si, sizeof si) == (ssize_t)sizeof si) { }
        if (p[1].revents & (POLLHUP | POLLERR)) judge_gone();
    }
}

/* One run: the program at argv[0], under the options parsed already; meta to --meta or stdout. */
static void run_request(char **argv) {
    if ((run_uid >= 0 || chroot_dir || sysroot_dir || want_netns || cg_name || netns_fd >= 0) && geteuid() != 0)
        die("--uid, --chroot, --sysroot, --netns and --cgroup need root");
    if (run_uid == 0) die("refusing to run a program as root");
    if (want_userns && run_uid < 0) die("--userns needs --uid");
    if (cg_name && (cg_name[0] == '/' || strstr(cg_name, ".."))) die("--cgroup takes a relative name");

    if (cg_name) cg_prepare();
    if (strcmp(policy, "none")) build_filter();

    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) die("pipe: %s", strerror(errno));
    err_rd = pfd[0];
    int up[2], down[2];
    if (want_userns) {
        if (pipe2(up, O_CLOEXEC) < 0 || pipe2(down, O_CLOEXEC) < 0) die("pipe: %s", strerror(errno));
    }
    pid_t self = getpid();
    double start = now();
    pid_t pid = fork();
    if (pid < 0) die("fork: %s", strerror(errno));
    if (pid == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        close(pfd[0]);
        err_fd = pfd[1];
        if (want_userns) {
            close(up[0]);
            close(down[1]);
            sync_fd[0] = down[0];
            sync_fd[1] = up[1];
        }
        child(argv, self);
    }
    close(pfd[1]);
    if (want_userns) {
        close(up[1]);
        close(down[0]);
        sync_fd[0] = up[0];
        sync_fd[1] = down[1];
        map_ids(pid);
        close(sync_fd[0]);
        close(sync_fd[1]);
    }

    int wall_killed = 0, cpu_killed = 0;
    main_pid = pid;
    for (;;) {
        pid_t r = wait4(pid, &main_status, WNOHANG, &main_ru);
        if (r == pid || main_reaped) break;
        if (r < 0 && errno != EINTR) die("wait4: %s", strerror(errno));
        double left = wall_limit > 0 ? wall_limit - (now() - start) : 3600.0;
        /* The cgroup counts CPU of every process: stop at the limit, not at the rlimit's next second. */
        if (cg_on && cpu_limit > 0 && !cpu_killed && cg_cpu() > cpu_limit + 0.1) {
            cpu_killed = 1;
            kill_box(pid);
            continue;
        }
        if (left <= 0) {
            wall_killed = 1;
            kill_box(pid);
            continue;
        }
        struct timespec ts = {(time_t)left, (long)((left - (time_t)left) * 1e9)};
        if (ts.tv_sec > 0 || ts.tv_nsec > 50000000) { ts.tv_sec = 0; ts.tv_nsec = 50000000; }
        wait_event(&ts);
    }
    double wall = now() - start;
    int status = main_status;
    struct rusage ru = main_ru;
    /* Whatever the program left behind dies with it. */
    kill_box(pid);
    { /* reap every straggler; give killed ones a moment to finish dying */
        for (int k = 0; k < 50; k++) {
            pid_t r;
            while ((r = waitpid(-1, NULL, WNOHANG)) > 0) { }  /* the program was reaped already */
            if (r < 0 && errno == ECHILD) break;
            pause_ms(2);
        }
    }

    char errbuf[300] = {0};
    ssize_t en = read(pfd[0], errbuf, sizeof errbuf - 1);
    close(pfd[0]);
    err_rd = -1;
    if (en > 0) { errbuf[en] = 0; die("%s", errbuf); }

    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    long long cg_mem = -1; /* unknown: v2 has no memory.peak before Linux 5.19 (max-rss stands in,
                            * blind to memfd and tmpfs pages; an OOM kill says the limit was reached) */
    int oom = 0;
    if (cg_on) {
        double c = cg_cpu(); /* also counts processes that left the tree */
        if (c > cpu) cpu = c;
        long long peak = cg_peak();
        if (peak >= 0) cg_mem = peak > usage_before ? peak - usage_before : 0;
        oom = oom_kills() > oom_before;
        if (oom && cg_mem < 0 && run_mem > 0) cg_mem = run_mem > usage_before ? run_mem - usage_before : run_mem;
        if (peak_fd >= 0) close(peak_fd);
        peak_fd = -1;
    }
    const char *st = "OK";
    char msg[128] = "";
    int code = 0, sig = 0;
    if (WIFEXITED(status)) {
        code = WEXITSTATUS(status);
        if (code) { st = "RE"; snprintf(msg, sizeof msg, "exited with code %d", code); }
    } else if (WIFSIGNALED(status)) {
        sig = WTERMSIG(status);
        st = "SG";
        snprintf(msg, sizeof msg, "killed by signal %d (%s)", sig, strsignal(sig));
    }
    if (cpu_limit > 0 && (cpu > cpu_limit || sig == SIGXCPU || cpu_killed)) { st = "TO"; snprintf(msg, sizeof msg, "CPU time limit exceeded"); }
    else if (wall_killed) { st = "WT"; snprintf(msg, sizeof msg, "wall time limit exceeded"); }
    else if (oom) snprintf(msg, sizeof msg, "memory limit exceeded (cgroup OOM kill)");

    FILE *f = meta_path ? fopen(meta_path, "w") : stdout;
    if (!f) die("cannot write meta file %s", meta_path);
    fprintf(f, "status:%s\nexitcode:%d\nexitsig:%d\ntime:%.3f\ntime-wall:%.3f\nmax-rss:%ld\n", st, code, sig, cpu,
            wall, ru.ru_maxrss);
    if (cg_on && cg_mem >= 0) fprintf(f, "cg-mem:%lld\n", cg_mem / 1024);
    if (cg_on) fprintf(f, "cg-oom-killed:%d\n", oom);
    if (*msg) fprintf(f, "message:%s\n", msg);
    if (f == stdout) fflush(f);
    else fclose(f);
}

/* --serve: requests are `N\n` and N bytes of NUL-terminated arguments (see the header). */
static char req[1 << 20];
static size_t req_len = 0;

static int fill(size_t need) {
    while (req_len < need) {
        ssize_t n = read(0, req + req_len, sizeof req - req_len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        req_len += (size_t)n;
    }
    return 0;
}

static int serve(void) {
    serving = 1;
    sig_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sig_fd < 0) die("signalfd: %s", strerror(errno));
    static char *args[4096];
    for (;;) {
        char *nl;
        size_t head = 0;
        while (!(nl = memchr(req, '\n', req_len))) {
            if (req_len >= 32 || fill(req_len + 1) < 0) return req_len ? 2 : 0; /* end of input */
        }
        head = (size_t)(nl - req) + 1;
        size_t size = strtoul(req, NULL, 10);
        if (size > sizeof req - head || fill(head + size) < 0) return 2;
        int argc = 1;
        args[0] = "boxrun";
        for (char *a = req + head, *end = req + head + size; a < end && argc < 4095; a += strlen(a) + 1) {
            if (!memchr(a, 0, (size_t)(end - a))) break; /* an unterminated tail: ignored */
            args[argc++] = a;
        }
        args[argc] = NULL;
        if (setjmp(request_failed) == 0) {
            reset_options();
            int i = parse_options(argc, args);
            meta_path = NULL; /* answers go down the pipe */
            run_request(args + i);
        } else { /* died: the XX meta is written; leave nothing of the run behind */
            if (main_pid > 0 && !main_reaped) kill_box(main_pid);
            while (waitpid(-1, NULL, WNOHANG) > 0) { }
            if (err_rd >= 0) close(err_rd);
            if (peak_fd >= 0) close(peak_fd);
            err_rd = peak_fd = -1;
            cg_forget();
        }
        fputs("\n", stdout);
        fflush(stdout);
        memmove(req, req + head + size, req_len - head - size);
        req_len -= head + size;
    }
}

int main(int argc, char **argv) {
    /* Orphans are re-parented to us, so nothing outlives the run unreaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    if (argc == 2 && !strcmp(argv[1], "--serve")) return serve();
    int i = parse_options(argc, argv);
    run_request(argv + i);
    return 0;
}
