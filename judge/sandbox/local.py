"""The local sandbox: boxes are private host directories, every process goes through `boxrun`.

Needs no Docker. As root (CI, these machines) each box gets its own block of unprivileged uids, a
cgroup, a seccomp filter and network + IPC namespaces, and its programs are chrooted into their work
directory; these are prepared once per slot and reused box after box. As an ordinary user the limits
and the seccomp filter still apply but the rest is impossible, and the sandbox says what is missing.
"""
from __future__ import annotations

import fcntl
import itertools
import os
import select
import shutil
import stat
import subprocess
import tempfile
import threading
import time
import warnings
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

from judge.errors import JudgeError
from judge.sandbox.base import ProcessSpec, RunStats
from judge.sandbox.boxrun import boxrun_options, boxrun_path, parse_meta, stats_from_meta
from judge.sandbox.protections import CGROUP_PARENT, Protections, cgroup_dirs, probe, remove_cgroup
from judge.sandbox.uids import UidSlot, lock_dir

class BoxrunServer:
    """A long-lived `boxrun --serve` that runs one request at a time: the judge writes the options
    of a run down a pipe and reads its meta back, and boxrun forks the program itself, so a run
    costs one process spawn (the program's) instead of two and no exec of boxrun.

    It dies with the judge (its request pipe loses its writer: it kills the box through the cgroup
    first) and is restarted when it dies: a run it did not answer is run again, once."""

    def __init__(self, boxrun: Path, fds: Sequence[int] = ()):
        self.boxrun, self.fds = boxrun, tuple(fds)
        self.proc: subprocess.Popen | None = None
        self.to_server = self.from_server = -1
        self.restarts = 0  # how many times a dead server was replaced (tests look)

    def _start(self) -> None:
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        try:
            self.proc = subprocess.Popen([str(self.boxrun), "--serve"], stdin=req_r, stdout=resp_w,
                                         stderr=subprocess.DEVNULL, pass_fds=self.fds)  # fmt: skip
        except BaseException:
            for fd in (req_r, req_w, resp_r, resp_w):
                os.close(fd)
            raise
        os.close(req_r)
        os.close(resp_w)
        self.to_server, self.from_server = req_w, resp_r

    def _ask(self, request: bytes, timeout: float) -> str | None:
        """The answer to one request, or None when the server died before answering."""
        try:
            view = memoryview(request)
            while view:
                view = view[os.write(self.to_server, view):]
        except BrokenPipeError:
            return None
        answer = b""
        poller = select.poll()
        poller.register(self.from_server, select.POLLIN)
        deadline = time.monotonic() + timeout
        while not answer.endswith(b"\n\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(left * 1000):
                self.stop()  # boxrun itself hung: never expected
                raise JudgeError("sandbox runner did not finish")
            chunk = os.read(self.from_server, 65536)
            if not chunk:
                return None
            answer += chunk
        return answer.decode(errors="replace")

    def run(self, args: Sequence[str] | Callable[[], Sequence[str]], timeout: float,
            on_restart: Callable[[], None] | None = None) -> str:  # fmt: skip
        """Meta text of one run of `boxrun ARGS` (options, `--`, program and its arguments; a
        callable `args` is asked again, after `on_restart`, when a dead server is replaced)."""
        for attempt in range(2):
            request = b"".join(os.fsencode(a) + b"\0" for a in (args() if callable(args) else args))
            request = b"%d\n" % len(request) + request
            if self.proc is None:
                self._start()
            answer = self._ask(request, timeout)
            if answer is not None:
                return answer
            self.stop()  # died (killed, crashed): a fresh one runs the request again
            self.restarts += 1
            if on_restart is not None:
                on_restart()
        raise JudgeError("sandbox runner died twice in a row")

    def stop(self) -> None:
        """End the server: closing its request pipe makes it exit (killing any run in progress)."""
        for fd in (self.to_server, self.from_server):
            if fd >= 0:
                os.close(fd)
        self.to_server = self.from_server = -1
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


class _Slot:
    """What a box runs in, prepared once and reused box after box (as isolate reuses box ids): a
    block of uids, a cgroup, network + IPC namespaces held open by descriptor (creating a network
    namespace costs milliseconds, joining one microseconds), and a boxrun server that runs the
    slot's single-process runs."""

    def __init__(self, boxrun: Path, layers: Protections):
        self.uids = UidSlot()
        self.base = self.uids.base
        self.cgroup = f"{CGROUP_PARENT}/box-{self.base}" if layers.cgroup.available else None
        self.old_cgroups: list[str] = []
        self.extra_cgroups = 0  # runs of several processes used <cgroup>-0, -1, ...
        self.ns_fds: tuple[int, int] | None = None
        # Without seccomp a program could leave System V objects in a reused IPC namespace.
        if layers.namespaces.available and layers.seccomp.available:
            self.ns_fds = _hold_namespaces(boxrun)
        self.server = BoxrunServer(boxrun, self.ns_fds or ())

    def options(self) -> list[str]:
        opts = ["--cgroup", self.cgroup] if self.cgroup else []
        if self.ns_fds:
            opts += ["--netns-fd", str(self.ns_fds[0]), "--ipcns-fd", str(self.ns_fds[1])]
        else:
            opts.append("--netns")
        return opts

    def fresh_cgroup(self) -> None:
        """After the server died mid-run: go on in a new cgroup. The run's program died with it
        but became a child of the machine's init, and an init that does not reap (some containers
        and VMs) leaves a zombie that the pids controller counts until it is reaped."""
        if self.cgroup:
            self.old_cgroups.append(self.cgroup)
            remove_cgroup(self.cgroup)  # kills anything still alive; stays if a zombie pins it
            self.cgroup = f"{CGROUP_PARENT}/box-{self.base}-r{self.server.restarts}"

    def release(self) -> None:
        self.server.stop()
        if self.ns_fds:
            for fd in self.ns_fds:
                os.close(fd)
        for cgroup in ([self.cgroup] if self.cgroup else []) + self.old_cgroups:
            remove_cgroup(cgroup)
            for i in range(self.extra_cgroups):
                remove_cgroup(f"{cgroup}-{i}")
        self.uids.release()


_swept = False


def sweep_stale_cgroups() -> int:
    """Remove box cgroups whose slot no judge holds (left by judges that were killed), killing what
    still runs in them; once per process. Returns how many were removed."""
    global _swept
    if _swept:
        return 0
    _swept = True
    dirs = cgroup_dirs(CGROUP_PARENT)
    if not dirs or not dirs[0].is_dir():
        return 0
    removed = 0
    lock_dir().mkdir(mode=0o755, parents=True, exist_ok=True)
    for d in dirs[0].iterdir():
        base = d.name.removeprefix("box-").split("-")[0]
        if not d.is_dir() or not d.name.startswith("box-") or not base.isdigit():
            continue
        try:
            fd = os.open(lock_dir() / f"{base}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a live judge holds it
            os.close(fd)
            continue
        remove_cgroup(f"{CGROUP_PARENT}/{d.name}")
        removed += 1
        os.close(fd)
    return removed


def _hold_namespaces(boxrun: Path) -> tuple[int, int] | None:
    """Descriptors of a fresh, empty network namespace and IPC namespace (None if they cannot be made)."""
    sleep = shutil.which("sleep") or "/bin/sleep"
    holder = subprocess.Popen([str(boxrun), "--netns", "--seccomp", "none", "--", sleep, "60"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(500):
            try:
                child = Path(f"/proc/{holder.pid}/task/{holder.pid}/children").read_text().split()
            except OSError:
                child = []
            if child:
                own = os.readlink("/proc/self/ns/net")
                net = os.open(f"/proc/{child[0]}/ns/net", os.O_RDONLY | os.O_CLOEXEC)
                if os.readlink(f"/proc/{child[0]}/ns/net") != own:  # unshared already
                    ipc = os.open(f"/proc/{child[0]}/ns/ipc", os.O_RDONLY | os.O_CLOEXEC)
                    return net, ipc
                os.close(net)
            if holder.poll() is not None:
                return None
            time.sleep(0.002)
        return None
    finally:
        holder.kill()
        holder.wait()


class _Blobs:
    """Large files that many boxes receive (a program, a checker), written once and hard-linked
    into each box: no copy of a megabyte per test. Kept by the identity of the `bytes` object (held
    here, so the identity stays unique), the last KEEP of them. Only for confined boxes: a linked
    file is root's and read-only to every box uid, so no box can change what the next one gets."""

    MIN_SIZE = 64 << 10
    KEEP = 8

    def __init__(self, directory: Path):
        self.dir = directory
        self.files: dict[tuple[int, int], tuple[bytes, str]] = {}  # insertion order = age
        self.names = itertools.count()
        self.lock = threading.Lock()
        self.broken = False  # linking failed once (another filesystem): write instead

    def link(self, data: bytes, mode: int, dest: str) -> bool:
        """Make `dest` a read-only (`mode`) file holding `data`; False when it cannot be linked."""
        if self.broken or len(data) < self.MIN_SIZE:
            return False
        key = (id(data), mode)
        with self.lock:
            entry = self.files.get(key)
            if entry is None or entry[0] is not data:
                blob = str(self.dir / f"blob-{next(self.names)}")
                fd = os.open(blob, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
                try:
                    _write_all(fd, data, mode)
                finally:
                    os.close(fd)
                entry = self.files[key] = (data, blob)
                while len(self.files) > self.KEEP:
                    _, old = self.files.pop(next(iter(self.files)))
                    os.unlink(old)  # boxes that hold a link keep the file
            try:  # under the lock: the blob cannot be evicted meanwhile
                try:
                    os.link(entry[1], dest)
                except FileExistsError:
                    os.unlink(dest)
                    os.link(entry[1], dest)
            except FileNotFoundError:  # dest's directory: the caller makes it
                raise
            except OSError:  # another file system, a full one...: write instead from now on
                self.broken = True
                return False
        return True

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class _Spares:
    """Empty directories kept for reuse. Creating and removing a directory costs a block
    allocation and, on a file system mounted with `discard`, a synchronous discard each (ext4), so
    boxes take their root and subdirectories from here and give them back emptied. Only
    directories the judge owns come back (a box uid could have left an ACL on its own)."""

    KEEP = 64

    def __init__(self, directory: Path):
        self.dir = str(directory)
        self.names: list[str] = []
        self.count = itertools.count()
        self.lock = threading.Lock()

    def take(self, dest: str) -> bool:
        """Move a spare directory to `dest` (which must not exist); False when there is none."""
        with self.lock:
            if not self.names:
                return False
            name = self.names.pop()
        try:
            os.rename(f"{self.dir}/{name}", dest)
        except OSError:
            _remove_tree(f"{self.dir}/{name}")
            return False
        return True

    def park(self, name: str, dir_fd: int) -> None:
        """Keep the emptied directory `name` of `dir_fd` (remove it when enough are kept)."""
        with self.lock:
            spare = f"d{next(self.count)}" if len(self.names) < self.KEEP else None
        try:
            if spare is None:
                raise OSError("enough spares")
            os.rename(name, f"{self.dir}/{spare}", src_dir_fd=dir_fd)
        except OSError:
            os.rmdir(name, dir_fd=dir_fd)
            return
        with self.lock:
            self.names.append(spare)


def _empty(dir_fd: int, spares: _Spares | None) -> None:
    """Remove everything in the directory `dir_fd`, never following a symbolic link (a program
    may plant one): files are unlinked, directories emptied the same way and parked or removed."""
    with os.scandir(dir_fd) as entries:
        names = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
    euid = os.geteuid()
    for name, is_dir in names:
        try:
            if not is_dir:
                os.unlink(name, dir_fd=dir_fd)
                continue
            sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
            try:
                _empty(sub, spares)
                mine = os.fstat(sub).st_uid == euid
            finally:
                os.close(sub)
            if spares is not None and mine:
                spares.park(name, dir_fd)
            else:
                os.rmdir(name, dir_fd=dir_fd)
        except OSError:  # gone meanwhile, or replaced: as rmtree(ignore_errors=True)
            pass


def _remove_tree(path: str, spares: _Spares | None = None) -> None:
    """rm -rf PATH (parking its directories in `spares`), never following a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return
    try:
        _empty(fd, spares)
        mine = os.fstat(fd).st_uid == os.geteuid()
    finally:
        os.close(fd)
    parent, name = os.path.split(path)
    try:
        pfd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if spares is not None and mine:
            spares.park(name, pfd)
        else:
            os.rmdir(name, dir_fd=pfd)
    except OSError:
        pass
    finally:
        os.close(pfd)


def _write_all(fd: int, data: bytes, mode: int) -> None:
    """Write all of `data` to the new file `fd`, then give it `mode` (it was created private)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fchmod(fd, mode)


class LocalBox:
    def __init__(self, root: Path, confined: bool, boxrun: Path, slot: _Slot | None, blobs: _Blobs | None = None,
                 spares: _Spares | None = None, resolved: bool = False):  # fmt: skip
        self.root = root
        self._root = str(root.resolve()) if not resolved else str(root)
        self.confined = confined
        self.boxrun = boxrun
        self.slot = slot
        self.blobs = blobs
        self.spares = spares

    def _path(self, name: str) -> Path:
        return Path(self._where(name))

    def _where(self, name: str) -> str:
        """The host path of box file `name`, which must stay inside the box: no absolute name, no
        `..`, and no symbolic link on the way that leads out (a program may plant one)."""
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if name.startswith("/") or ".." in parts:
            raise ValueError(f"path {name!r} leaves the box")
        path = self._root
        for part in parts:
            path = f"{path}/{part}"
            try:
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    return self._resolved(name)
            except (FileNotFoundError, NotADirectoryError):
                break  # nothing below exists yet: no link to follow
        return "/".join([self._root, *parts])

    def _resolved(self, name: str) -> str:
        path = (Path(self._root) / name).resolve()
        if Path(self._root) not in (path, *path.parents):
            raise ValueError(f"path {name!r} leaves the box")
        return str(path)

    def _own(self, path: Path, owner: int | None) -> None:
        if owner is not None and self.slot is not None:
            uid = self.slot.uids.uid(owner)
            os.chown(path, uid, uid)

    def mkdir(self, name: str, owner: int | None = None) -> None:
        path = self._where(name)
        if self.spares is not None and not os.path.lexists(path) and os.path.isdir(os.path.dirname(path)) \
                and self.spares.take(path):  # fmt: skip
            pass  # a spare is the judge's, as a new directory would be
        else:
            os.makedirs(path, exist_ok=True)
        os.chmod(path, 0o700 if owner is not None else 0o755)
        self._own(Path(path), owner)

    def write(self, name: str, data: bytes, executable: bool = False) -> None:
        path = self._where(name)
        mode = 0o755 if executable else 0o644
        if self.blobs is not None:
            try:
                if self.blobs.link(data, mode, path):
                    return
            except FileNotFoundError:  # its directory does not exist yet
                os.makedirs(os.path.dirname(path), exist_ok=True)
                if self.blobs.link(data, mode, path):
                    return
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            _write_all(fd, data, mode)
        finally:
            os.close(fd)

    def read(self, name: str, limit: int | None = None) -> bytes:
        try:  # non-blocking: a FIFO reads as nothing rather than waiting for a writer
            fd = os.open(self._where(name), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            return b""
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return b""
            return f.read(-1 if limit is None else limit)

    def read_at(self, name: str, offset: int, size: int) -> bytes:
        try:
            fd = os.open(self._where(name), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            return b""
        try:
            return os.pread(fd, size, offset) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
        finally:
            os.close(fd)

    def write_file(self, name: str, path: Path, executable: bool = False) -> None:
        dest = self._where(name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(path, dest)  # copy_file_range/sendfile: no bytes in user space
        os.chmod(dest, 0o755 if executable else 0o644)

    def host_path(self, name: str) -> Path | None:
        return Path(self._where(name))

    def exists(self, name: str) -> bool:
        return self._path(name).exists()

    def mkfifo(self, name: str, owner: int | None = None) -> None:
        path = self._path(name)
        os.mkfifo(path, 0o600)
        self._own(path, owner)

    def _command(self, spec: ProcessSpec, extra: list[str]) -> list[str]:
        cmd = [str(self.boxrun), *boxrun_options(spec), *extra]
        workdir = self._path(spec.workdir)
        argv = list(spec.argv)
        if self.confined:
            assert self.slot is not None
            uid = self.slot.uids.uid(spec.identity)
            cmd += ["--uid", str(uid), "--gid", str(uid)]
            cmd += ["--chroot", str(workdir)] if spec.confine == "chroot" else ["--sysroot", str(workdir)]
        else:
            cmd += ["--cwd", str(workdir)]
            if spec.confine == "chroot" and argv and argv[0].startswith("/"):
                argv[0] = str(workdir / argv[0].lstrip("/"))
        for flag, name in (("--stdin", spec.stdin), ("--stdout", spec.stdout), ("--stderr", spec.stderr)):
            if name is not None:
                cmd += [flag, str(self._path(name))]
        return [*cmd, "--", *argv]

    def run(self, specs: Sequence[ProcessSpec]) -> list[RunStats]:
        extra, fds = [], ()
        if self.slot is not None and len(specs) == 1:  # the slot's server: no boxrun spawned
            slot = self.slot
            meta = slot.server.run(lambda: self._command(specs[0], slot.options())[1:],
                                   timeout=specs[0].limits.wall_s + 30, on_restart=slot.fresh_cgroup)  # fmt: skip
            return [stats_from_meta(parse_meta(meta))]
        if self.slot is not None:
            extra = self.slot.options()
            fds = self.slot.ns_fds or ()
            if len(specs) > 1 and self.slot.cgroup:
                self.slot.extra_cgroups = max(self.slot.extra_cgroups, len(specs))
        procs = [
            subprocess.Popen(self._command(s, self._extra_for(extra, i, len(specs))), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, pass_fds=fds)
            for i, s in enumerate(specs)
        ]  # fmt: skip
        outputs = []
        for spec, proc in zip(specs, procs):
            try:
                out, _ = proc.communicate(timeout=spec.limits.wall_s + 30)
            except subprocess.TimeoutExpired:  # boxrun itself hung: never expected
                for p in procs:
                    p.kill()
                raise JudgeError("sandbox runner did not finish") from None
            outputs.append(out)
        return [stats_from_meta(parse_meta(out)) for out in outputs]

    @staticmethod
    def _extra_for(extra: list[str], index: int, count: int) -> list[str]:
        """Each process of a run gets its own cgroup (`<slot>-<index>` when there are several): a
        manager must not share the contestants' memory limit, nor they each other's."""
        if count == 1 or "--cgroup" not in extra:
            return extra
        out = list(extra)
        i = out.index("--cgroup")
        out[i + 1] = f"{out[i + 1]}-{index}"
        return out

    def close(self) -> None:
        _remove_tree(self._root, self.spares)


class LocalSandbox:
    """Runs boxes on this machine. `workers` defaults to the number of cores."""

    name = "local"

    def __init__(self, workers: int | None = None, base_dir: Path | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.confined = os.geteuid() == 0
        self.base_dir = base_dir or Path(tempfile.gettempdir()) / "ioi-agent-boxes"
        self.base_dir.mkdir(mode=0o711, exist_ok=True)
        self.base_dir = self.base_dir.resolve()
        self.boxrun = boxrun_path()
        self.layers = probe(self.boxrun)
        if self.layers.warning():
            warnings.warn(self.layers.warning() + " (`ioi-agent doctor` explains; the docker backend "
                          "isolates hostile code as an ordinary user)", stacklevel=2)  # fmt: skip
        if self.confined and self.layers.cgroup.available:
            sweep_stale_cgroups()
        self._free: list[_Slot] = []
        self._all: list[_Slot] = []
        self._cond = threading.Condition()
        self._create = threading.Lock()
        self._blobs = self._spares = None
        if self.confined:  # (a box uid cannot change what the judge owns; the judge's own uid could)
            _sweep_dead_stores(self.base_dir)
            pid = os.getpid()
            self._blobs = _Blobs(Path(tempfile.mkdtemp(prefix=f".blobs-{pid}-", dir=self.base_dir)))
            self._spares = _Spares(Path(tempfile.mkdtemp(prefix=f".spare-{pid}-", dir=self.base_dir)))
        self._names = itertools.count()
        self._finalizer = weakref.finalize(self, _release_all, self._all, self._blobs, self._spares)

    def _take(self) -> _Slot | None:
        """A prepared slot: a free one of ours, else a new one, else (every uid slot on the machine
        taken) wait until one of ours comes back."""
        if not self.confined:
            return None
        with self._cond:
            if self._free:
                return self._free.pop()
        with self._create:  # one at a time, so a failure sees every slot made before it
            try:
                slot = _Slot(self.boxrun, self.layers)
            except JudgeError:
                slot = None
            with self._cond:
                if slot is not None:
                    self._all.append(slot)
                    return slot
                if not self._all:
                    raise JudgeError(f"no free sandbox uid slot (see `ioi-agent doctor`, lock dir {lock_dir()})")
        with self._cond:
            while not self._free:
                self._cond.wait()
            return self._free.pop()

    def _give_back(self, slot: _Slot | None) -> None:
        if slot is not None:
            with self._cond:
                self._free.append(slot)
                self._cond.notify()

    @contextmanager
    def box(self) -> Iterator[LocalBox]:
        slot = self._take()
        try:
            root = self._new_root()
            box = LocalBox(root, self.confined, self.boxrun, slot, self._blobs, self._spares, resolved=True)
            try:
                yield box
            finally:
                box.close()
        finally:
            self._give_back(slot)

    def _new_root(self) -> Path:
        """A fresh, empty box directory (a spare one renamed when there is one), mode 711."""
        if self._spares is not None:
            root = f"{self.base_dir}/box-{os.getpid()}-{next(self._names)}"
            if self._spares.take(root):
                os.chmod(root, 0o711)
                return Path(root)
        root = tempfile.mkdtemp(prefix="box-", dir=self.base_dir)
        os.chmod(root, 0o711)
        return Path(root)

    def close(self) -> None:
        """Release every prepared slot (also done when the sandbox is garbage-collected or at exit)."""
        self._finalizer()


def _sweep_dead_stores(base: Path) -> None:
    """Remove what judges that were killed left in `base`: blob stores, spare directories and
    recycled boxes are named after their process, and one whose process is gone is removed."""
    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        kind, _, rest = name.partition("-")
        pid, sep, _ = rest.partition("-")  # (a box from mkdtemp, box-XXXXXXXX, has no second dash)
        if kind in (".blobs", ".spare", "box") and sep and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            _remove_tree(str(base / name))


def _release_all(slots: list[_Slot], blobs: _Blobs | None = None, spares: _Spares | None = None) -> None:
    while slots:
        slots.pop().release()
    if blobs is not None:
        blobs.close()
    if spares is not None:
        _remove_tree(spares.dir)
