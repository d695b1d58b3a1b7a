"""The Docker sandbox: boxes live in a pool of long-lived, locked-down worker containers.

A `docker exec` per run costs ~75 ms and a `docker run` ~300 ms, so each worker container keeps one
runner process (sandbox/runner.py, baked into the image), started by one `docker exec`; box
operations and boxrun invocations travel to it as JSON lines, over a unix socket in a private host
directory bind-mounted into the worker (the attached exec stream, relayed by dockerd and
containerd-shim, when the daemon is remote). A test costs one round trip (see DockerBox). Containers have no network, a
read-only root, tmpfs work areas, no capabilities beyond what boxrun needs to chroot and drop to
per-box uids, no-new-privileges, and pids and memory limits.

Inside a worker every box is isolated as on the local backend: boxrun gives each run a user
namespace owning fresh network, IPC and mount namespaces (the compiler sees a read-only system root
plus its box, not the container), the seccomp filter, and, when the host lets the judge make one, a
cgroup per box under the worker's own (`worker_cgroup`), which charges tmpfs and memfd pages to the
box. The container runs without Docker's seccomp profile (it forbids the user namespace); boxrun's
own filter covers every process of a box.

Workers never outlive their judge: the judge removes them at exit (also on Ctrl-C and SIGTERM), and
a judge starting up removes the workers of judges on this host that died without doing so (SIGKILL).

A box remembers its mutating operations, so when its worker dies or stops answering the worker is
replaced, the box is rebuilt on the new one and the failed operation retried once.
"""
from __future__ import annotations

import atexit
import base64
import functools
import hashlib
import itertools
import json
import logging
import os
import posixpath
import shutil
import signal
import socket
import struct
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from judge.errors import JudgeError
from judge.sandbox.base import ProcessSpec, RunStats
from judge.sandbox.boxrun import boxrun_options, parse_meta, stats_from_meta
from judge.sandbox.protections import CGROUP_ROOT, V1_CONTROLLERS, cgroup_version
from judge.sandbox.uids import UidSlot

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNNER = "/opt/ioi-agent/sandbox/runner.py"
RUNNER_DIR = "/run/ioi-runner"  # inside a worker: where its runner listens (a host directory, bind-mounted)
RUNNER_DIR_PREFIX = "ioi-agent-runner-"  # host: <tempdir>/<this><container name>
BOXRUN = "/usr/local/bin/boxrun"
LABEL = "io.ioi-agent.sandbox-worker"  # value: the owning judge's pid
HOST_LABEL = "io.ioi-agent.host"  # the owner's machine (hostname and boot id)
START_LABEL = "io.ioi-agent.owner-start"  # the owner's start time, so a reused pid is not mistaken for it
WORKER_CGROUPS = "ioi-agent-workers"  # host cgroup parent of worker containers: <this>/<container name>
BOX_CGROUP_ROOT = "/run/ioi-cgroup"  # where a worker sees its cgroup directory (or directories, v1)
# What boxrun needs: become per-box uids, chroot, hand files to those uids, reach their files, kill them;
# and NET_ADMIN for the runner to take the loopback down once. Programs run as non-root uids under
# no-new-privileges, so none of these reach them.
# SETFCAP: mapping root into a box's user namespace needs it (Linux 5.12+); root there only builds
# the box's file system view before boxrun drops to the box uid.
CAPABILITIES = ["SETUID", "SETGID", "SYS_CHROOT", "CHOWN", "FOWNER", "DAC_OVERRIDE", "KILL", "NET_ADMIN", "SETFCAP"]
# Docker's default seccomp profile forbids creating user namespaces, which boxrun needs to give each
# box its own network, IPC and mount namespaces without CAP_SYS_ADMIN; boxrun filters every box.
SECURITY_OPT = ["no-new-privileges", "seccomp=unconfined"]
OP_TIMEOUT_S = 60.0
CACHE_MIN_BYTES = 64 * 1024  # smaller files travel inline every time
CHUNK = 1 << 20  # outputs and large files travel in chunks of this size
READ_CHUNK = 4 << 20  # a read of a whole file (an executable) takes pieces this large: the runner's most


class WorkerFailed(Exception):
    """The worker container died or stopped answering; the box moves to a fresh one."""


def image_tag() -> str:
    """The image reference sandbox/build-image.sh builds: a hash of sandbox/ and boxrun.c.

    IOI_SANDBOX_IMAGE overrides it (e.g. for an installed, non-editable package)."""
    if os.environ.get("IOI_SANDBOX_IMAGE"):
        return os.environ["IOI_SANDBOX_IMAGE"]
    files = [
        p.relative_to(REPO_ROOT).as_posix()
        for p in (REPO_ROOT / "sandbox").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    files.append("judge/sandbox/boxrun.c")
    lines = "".join(
        f"{hashlib.sha256((REPO_ROOT / f).read_bytes()).hexdigest()}  {f}\n"
        for f in sorted(files, key=lambda s: s.encode())
    )
    repo = os.environ.get("IOI_SANDBOX_IMAGE_REPO", "ioi-agent-sandbox")
    return f"{repo}:{hashlib.sha256(lines.encode()).hexdigest()[:16]}"


def _client():
    import docker  # optional dependency: only this backend needs it

    return docker.from_env(timeout=120)


def docker_available(image: str | None = None) -> bool:
    """True when a Docker daemon answers and holds the sandbox image."""
    try:
        client = _client()
        client.ping()
        client.images.get(image or image_tag())
        return True
    except Exception:  # no SDK, no daemon, no image: all mean "use another backend"
        return False


def _bytes(size: str) -> int:
    """Docker's memory notation ('4g', '512m', '1024') in bytes."""
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    size = size.strip().lower()
    return int(size[:-1]) * units[size[-1]] if size[-1] in units else int(size)


@functools.lru_cache(maxsize=1)
def host_id() -> str:
    """This machine, as worker labels name it: a pid means something only on the host that owns it."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot = "unknown-boot"
    return f"{socket.gethostname()}/{boot}"


def _start_time(pid: int) -> str | None:
    """A process's start time (clock ticks since boot), or None if it does not exist."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def owner_labels() -> dict[str, str]:
    return {LABEL: str(os.getpid()), HOST_LABEL: host_id(), START_LABEL: _start_time(os.getpid()) or ""}


def _daemon_is_local() -> bool:
    host = os.environ.get("DOCKER_HOST", "")
    return host == "" or host.startswith("unix://")


def owner_alive(labels: dict[str, str]) -> bool | None:
    """Whether a worker's judge still runs: None when it ran on another host (not ours to judge)."""
    host = labels.get(HOST_LABEL)
    if host is None:  # workers of older versions: only the pid was recorded
        if not _daemon_is_local():
            return None
    elif host != host_id():
        return None
    try:
        pid = int(labels.get(LABEL, ""))
    except ValueError:
        return False
    started = _start_time(pid)
    if started is None:
        return False
    return not labels.get(START_LABEL) or labels[START_LABEL] == started


def reap_orphan_workers(client) -> list[str]:
    """Remove the worker containers (and their cgroups) of judges on this host that are gone."""
    removed = []
    for c in client.containers.list(all=True, filters={"label": LABEL}):
        if owner_alive(c.labels) is False:
            try:
                c.remove(force=True)
            except Exception:  # removed meanwhile by someone else
                continue
            removed.append(c.name)
            remove_worker_cgroup(c.name)
    names = {c.name for c in client.containers.list(all=True, filters={"label": LABEL})}
    _reap_runner_dirs(names)
    live = names | {n.replace("-", "") for n in names}  # the systemd layout's names have no dashes
    for name in _worker_cgroup_names():  # worker cgroups whose container is gone (the judge died mid-removal)
        if name not in live:
            remove_worker_cgroup(name)
    if removed:
        log.info("docker sandbox: removed %d workers of judges that died: %s", len(removed), ", ".join(removed))
    return removed


# Where a worker's cgroup lives, relative to a hierarchy's root: the container's own cgroup and its
# boxes' are children of it, so the box cgroups are the container's siblings under a parent that is
# limited as the whole worker. With the cgroupfs driver that parent is WORKER_CGROUPS/<name>; with
# the systemd driver Docker wants a slice, and a dash in a slice's name means nesting, so it is
# SLICE.slice/SLICE-<name without dashes>.slice (the container is docker-<id>.scope inside).
SLICE = "ioiagent"
DRIVERS = ("cgroupfs", "systemd")


def _slice_unit(name: str) -> str:
    return f"{SLICE}-{name.replace('-', '')}.slice"


def worker_cgroup_rel(name: str, driver: str) -> str:
    """A worker's cgroup directory, relative to the hierarchy root, under the daemon's cgroup driver."""
    return f"{SLICE}.slice/{_slice_unit(name)}" if driver == "systemd" else f"{WORKER_CGROUPS}/{name}"


def cgroup_parent_option(name: str, driver: str) -> str:
    """Docker's --cgroup-parent for a worker: a slice unit (systemd) or an absolute path (cgroupfs)."""
    return _slice_unit(name) if driver == "systemd" else "/" + worker_cgroup_rel(name, driver)


def parse_proc_cgroup(text: str) -> dict[str, str]:
    """A process's cgroups from /proc/<pid>/cgroup: controller -> path (v1, every controller of a
    combined hierarchy such as cpu,cpuacct), and "" -> path for the v2 unified hierarchy."""
    paths: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hid, controllers, path = parts
        if hid == "0" and controllers == "":
            paths[""] = path
        for c in controllers.split(","):
            if c and not c.startswith("name="):
                paths[c] = path
    return paths


def container_cgroup_parent(text: str, version: str | None) -> str | None:
    """The cgroup (relative to the hierarchy root) holding a container's own, read from the host's
    /proc/<its pid>/cgroup, where its boxes' cgroups go; None when its memory and pids cgroups differ
    (v1), it sits in a root, or the host has no usable hierarchy."""
    paths = parse_proc_cgroup(text)
    if version == "v2":
        own = paths.get("")
    elif version == "v1":
        found = {paths.get("memory"), paths.get("pids")}
        own = found.pop() if len(found) == 1 else None
    else:
        return None
    if not own or own.strip("/") == "":
        return None
    parent = posixpath.dirname(own.rstrip("/")).strip("/")
    return parent or None


def _v1_dirs(root: Path) -> list[str]:
    return [c for c in V1_CONTROLLERS if (root / c).is_dir()]


def worker_cgroup_dirs(name: str, driver: str, root: Path = CGROUP_ROOT,
                       version: str | None = None) -> list[tuple[Path, str]]:  # fmt: skip
    """(host directory, path inside the worker) of a worker's cgroup in every hierarchy."""
    version = version or cgroup_version(root)
    rel = worker_cgroup_rel(name, driver)
    if version == "v2":
        return [(root / rel, BOX_CGROUP_ROOT)]
    if version == "v1":
        return [(root / c / rel, f"{BOX_CGROUP_ROOT}/{c}") for c in _v1_dirs(root)]
    return []


def _worker_cgroup_names(root: Path = CGROUP_ROOT) -> set[str]:
    """Names of the workers that have a cgroup on this host, under either driver's layout (the
    systemd one keeps the name without dashes, which is how it is compared)."""
    version = cgroup_version(root)
    base = root if version == "v2" else root / "memory" if version == "v1" else None
    if base is None:
        return set()
    names = {d.name for d in (base / WORKER_CGROUPS).glob("ioi-box-*") if d.is_dir()}
    names |= {d.name[len(SLICE) + 1 : -len(".slice")] for d in (base / f"{SLICE}.slice").glob(f"{SLICE}-*.slice")
              if d.is_dir()}  # fmt: skip
    return names


def docker_cgroup_driver(client) -> str:
    """The daemon's cgroup driver ("cgroupfs" or "systemd"), asked once per client."""
    driver = getattr(client, "_ioi_cgroup_driver", None)
    if driver is None:
        driver = client.info().get("CgroupDriver", "")
        client._ioi_cgroup_driver = driver
    return driver


def worker_cgroup_support(client) -> tuple[bool, str]:
    """Whether workers can get a cgroup of their own for their boxes, and if not why."""
    if os.geteuid() != 0:
        return False, "the judge is not root, so it cannot create host cgroups for its workers"
    if cgroup_version() is None:
        return False, f"no cgroup v1 or v2 memory+pids hierarchy at {CGROUP_ROOT}"
    try:
        driver = docker_cgroup_driver(client)
    except Exception as e:
        return False, f"docker info failed: {e}"
    if driver not in DRIVERS:
        return False, f"the Docker daemon's cgroup driver is {driver!r} (per-box cgroups need cgroupfs or systemd)"
    where = worker_cgroup_rel("<worker>", driver)
    return True, f"{cgroup_version()}, {driver} driver: under {CGROUP_ROOT}/.../{where}"


_cgroup_warned = False


def _warn_no_box_cgroups(reason: str) -> None:
    global _cgroup_warned
    if not _cgroup_warned:
        _cgroup_warned = True
        log.warning("docker sandbox: boxes get no cgroup of their own (%s): a box's memory is limited by its "
                    "address space only, memfd_create is denied, and its processes are killed one by one; "
                    "`ioi-agent doctor` explains", reason)  # fmt: skip


def worker_cgroup(client, name: str, mem_bytes: int, pids: int) -> list[tuple[Path, str]] | None:
    """Create the host cgroup a worker container lives in and its boxes get theirs under, limited as
    the whole worker is (the boxes are not under the container's own cgroup). None when impossible."""
    ok, reason = worker_cgroup_support(client)
    if not ok:
        _warn_no_box_cgroups(reason)
        return None
    driver = docker_cgroup_driver(client)
    dirs = worker_cgroup_dirs(name, driver)
    try:
        for host, _ in dirs:
            host.mkdir(parents=True, exist_ok=True)
        _weigh_workers(driver)
        if cgroup_version() == "v2":  # controllers must be delegated down to the worker's directory
            rel = Path(worker_cgroup_rel(name, driver))
            for d in [CGROUP_ROOT, *(CGROUP_ROOT / p for p in reversed(rel.parents) if str(p) != "."), CGROUP_ROOT / rel]:
                (d / "cgroup.subtree_control").write_text("+memory +pids")
        for host, _ in dirs:
            files = {"memory.limit_in_bytes": mem_bytes, "memory.memsw.limit_in_bytes": mem_bytes,
                     "pids.max": pids, "memory.max": mem_bytes, "memory.swap.max": 0}  # fmt: skip
            for file, value in files.items():
                if (host / file).exists():
                    try:
                        (host / file).write_text(str(value))
                    except OSError:
                        pass  # memsw without swap accounting
    except OSError as e:
        log.warning("docker sandbox: no cgroup for worker %s: %s", name, e)
        _warn_no_box_cgroups(str(e))
        remove_worker_cgroup(name)
        return None
    return dirs


def container_in_worker_cgroup(container, name: str, driver: str) -> bool:
    """Whether Docker put the container where its boxes' cgroups are (checked from the container's
    own /proc/<pid>/cgroup as the host sees it, never assumed from the driver's name)."""
    try:
        container.reload()
        pid = container.attrs["State"]["Pid"]
        text = Path(f"/proc/{pid}/cgroup").read_text()
    except (OSError, KeyError, Exception):  # the SDK's errors, a pid that is gone
        return False
    return container_cgroup_parent(text, cgroup_version()) == worker_cgroup_rel(name, driver)


def _weigh_workers(driver: str) -> None:
    """All workers share one CPU-scheduling group (their cgroup parent); give it the weight of one
    process per core, or under load it counts as a single process against every other one and a
    worker's runs crawl into wall-time limits."""
    n = os.cpu_count() or 1
    version = cgroup_version()
    parent = Path(worker_cgroup_rel("x", driver)).parent
    target = (CGROUP_ROOT / "cpu" / parent / "cpu.shares", str(1024 * n)) if version == "v1" else \
        (CGROUP_ROOT / parent / "cpu.weight", str(min(10000, 100 * n)))
    try:
        target[0].parent.mkdir(exist_ok=True)
        target[0].write_text(target[1])
    except OSError:  # no cpu controller there: the default weight stays
        pass


def remove_worker_cgroup(name: str) -> None:
    """rmdir a worker's host cgroup, its box cgroups first (all empty once the container is gone),
    under whichever driver's layout it has."""
    for driver in DRIVERS:
        for host, _ in worker_cgroup_dirs(name, driver):
            if not host.is_dir():
                continue
            for _ in range(50):  # Docker removes the container's own cgroup a moment after the container
                for child in [p for p in host.iterdir() if p.is_dir()]:
                    try:
                        child.rmdir()
                    except OSError:
                        pass
                try:
                    host.rmdir()
                    break
                except OSError:
                    time.sleep(0.02)


def _runner_dir(name: str) -> Path | None:
    """A private host directory for the runner's socket of worker `name` (bind-mounted at
    RUNNER_DIR), or None when the daemon is not on this machine or IOI_DOCKER_ATTACHED is set (then
    the attached exec stream serves)."""
    if not _daemon_is_local() or os.environ.get("IOI_DOCKER_ATTACHED"):
        return None
    d = Path(tempfile.gettempdir()) / f"{RUNNER_DIR_PREFIX}{name}"
    try:
        d.mkdir(mode=0o700)
    except OSError as e:
        log.warning("docker sandbox: no runner socket directory %s (%s): using the attached stream", d, e)
        return None
    return d


def _reap_runner_dirs(live: set[str]) -> None:
    """Remove runner socket directories whose worker container is gone."""
    for d in Path(tempfile.gettempdir()).glob(f"{RUNNER_DIR_PREFIX}ioi-box-*"):
        name = d.name[len(RUNNER_DIR_PREFIX):]
        try:
            owner = int(name.split("-")[2])
        except (IndexError, ValueError):
            continue
        if name not in live and (owner == os.getpid() or _start_time(owner) is None):
            shutil.rmtree(d, ignore_errors=True)


class _Worker:
    """One container and the runner attached to it; requests are multiplexed by id."""

    def __init__(self, client, image: str, index: int, mem_limit: str, pids_limit: int):
        self.index = index
        name = f"ioi-box-{os.getpid()}-{index}-{os.urandom(3).hex()}"
        self.cgroup = worker_cgroup(client, name, _bytes(mem_limit), pids_limit)
        extra: dict[str, Any] = {}
        if self.cgroup is not None:
            extra["cgroup_parent"] = cgroup_parent_option(name, docker_cgroup_driver(client))
            extra["volumes"] = {str(host): {"bind": inner, "mode": "rw"} for host, inner in self.cgroup}
            if cgroup_version() == "v2":
                extra["cgroupns"] = "host"
        self.sockdir = _runner_dir(name)
        if self.sockdir is not None:
            extra.setdefault("volumes", {})[str(self.sockdir)] = {"bind": RUNNER_DIR, "mode": "rw"}
        self.container = client.containers.run(
            image,
            ["sleep", "infinity"],
            detach=True,
            auto_remove=True,
            init=True,  # reaps what boxrun's killed namespace holders leave (zombies of pid 1 otherwise)
            network_mode="none",
            read_only=True,
            # /box as large as the worker's memory: its pages are the worker's memory (each box's
            # charged to the box's cgroup), so it cannot fill before that does (see DockerBox)
            tmpfs={"/box": f"rw,exec,nosuid,nodev,mode=755,size={_bytes(mem_limit)}",
                   "/tmp": "rw,exec,nosuid,nodev,mode=1777,size=1g"},
            cap_drop=["ALL"],
            cap_add=CAPABILITIES,
            security_opt=SECURITY_OPT,
            pids_limit=pids_limit,
            mem_limit=mem_limit,
            memswap_limit=mem_limit,
            labels=owner_labels(),
            name=name,
            **extra,
        )
        _live_workers[self.container.id] = self
        if self.cgroup is not None and not container_in_worker_cgroup(self.container, name, docker_cgroup_driver(client)):
            _warn_no_box_cgroups(f"Docker did not put worker {name} under {worker_cgroup_rel(name, docker_cgroup_driver(client))}")
            self.cgroup = None  # its boxes run without: they could not be charged with the worker
        argv = ["python3", "-u", RUNNER] + (["--listen", f"{RUNNER_DIR}/sock"] if self.sockdir is not None else [])
        exec_id = client.api.exec_create(self.container.id, argv, stdin=True)["Id"]
        self.attached = client.api.exec_start(exec_id, socket=True)._sock
        self.attached.settimeout(None)
        self.sock, self.framed = self.attached, True
        if self.sockdir is not None:
            self._connect_direct()
        self.alive = True
        self.boxes = 0
        self.cached: set[str] = set()  # contents this worker's runner holds (it may evict: "miss")
        self.ids = itertools.count()
        self.requests = 0  # requests sent (round trips): what a test pays most for
        self.closes: list[int] = []  # boxes to remove, sent with the next request
        self.pending: dict[int, Future] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self._read_loop, daemon=True, name=f"docker-worker-{index}").start()

    def _connect_direct(self) -> None:
        """Talk to the runner over a unix socket in a host directory bind-mounted into the container,
        not through dockerd and containerd-shim (two relays each way: most of a round trip's cost).
        The runner's first line on the attached stream says whether it listens; if not, it serves
        the attached stream as before."""
        line = bytearray()
        while not line.endswith(b"\n"):
            kind, size = struct.unpack(">BxxxL", self._read_exact(8))
            data = self._read_exact(size)
            if kind == 1:
                line += data
            else:
                log.warning("docker worker %d: %s", self.index, data.decode(errors="replace").strip())
        if line.strip() != b"listening":
            log.info("docker worker %d: runner serves the attached stream (%s)", self.index, line.strip().decode())
            return
        direct = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            direct.connect(str(self.sockdir / "sock"))
        except OSError as e:
            direct.close()
            raise WorkerFailed(f"cannot connect to the runner's socket: {e}") from e
        self.sock, self.framed = direct, False

    def _read_exact(self, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(min(n - len(buf), 1 << 20))
            if not chunk:
                raise EOFError
            buf += chunk
        return bytes(buf)

    def _read_loop(self) -> None:
        """Dispatch answer lines: from the direct socket as they come, from the attached stream out
        of Docker's frames (8-byte header; stderr frames mean the runner itself failed)."""
        pending = bytearray()
        try:
            while True:
                if self.framed:
                    kind, size = struct.unpack(">BxxxL", self._read_exact(8))
                    data = self._read_exact(size)
                    if kind != 1:
                        log.warning("docker worker %d: %s", self.index, data.decode(errors="replace").strip())
                        continue
                else:
                    data = self.sock.recv(1 << 20)
                    if not data:
                        raise EOFError
                pending += data
                while (end := pending.find(b"\n")) >= 0:
                    line, pending = pending[:end], pending[end + 1 :]
                    reply = json.loads(line)
                    with self.lock:
                        fut = self.pending.pop(reply["id"], None)
                    if fut is not None:
                        fut.set_result(reply)
        except (OSError, EOFError, ValueError):
            pass
        self._fail()

    def _fail(self) -> None:
        with self.lock:
            self.alive = False
            futures, self.pending = list(self.pending.values()), {}
        for fut in futures:
            if not fut.done():
                fut.set_exception(WorkerFailed(f"worker {self.index} died"))

    def submit(self, **req: Any) -> Future:
        """Send a request; its answer comes through the future (see `wait`)."""
        fut: Future = Future()
        with self.lock:
            if not self.alive:
                raise WorkerFailed(f"worker {self.index} is dead")
            req["id"] = next(self.ids)
            self.requests += 1
            if self.closes:  # boxes closed since the last request go with this one
                req["closes"], self.closes = self.closes, []
            self.pending[req["id"]] = fut
            try:
                self.sock.sendall((json.dumps(req) + "\n").encode())
            except OSError as e:
                self.pending.pop(req["id"], None)
                self.alive = False
                raise WorkerFailed(str(e)) from e
        fut.op = req["op"]  # type: ignore[attr-defined]
        return fut

    def wait(self, fut: Future, timeout: float = OP_TIMEOUT_S) -> Any:
        try:
            reply = fut.result(timeout)
        except FutureTimeout:
            self.kill()
            raise WorkerFailed(f"worker {self.index} did not answer {fut.op} in {timeout:.0f}s") from None  # type: ignore[attr-defined]
        if not reply["ok"]:
            raise JudgeError(f"docker sandbox {fut.op}: {reply['error']}")  # type: ignore[attr-defined]
        return reply["result"]

    def request(self, timeout: float = OP_TIMEOUT_S, **req: Any) -> Any:
        return self.wait(self.submit(**req), timeout)

    def close_box(self, box: int) -> None:
        """Have a box removed: not a request of its own, nor waited for; it travels with the next
        request to this worker (a box left when the worker goes goes with the container)."""
        with self.lock:
            self.closes.append(box)

    def cpu_s(self) -> float | None:
        """CPU seconds the container (runner, boxrun, programs) has used, from its host cgroup; None
        without one."""
        for host, _ in self.cgroup or []:
            try:
                if (host / "cpuacct.usage").exists():
                    return int((host / "cpuacct.usage").read_text()) / 1e9
                if (host / "cpu.stat").exists():
                    stat = dict(line.split() for line in (host / "cpu.stat").read_text().splitlines())
                    return int(stat["usage_usec"]) / 1e6
            except (OSError, ValueError, KeyError):
                return None
        return None

    def kill(self) -> None:
        self.alive = False
        for sock in {self.sock, self.attached}:
            try:
                sock.close()
            except OSError:
                pass
        try:
            self.container.remove(force=True)
        except Exception:  # already gone (auto_remove) or daemon unreachable
            pass
        _live_workers.pop(self.container.id, None)
        if self.sockdir is not None:
            shutil.rmtree(self.sockdir, ignore_errors=True)
        if self.cgroup is not None:
            remove_worker_cgroup(self.container.name)
        self._fail()


_hashes: dict[int, tuple[bytes, str]] = {}
_hashes_lock = threading.Lock()


def _content_hash(data: bytes) -> str:
    """SHA-256 of `data`, remembered for the last few objects: a judge writes the same executable
    object into every test's box."""
    with _hashes_lock:
        hit = _hashes.get(id(data))
        if hit is not None and hit[0] is data:
            return hit[1]
    sha = hashlib.sha256(data).hexdigest()
    with _hashes_lock:
        if len(_hashes) >= 16:
            _hashes.pop(next(iter(_hashes)))
        _hashes[id(data)] = (data, sha)
    return sha


_file_hashes: dict[tuple[str, int, int, int], str] = {}


def _file_hash(path: Path) -> str | None:
    """SHA-256 of a host file of at least CACHE_MIN_BYTES, read in chunks and remembered while the
    file is unchanged (a test's files go into a box per submission); None for small files."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_size < CACHE_MIN_BYTES:
        return None
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    with _hashes_lock:
        if key in _file_hashes:
            return _file_hashes[key]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
    with _hashes_lock:
        if len(_file_hashes) >= 1024:
            _file_hashes.pop(next(iter(_file_hashes)))
        _file_hashes[key] = h.hexdigest()
    return _file_hashes[key]


class DockerBox:
    """A box on one worker; replays its history onto a fresh worker if that one fails.

    Round trips to the worker are what a test pays for, so a box sends nothing until it needs an
    answer: opening it, its directories, files and FIFOs are queued and travel in one batch with the
    next run, read or exists; a run brings back the beginning of its stdout and stderr files (what the
    judge reads next), and closing the box is not waited for. A test costs one round trip.

    Disk: a box's files live in the worker's /box tmpfs, so every page a box's processes write is
    charged to the box's cgroup: its files and its memory share its memory limit, and a box that
    fills its disk is OOM-killed there (MLE). /box is as large as the worker's memory, so no box
    can fill it for its neighbours. Without box cgroups nothing but the worker's limits bounds it."""

    _ids = itertools.count(1)

    def __init__(self, sandbox: DockerSandbox):
        self.sandbox = sandbox
        self.id = next(self._ids)
        self.slot = sandbox._take_slot()  # host-wide unique uids: RLIMIT_NPROC counts per uid across containers
        self.history: list[dict[str, Any]] = []  # mutating ops, replayed on a fresh worker ("open" aside)
        self._queue: list[dict[str, Any]] = [self._open_op()]  # sent with the next op that needs an answer
        self._opened = False  # an "open" reached a worker: "close" must follow
        self._files: dict[str, tuple[bytes, int]] = {}  # the last run's prefetched files: head, size
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self.worker = sandbox._lease()

    def _open_op(self) -> dict[str, Any]:
        return {"op": "open", "uid": self.slot.base}

    # --- transport ---------------------------------------------------------------------------------

    def _wire(self, op: dict[str, Any], inline: list[str]) -> dict[str, Any]:
        """A queued op as sent: host-only keys (_data: bytes, _inline: send them even if cached)
        dropped, the bytes base64-encoded unless this worker holds them by hash."""
        wire = {k: v for k, v in op.items() if not k.startswith("_")}
        if "_data" in op:
            sha = op.get("sha")
            if not sha or op.get("_inline") or sha not in self.worker.cached:
                wire["data"] = base64.b64encode(op["_data"]).decode()
                if sha:
                    inline.append(sha)
        return wire

    def _send(self, ops: list[dict[str, Any]], timeout: float, queued: bool = False) -> list[Any]:
        """Send ops in order in one request (a batch when several; with `queued`, the box's queued
        ops first) and return their results; a cached write the worker no longer holds ("miss") is
        sent again with its bytes, then the rest."""
        while True:
            with self._send_lock:  # taking the queue and sending it are one step: the worker sees ops in order
                if queued:
                    ops, queued = [*self._take_queue(), *ops], False
                inline: list[str] = []
                wire = [self._wire(op, inline) for op in ops]
                if any(op["op"] == "open" for op in ops):
                    self._opened = True
                if len(wire) == 1 and wire[0]["op"] != "run":
                    fut = self.worker.submit(**{**wire[0], "box": self.id})
                else:  # a batch (even of one run) lets the box's later requests go on once it is set up
                    fut = self.worker.submit(op="batch", box=self.id, ops=wire)
            results = self.worker.wait(fut, timeout)
            if len(wire) == 1 and wire[0]["op"] != "run":
                results = [results]
            self.worker.cached.update(inline)
            miss = next((i for i, (op, r) in enumerate(zip(ops, results)) if op["op"] == "write" and r == "miss"), None)
            if miss is None:
                return results
            ops = [{**ops[miss], "_inline": True}, *ops[miss + 1 :]]

    def _take_queue(self) -> list[dict[str, Any]]:
        with self._lock:
            queued, self._queue = self._queue, []
        return queued

    def _call(self, record: bool, timeout: float = OP_TIMEOUT_S, **req: Any) -> Any:
        """Send the queued ops and `req`; answer `req`'s result. On a dead worker, move to a fresh one
        (the history rebuilds the box there, queued ops included) and send `req` again once."""
        req["box"] = self.id
        try:
            result = self._send([req], timeout, queued=True)[-1]
        except WorkerFailed as e:
            log.warning("docker sandbox: %s; retrying on a fresh worker", e)
            self._move()
            try:
                result = self._send([req], timeout)[-1]
            except WorkerFailed as e2:
                raise JudgeError(f"docker sandbox worker failed twice: {e2}") from e2
        if record:
            self.history.append(req)
        return result

    def _defer(self, req: dict[str, Any]) -> None:
        """Queue a mutating op (sent with the next one that needs an answer) and remember it."""
        req["box"] = self.id
        with self._lock:
            self._files = {}
            self._queue.append(req)
            self.history.append(req)

    def _move(self) -> None:
        """Lease a fresh worker and rebuild this box there (replaying runs too: they make files)."""
        self._take_queue()  # queued ops are in the history
        self.sandbox._replace(self.worker)
        self.sandbox._release(self.worker)
        self.worker = self.sandbox._lease()
        try:
            self._send([self._open_op()], OP_TIMEOUT_S)
            for req in self.history:
                if "_path" in req:
                    self._stream(req["name"], Path(req["_path"]), req["executable"])
                else:
                    self._send([req], self._timeout(req))
        except WorkerFailed as e:
            raise JudgeError(f"docker sandbox could not rebuild a box: {e}") from e

    @staticmethod
    def _timeout(req: dict[str, Any]) -> float:
        return req.get("wall", 0) + OP_TIMEOUT_S

    @staticmethod
    def _name(name: str) -> str:
        norm = posixpath.normpath(name)
        if norm.startswith(("/", "../")) or norm == "..":
            raise ValueError(f"path {name!r} leaves the box")
        return norm

    # --- the Box protocol --------------------------------------------------------------------------

    def mkdir(self, name: str, owner: int | None = None) -> None:
        self._defer({"op": "mkdir", "name": self._name(name), "owner": owner})

    def write(self, name: str, data: bytes, executable: bool = False) -> None:
        req: dict[str, Any] = {"op": "write", "name": self._name(name), "executable": executable, "_data": data}
        if len(data) >= CACHE_MIN_BYTES:  # executables and test data recur across boxes: sent once per worker
            req["sha"] = _content_hash(data)
        self._defer(req)

    def write_file(self, name: str, path: Path, executable: bool = False) -> None:
        """Write a host file into the box in chunks, never holding it whole (a test's input or
        expected output, a program's output for its checker). A large one is kept by the worker
        under its hash like `write`'s, so it travels once per worker."""
        name = self._name(name)
        sha = _file_hash(path)
        try:
            small = os.stat(path).st_size < CHUNK
        except OSError as e:
            raise JudgeError(f"docker sandbox: cannot read {path}: {e}") from e
        if small:  # one chunk: queued with the box's set-up like any write (no round trip of its own)
            req: dict[str, Any] = {"op": "write", "name": name, "executable": executable, "_data": path.read_bytes()}
            if sha is not None:
                req["sha"] = sha
            self._defer(req)
            return
        req = {"op": "write", "name": name, "executable": executable, "_path": str(path), "box": self.id}
        with self._lock:
            self._files = {}
            self.history.append(req)
        try:
            if sha is not None and sha in self.worker.cached:
                hit = self._send([{"op": "write", "name": name, "executable": executable, "sha": sha, "box": self.id}],
                                 OP_TIMEOUT_S, queued=True)[-1]  # fmt: skip
                if hit != "miss":
                    return
            self._stream(name, path, executable, queued=True, sha=sha)
        except WorkerFailed as e:
            log.warning("docker sandbox: %s; retrying on a fresh worker", e)
            self._move()  # the history, this file included, rebuilds the box

    def _stream(self, name: str, path: Path, executable: bool, queued: bool = False, sha: str | None = None) -> None:
        """Send a host file in CHUNK pieces (the first with the queued ops); with `sha` the worker
        then keeps the result in its cache."""
        try:
            f = open(path, "rb")
        except OSError as e:
            raise JudgeError(f"docker sandbox: cannot read {path}: {e}") from e
        with f:
            append = False
            while True:
                chunk = f.read(CHUNK)
                op = {"op": "write", "name": name, "executable": executable, "append": append, "_data": chunk, "box": self.id}
                self._send([op], OP_TIMEOUT_S, queued=queued)
                queued, append = False, True
                if len(chunk) < CHUNK:
                    break
        if sha is not None:
            self._send([{"op": "adopt", "name": name, "sha": sha, "executable": executable, "box": self.id}], OP_TIMEOUT_S)
            self.worker.cached.add(sha)

    def read(self, name: str, limit: int | None = None) -> bytes:
        name = self._name(name)
        hit = self._files.get(name)
        if hit is not None and (hit[1] <= len(hit[0]) or (limit is not None and limit <= len(hit[0]))):
            return hit[0][:limit]  # the whole file came back with the run (or all that is asked for)
        out = bytearray()  # the caller wants it whole: in the runner's largest pieces
        while limit is None or len(out) < limit:
            want = READ_CHUNK if limit is None else min(READ_CHUNK, limit - len(out))
            chunk = self._read_at(name, len(out), want)
            out += chunk
            if len(chunk) < want:
                break
        return bytes(out)

    def read_at(self, name: str, offset: int, size: int) -> bytes:
        """At most `size` bytes (capped at CHUNK) of a box file from `offset`: large outputs are
        read a chunk at a time, so neither end holds them whole."""
        return self._read_at(self._name(name), offset, min(size, CHUNK))

    def _read_at(self, name: str, offset: int, size: int) -> bytes:
        hit = self._files.get(name)
        if hit is not None and (hit[1] <= len(hit[0]) or offset + size <= len(hit[0])):
            return hit[0][offset : offset + size]
        return base64.b64decode(self._call(False, op="read", name=name, limit=size, offset=offset))

    def exists(self, name: str) -> bool:
        return bool(self._call(False, op="exists", name=self._name(name)))

    def host_path(self, name: str) -> Path | None:
        return None  # the box lives in a container: its files travel through the runner

    def mkfifo(self, name: str, owner: int | None = None) -> None:
        self._defer({"op": "mkfifo", "name": self._name(name), "owner": owner})

    def _command(self, spec: ProcessSpec, index: int = 0, count: int = 1) -> list[str]:
        """boxrun inside the container: a user namespace owning new network, IPC and mount
        namespaces per run, 'system' confinement as on the local backend (a read-only system root
        plus the box), and the box's own cgroup when the worker has one."""
        root = f"/box/{self.id}"
        workdir = posixpath.join(root, self._name(spec.workdir))
        uid = self.slot.uid(spec.identity)
        cmd = [BOXRUN, *boxrun_options(spec), "--uid", str(uid), "--gid", str(uid), "--userns"]
        if self.worker.cgroup is not None:
            name = f"box-{self.slot.base}" + (f"-{index}" if count > 1 else "")
            cmd += ["--cgroup-root", BOX_CGROUP_ROOT, "--cgroup", name]
        cmd += ["--chroot", workdir] if spec.confine == "chroot" else ["--sysroot", workdir]
        for flag, name in (("--stdin", spec.stdin), ("--stdout", spec.stdout), ("--stderr", spec.stderr)):
            if name is not None:
                cmd += [flag, posixpath.join(root, self._name(name))]
        return [*cmd, "--", *spec.argv]

    def run(self, specs: Sequence[ProcessSpec]) -> list[RunStats]:
        wall = max((s.limits.wall_s for s in specs), default=0.0)
        prefetch = sorted({self._name(n) for s in specs for n in (s.stdout, s.stderr) if n is not None})
        with self._lock:
            self._files = {}
        answer = self._call(True, timeout=wall + OP_TIMEOUT_S, op="run", wall=wall, prefetch=prefetch,
                            commands=[self._command(s, i, len(specs)) for i, s in enumerate(specs)])  # fmt: skip
        with self._lock:
            self._files = {n: (base64.b64decode(data), size) for n, (data, size) in answer["files"].items()}
        return [stats_from_meta(parse_meta(m)) for m in answer["metas"]]

    def close(self) -> None:
        try:
            if self._opened:
                self.worker.close_box(self.id)
        finally:
            self.sandbox._release(self.worker)
            self.sandbox._give_slot(self.slot)


_live: weakref.WeakSet[DockerSandbox] = weakref.WeakSet()
# Every started worker until it is removed, held strongly: at exit a sandbox may already be gone
# (collected without close()) while its containers still run.
_live_workers: dict[str, _Worker] = {}


def _close_all() -> None:
    for sb in list(_live):
        sb.close()
    for worker in list(_live_workers.values()):
        worker.kill()


atexit.register(_close_all)


class DockerSandbox:
    """Runs boxes in `workers` worker containers (default: one per core), started on first use."""

    name = "docker"

    def __init__(self, workers: int | None = None, image: str | None = None, mem_limit: str = "4g",
                 pids_limit: int = 512):  # fmt: skip
        self.workers = workers or os.cpu_count() or 1
        self.image = image or image_tag()
        self.mem_limit, self.pids_limit = mem_limit, pids_limit
        self._client = _client()
        self._pool: list[_Worker] = []
        self._slots: list[UidSlot] = []
        self._lock = threading.Lock()
        self._closed = False
        _live.add(self)
        _install_signal_cleanup()
        _reap_once(self._client)

    def _start(self, index: int) -> _Worker:
        try:
            return _Worker(self._client, self.image, index, self.mem_limit, self.pids_limit)
        except Exception as e:
            raise JudgeError(f"cannot start a docker sandbox worker from {self.image}: {e}") from e

    def _lease(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise JudgeError("the docker sandbox is closed")
            if not self._pool:
                with ThreadPoolExecutor(self.workers) as ex:
                    self._pool = list(ex.map(self._start, range(self.workers)))
            for i, w in enumerate(self._pool):
                if not w.alive:
                    w.kill()
                    self._pool[i] = self._start(w.index)
            worker = min(self._pool, key=lambda w: w.boxes)
            worker.boxes += 1
            return worker

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            worker.boxes -= 1

    def _take_slot(self) -> UidSlot:
        """A uid block of ours, reused box after box (finding a free one scans every process)."""
        with self._lock:
            if self._slots:
                return self._slots.pop()
        return UidSlot()

    def _give_slot(self, slot: UidSlot) -> None:
        with self._lock:
            if self._closed:
                slot.release()
            else:
                self._slots.append(slot)

    def _replace(self, worker: _Worker) -> None:
        """Take a failed worker out of the pool (a new one takes its place on the next lease)."""
        worker.kill()

    @contextmanager
    def box(self) -> Iterator[DockerBox]:
        box = DockerBox(self)
        try:
            yield box
        finally:
            box.close()

    def containers(self) -> list[str]:
        """Ids of this sandbox's live worker containers."""
        return [w.container.id for w in self._pool if w.alive]

    def close(self) -> None:
        """Remove every worker container (also run at exit and on Ctrl-C)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, []
            slots, self._slots = self._slots, []
        for w in pool:
            w.kill()
        for slot in slots:
            slot.release()

    def __enter__(self) -> DockerSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_reaped = False


def _reap_once(client) -> None:
    """At a judge's first sandbox: remove what judges killed with SIGKILL left behind."""
    global _reaped
    if not _reaped:
        _reaped = True
        try:
            reap_orphan_workers(client)
        except Exception as e:  # never stop a judge over someone else's leftovers
            log.warning("docker sandbox: could not look for orphaned workers: %s", e)


_signals_installed = False


def _install_signal_cleanup() -> None:
    """On Ctrl-C remove the containers first, then let KeyboardInterrupt propagate as usual; on
    SIGTERM remove them, then die of the signal as if no handler were there."""
    global _signals_installed
    if _signals_installed or threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGINT)

    def on_sigint(signum, frame):
        _close_all()
        if callable(previous):
            previous(signum, frame)
        else:
            raise KeyboardInterrupt

    previous_term = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum, frame):
        _close_all()
        if callable(previous_term):
            previous_term(signum, frame)
            return
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGINT, on_sigint)
    if previous_term in (signal.SIG_DFL, None) or callable(previous_term):
        signal.signal(signal.SIGTERM, on_sigterm)
    _signals_installed = True
