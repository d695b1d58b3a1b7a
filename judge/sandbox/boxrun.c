/*
 * boxrun: run one untrusted program under limits and report what happened.
 *
 * One small, dependency-free program with one written contract, in the spirit of isolate:
 *   boxrun [options] -- PROGRAM [ARGS...]
 * It forks the program (so peak memory is the program's own, not an inherited parent's), puts it in
 * a new session, opens its standard streams *before* dropping privileges (so the files themselves can
 * stay unreadable to it), optionally confines it (network namespace, chroot or a minimal read-only
 * system root), applies rlimits, drops to an unprivileged uid, execs it, enforces the wall-clock limit
 * by killing everything the uid owns, reaps every descendant, and prints key:value meta lines.
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
 *   --env K=V                 environment entry (the environment is empty otherwise)
 *   --meta P                  write the meta lines to P instead of standard output
 *
 * Meta keys: status (OK, RE: non-zero exit, SG: killed by a signal, TO: CPU limit, WT: wall limit,
 * XX: boxrun failed), exitcode, exitsig, time (CPU s), time-wall (s), max-rss (KiB), message.
 * Exit status: 0 when the program ran (whatever it did), 2 when boxrun itself failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENV 64

static double cpu_limit = 0, wall_limit = 0;
static long long mem_limit = 0, stack_limit = 0, fsize_limit = 0;
static long nproc_limit = 0, nofile_limit = 64;
static long run_uid = -1, run_gid = -1;
static const char *chroot_dir, *sysroot_dir, *cwd_dir, *in_path, *out_path, *err_path, *meta_path;
static int want_netns = 0;
static char *envp[MAX_ENV + 1];
static int envc = 0;

static void die(const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    FILE *f = meta_path ? fopen(meta_path, "w") : stdout;
    if (!f) f = stdout;
    fprintf(f, "status:XX\nmessage:%s\n", msg);
    fflush(f);
    exit(2);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
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

static void bind_ro(const char *src, const char *root, const char *name) {
    char dst[4096];
    struct stat st;
    if (lstat(src, &st) < 0) return;
    snprintf(dst, sizeof dst, "%s/%s", root, name);
    if (S_ISLNK(st.st_mode)) { /* e.g. /lib -> usr/lib on merged-usr systems */
        char target[4096];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0) child_fail("readlink");
        target[n] = 0;
        if (symlink(target, dst) < 0) child_fail("symlink");
        return;
    }
    if (S_ISDIR(st.st_mode)) mkdir(dst, 0755);
    else close(open(dst, O_CREAT | O_WRONLY, 0644));
    if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) child_fail("bind mount");
    if (mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_REC, NULL) < 0)
        child_fail("read-only remount");
}

/* A fresh root: tmpfs holding read-only system dirs, /dev/null, a private /tmp and the box at /box. */
static void enter_sysroot(const char *box) {
    if (unshare(CLONE_NEWNS) < 0) child_fail("unshare mount namespace");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) child_fail("private mounts");
    char root[4096];
    snprintf(root, sizeof root, "%s/.root", box);
    mkdir(root, 0755);
    if (mount("boxroot", root, "tmpfs", MS_NOSUID, "size=64m,mode=755") < 0) child_fail("tmpfs root");
    const char *sys[] = {"usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", NULL};
    char src[4096];
    for (int i = 0; sys[i]; i++) {
        snprintf(src, sizeof src, "/%s", sys[i]);
        bind_ro(src, root, sys[i]);
    }
    char path[4096];
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

static void child(char **argv) {
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (want_netns && unshare(CLONE_NEWNET | CLONE_NEWIPC) < 0) child_fail("unshare network/IPC namespace");
    /* Streams first, while we may still open files the program itself must not reach. */
    if (open_stream(in_path, 0, 0) < 0) child_fail("open stdin");
    if (open_stream(out_path, 1, 1) < 0) child_fail("open stdout");
    if (open_stream(err_path, 2, 1) < 0) child_fail("open stderr");
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
    } else if (nproc_limit > 0) {
        /* Without a uid of its own, NPROC counts every task this user runs (this one included):
         * allow nproc_limit - 1 more, or a user with many processes could never run g++. */
        rlim_t n = nproc_limit > 1 ? (rlim_t)(user_tasks() + nproc_limit - 1) : 1;
        set_limit(RLIMIT_NPROC, n, n);
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_DUMPABLE, 0);
    envp[envc] = NULL;
    /* ETXTBSY: a thread of the judge may have forked while the file was still open for writing;
     * the inherited descriptor closes as soon as that child execs, so try again briefly. */
    for (int tries = 0; tries < 100; tries++) {
        execve(argv[0], argv, envp);
        if (errno != ETXTBSY) break;
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    child_fail("exec");
}

/* Kill every process the run's uid owns (also ones that left the session), from a helper child. */
static void kill_uid(void) {
    if (run_uid < 0) return;
    pid_t k = fork();
    if (k == 0) {
        if (setgid(run_gid >= 0 ? run_gid : run_uid) == 0 && setuid(run_uid) == 0) kill(-1, SIGKILL);
        _exit(0);
    }
    if (k > 0) waitpid(k, NULL, 0);
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

int main(int argc, char **argv) {
    int i = 1;
    for (; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--")) { i++; break; }
        if (!strcmp(o, "--netns")) { want_netns = 1; continue; }
        if (i + 1 >= argc) die("option %s needs a value", o);
        const char *v = argv[++i];
        if (!strcmp(o, "--cpu")) cpu_limit = parse_double(v, o);
        else if (!strcmp(o, "--wall")) wall_limit = parse_double(v, o);
        else if (!strcmp(o, "--mem")) mem_limit = parse_ll(v, o);
        else if (!strcmp(o, "--stack")) stack_limit = parse_ll(v, o);
        else if (!strcmp(o, "--nproc")) nproc_limit = parse_ll(v, o);
        else if (!strcmp(o, "--fsize")) fsize_limit = parse_ll(v, o);
        else if (!strcmp(o, "--nofile")) nofile_limit = parse_ll(v, o);
        else if (!strcmp(o, "--uid")) run_uid = parse_ll(v, o);
        else if (!strcmp(o, "--gid")) run_gid = parse_ll(v, o);
        else if (!strcmp(o, "--chroot")) chroot_dir = v;
        else if (!strcmp(o, "--sysroot")) sysroot_dir = v;
        else if (!strcmp(o, "--cwd")) cwd_dir = v;
        else if (!strcmp(o, "--stdin")) in_path = v;
        else if (!strcmp(o, "--stdout")) out_path = v;
        else if (!strcmp(o, "--stderr")) err_path = v;
        else if (!strcmp(o, "--meta")) meta_path = v;
        else if (!strcmp(o, "--env")) {
            if (envc >= MAX_ENV) die("too many --env entries");
            envp[envc++] = (char *)v;
        } else die("unknown option %s", o);
    }
    if (i >= argc) die("no program given");
    if ((run_uid >= 0 || chroot_dir || sysroot_dir || want_netns) && geteuid() != 0)
        die("--uid, --chroot, --sysroot and --netns need root");
    if (run_uid == 0) die("refusing to run a program as root");

    /* Orphans are re-parented to us, so nothing outlives the run unreaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) die("pipe: %s", strerror(errno));
    double start = now();
    pid_t pid = fork();
    if (pid < 0) die("fork: %s", strerror(errno));
    if (pid == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        close(pfd[0]);
        err_fd = pfd[1];
        child(argv + i);
    }
    close(pfd[1]);

    int status = 0, wall_killed = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    for (;;) {
        pid_t r = wait4(pid, &status, WNOHANG, &ru);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) die("wait4: %s", strerror(errno));
        double left = wall_limit > 0 ? wall_limit - (now() - start) : 3600.0;
        if (left <= 0) {
            wall_killed = 1;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            kill_uid();
            continue;
        }
        struct timespec ts = {(time_t)left, (long)((left - (time_t)left) * 1e9)};
        if (ts.tv_sec > 0 || ts.tv_nsec > 50000000) { ts.tv_sec = 0; ts.tv_nsec = 50000000; }
        sigtimedwait(&chld, NULL, &ts);
    }
    double wall = now() - start;
    /* Whatever the program left behind dies with it. */
    kill(-pid, SIGKILL);
    kill_uid();
    { /* reap every straggler; give killed ones a moment to finish dying */
        struct timespec ts = {0, 2000000};
        for (int k = 0; k < 50; k++) {
            pid_t r;
            while ((r = waitpid(-1, NULL, WNOHANG)) > 0) { }
            if (r < 0 && errno == ECHILD) break;
            nanosleep(&ts, NULL);
        }
    }

    char errbuf[300] = {0};
    ssize_t en = read(pfd[0], errbuf, sizeof errbuf - 1);
    if (en > 0) { errbuf[en] = 0; die("%s", errbuf); }

    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
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
    if (cpu_limit > 0 && (cpu > cpu_limit || sig == SIGXCPU)) { st = "TO"; snprintf(msg, sizeof msg, "CPU time limit exceeded"); }
    else if (wall_killed) { st = "WT"; snprintf(msg, sizeof msg, "wall time limit exceeded"); }

    FILE *f = meta_path ? fopen(meta_path, "w") : stdout;
    if (!f) die("cannot write meta file %s", meta_path);
    fprintf(f, "status:%s\nexitcode:%d\nexitsig:%d\ntime:%.3f\ntime-wall:%.3f\nmax-rss:%ld\n", st, code, sig, cpu,
            wall, ru.ru_maxrss);
    if (*msg) fprintf(f, "message:%s\n", msg);
    fclose(f);
    return 0;
}
