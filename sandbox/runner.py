"""The in-container end of the Docker backend: box requests in, answers out, one JSON object a line.

It runs as root (with only the capabilities boxrun needs) for the worker container's whole life, so a
run costs no `docker exec`: a single-process run is a request to its uid slot's long-lived
`boxrun --serve`, which forks the program (several processes at once: one boxrun each). It talks to
the host over a unix socket in a bind-mounted host directory (`--listen PATH`), else over the
attached exec stream. Dependency-free on purpose: the image has only Python's standard library. Each
request is handled in its own thread (several boxes may share a worker, and a box's runs are slow)
and answered with the same "id"; a box's requests wait for its previous batch to set it up, so one
box's operations stay in order.

Requests: {"id", "op", "box", ...} with op one of
  open {uid}   close   mkdir {name, owner}   write {name, data(b64), executable, sha?, append?}
  read {name, limit, offset?}   exists {name}   mkfifo {name, owner}   ping
  adopt {name, sha, executable}: keep a file written in chunks as the cached copy of content sha
  run {commands: [[boxrun argv...], ...], prefetch?: [name...]}: the boxrun meta texts, and with
      `prefetch` {"metas", "files": {name: [b64 of its first PREFETCH bytes, size or -1 if missing]}}
  batch {ops: [request...]}: the ops of one box in order, answered with their results; it stops after
      a write that answered "miss" (the host then sends the bytes and the rest)
A test costs one round trip: the host batches a box's set-up with its run, which brings back the
small files (the run's stdout and stderr) the judge reads next; large outputs are read in chunks.
Any request may carry "closes": [box ids] the host has closed since its previous request; they are
removed without an answer (a box of the same uid slot opened later waits for that).
Box-relative names are resolved here and refused if they leave the box (programs may plant symlinks).
Answers: {"id", "ok": true, "result"} or {"id", "ok": false, "error"}.
"""
import base64
import fcntl
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time

BOX_ROOT = "/box"
BOXRUN = "/usr/local/bin/boxrun"
CACHE = "/box/.cache"  # root-only: box users never see it
CACHE_BYTES = 512 * 2**20
PREFETCH = 64 * 1024  # the run's small files sent back with its answer
CHUNK_MAX = 4 * 2**20  # the most a read answers at once: bigger files are read in chunks
boxes = {}  # box id -> base uid
UIDS_PER_BOX = 8
namespaces = {}  # base uid -> (user, network, IPC namespace descriptors), held for the worker's life
ns_lock = threading.Lock()
cache = {}  # cached file -> size, least recently used first
cache_lock = threading.Lock()
out_lock = threading.Lock()
set_up = {}  # box id -> Event: set once its latest batch has made the files and dirs before its run
closing = {}  # uid slot -> Event: set once the slot's last box is removed (its pages uncharged from
              # the slot's cgroup, which the next box of the slot reuses)


def box_dir(box):
    return os.path.join(BOX_ROOT, str(int(box)))


def resolve(box, name):
    root = os.path.realpath(box_dir(box))
    path = os.path.realpath(os.path.join(root, name))
    if path != root and not path.startswith(root + "/"):
        raise ValueError("path %r leaves the box" % name)
    return path


def own(box, path, owner):
    if owner is not None:
        uid = boxes[box] + int(owner)
        os.chown(path, uid, uid)


def write_cached(path, sha, data, mode):
    """Large files (executables, test data) recur across boxes: keep one root-owned, read-only copy
    per content and hard-link it into boxes, so the host sends each once per worker. Without `data`
    an unknown `sha` answers "miss" and the host sends the bytes."""
    if not all(c in "0123456789abcdef" for c in sha):
        raise ValueError("bad sha")
    cached = os.path.join(CACHE, "%s-%o" % (sha, mode))
    with cache_lock:
        if cached not in cache:
            if data is None:
                return "miss"
            os.makedirs(CACHE, mode=0o700, exist_ok=True)
            raw = base64.b64decode(data)
            with open(cached + ".tmp", "wb") as f:
                f.write(raw)
            os.chmod(cached + ".tmp", mode & 0o555)
            os.replace(cached + ".tmp", cached)
            cache[cached] = len(raw)
            evict()
        else:
            cache[cached] = cache.pop(cached)  # most recently used last
        os.link(cached, path)
    return None


def adopt(path, sha, mode):
    """Keep a box file the host streamed in chunks as the cached copy of content `sha` (as
    write_cached would have made it): root-owned, read-only, linked into the box."""
    if not all(c in "0123456789abcdef" for c in sha):
        raise ValueError("bad sha")
    cached = os.path.join(CACHE, "%s-%o" % (sha, mode))
    os.chmod(path, mode & 0o555)
    with cache_lock:
        if cached in cache:
            return None
        os.makedirs(CACHE, mode=0o700, exist_ok=True)
        os.link(path, cached)
        cache[cached] = os.stat(cached).st_size
        evict()
    return None


def evict():
    while sum(cache.values()) > CACHE_BYTES and len(cache) > 1:  # oldest first
        old = next(iter(cache))
        os.unlink(old)  # boxes holding a link keep their copy
        del cache[old]


def held_namespaces(base):
    """Descriptors of a user namespace (mapping root and the slot's uids) and the network and IPC
    namespaces it owns, made once per uid slot by a boxrun that is then killed; () if impossible.
    Boxes of a slot never run at once, and the seccomp filter leaves nothing behind in them."""
    with ns_lock:
        if base in namespaces:
            return namespaces[base]
        holder = subprocess.Popen(
            [BOXRUN, "--uid", str(base), "--userns", "--userns-uids", "%d,%d" % (base, UIDS_PER_BOX),
             "--seccomp", "none", "--", "/bin/sleep", "3600"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        fds = ()
        try:
            for _ in range(1000):
                try:
                    kids = open("/proc/%d/task/%d/children" % (holder.pid, holder.pid)).read().split()
                    if kids and open("/proc/%s/comm" % kids[0]).read().strip() == "sleep":  # mapped, exec'd
                        fds = tuple(os.open("/proc/%s/ns/%s" % (kids[0], n), os.O_RDONLY | os.O_CLOEXEC)
                                    for n in ("user", "net", "ipc"))
                        break
                except OSError:
                    pass
                if holder.poll() is not None:
                    break
                time.sleep(0.002)
        finally:
            holder.kill()
            holder.wait()
        namespaces[base] = fds
        return fds


class Server:
    """A uid slot's long-lived `boxrun --serve` (its held namespaces passed down): a single-process
    run is a request down its pipe, and boxrun forks the program itself, so a run spawns one process
    (the program) instead of boxrun and then the program. Boxes of a slot run one at a time. A
    server that died (killed with its box) is replaced and the run asked again, once."""

    def __init__(self, fds):
        self.fds, self.proc, self.lock = fds, None, threading.Lock()
        self.to_server = self.from_server = -1

    def start(self):
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        try:
            self.proc = subprocess.Popen([BOXRUN, "--serve"], stdin=req_r, stdout=resp_w, stderr=subprocess.DEVNULL,
                                         pass_fds=self.fds)
        finally:
            os.close(req_r)
            os.close(resp_w)
        self.to_server, self.from_server = req_w, resp_r

    def ask(self, request):
        try:
            view = memoryview(request)
            while view:
                view = view[os.write(self.to_server, view):]
        except BrokenPipeError:
            return None
        answer = b""
        while not answer.endswith(b"\n\n"):  # no timeout here: boxrun enforces the wall limit
            chunk = os.read(self.from_server, 65536)
            if not chunk:
                return None
            answer += chunk
        return answer.decode(errors="replace")

    def run(self, args):
        request = b"".join(os.fsencode(a) + b"\0" for a in args)
        request = b"%d\n" % len(request) + request
        with self.lock:
            for _ in range(2):
                if self.proc is None:
                    self.start()
                answer = self.ask(request)
                if answer is not None:
                    return answer
                self.stop()
        raise RuntimeError("the boxrun server died twice in a row")

    def stop(self):
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


servers = {}  # uid slot -> its Server


def server_for(base, fds):
    with ns_lock:
        if base not in servers:
            servers[base] = Server(fds)
        return servers[base]


def head(box, name):
    """[b64 of a box file's first PREFETCH bytes, its size] (["", -1] if it is no regular file)."""
    path = resolve(box, name)
    if not os.path.isfile(path):
        return ["", -1]
    with open(path, "rb") as f:
        return [base64.b64encode(f.read(PREFETCH)).decode(), os.fstat(f.fileno()).st_size]


def handle(req, ready=None):
    op, box = req["op"], req.get("box")
    if op == "ping":
        return "pong"
    if op == "batch":
        results = []
        for sub in req["ops"]:
            if sub["op"] == "run" and ready is not None:
                ready.set()  # the box is set up: its other requests may go on while this runs
            results.append(handle(dict(sub, box=box)))
            if sub["op"] == "write" and results[-1] == "miss":
                break
        return results
    if op == "open":
        os.mkdir(box_dir(box), 0o700)  # root-only: box users reach their own dirs via chroot/cwd only
        boxes[box] = int(req["uid"])
        return None
    if box not in boxes:
        raise ValueError("unknown box %r" % box)
    if op == "close":
        shutil.rmtree(box_dir(box), ignore_errors=True)
        del boxes[box]
        return None
    if op == "run":
        commands, fds = req["commands"], held_namespaces(boxes[box])
        if fds:  # join the slot's namespaces instead of making new ones (milliseconds per run)
            extra = ["--userns-fd", str(fds[0]), "--netns-fd", str(fds[1]), "--ipcns-fd", str(fds[2])]
            commands = [[a for arg in cmd for a in (extra if arg == "--userns" else [arg])] for cmd in commands]
        if fds and len(commands) == 1 and commands[0][0] == BOXRUN:  # the slot's server: no boxrun spawned
            metas = [server_for(boxes[box], fds).run(commands[0][1:])]
        else:
            procs = [
                subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                 pass_fds=fds)
                for cmd in commands
            ]
            metas = [p.communicate()[0].decode(errors="replace") for p in procs]
        if req.get("prefetch") is None:
            return metas
        return {"metas": metas, "files": {name: head(box, name) for name in req["prefetch"]}}
    path = resolve(box, req["name"])
    if op == "mkdir":
        os.makedirs(path, exist_ok=True)
        os.chmod(path, 0o755 if req.get("owner") is None else 0o700)
        own(box, path, req.get("owner"))
        return None
    if op == "write":
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = 0o755 if req.get("executable") else 0o644
        if req.get("sha"):
            return write_cached(path, req["sha"], req.get("data"), mode)
        with open(path, "ab" if req.get("append") else "wb") as f:
            f.write(base64.b64decode(req["data"]))
        os.chmod(path, mode)
        return None
    if op == "read":
        if not os.path.isfile(path):
            return ""
        limit = req.get("limit")
        with open(path, "rb") as f:
            f.seek(int(req.get("offset") or 0))
            return base64.b64encode(f.read(CHUNK_MAX if limit is None else min(int(limit), CHUNK_MAX))).decode()
    if op == "adopt":
        return adopt(path, req["sha"], 0o755 if req.get("executable") else 0o644)
    if op == "exists":
        return os.path.lexists(path)
    if op == "mkfifo":
        os.mkfifo(path, 0o600)
        own(box, path, req.get("owner"))
        return None
    raise ValueError("unknown op %r" % op)


def send_stdout(data):
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


send = send_stdout  # where answers go: the attached stream, or the host's direct connection


def answer(req, after=(), ready=None):
    """Handle one request (in its own thread) once the events in `after` are set: the box's earlier
    batch has set it up; the previous box of its uid slot is gone."""
    try:
        for event in after:
            event.wait()
        reply = {"id": req.get("id"), "ok": True, "result": handle(req, ready)}
    except Exception as e:  # every failure is reported to the host, never fatal here
        reply = {"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    finally:
        if ready is not None:
            ready.set()
    if req.get("id") is None:  # a close that travelled with another request: nobody waits for it
        return
    data = (json.dumps(reply) + "\n").encode()
    with out_lock:
        send(data)


def loopback_down():
    """A container with network "none" still has an up loopback, so programs could reach each other
    (or anything listening in the container) over 127.0.0.1; make it as dead as in a fresh namespace."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:  # down alone leaves 127.0.0.1 routed (connects hang): remove the address first (SIOCSIFADDR 0)
        any_addr = struct.pack("16sH2s4s8s", b"lo", socket.AF_INET, b"", socket.inet_aton("0.0.0.0"), b"")
        fcntl.ioctl(s, 0x8916, any_addr)
        ifreq = fcntl.ioctl(s, 0x8913, struct.pack("16sh", b"lo", 0))  # SIOCGIFFLAGS
        flags = struct.unpack("16sh", ifreq[:18])[1]
        fcntl.ioctl(s, 0x8914, struct.pack("16sh", b"lo", flags & ~1))  # SIOCSIFFLAGS without IFF_UP
    finally:
        s.close()


def listen(path):
    """Accept the host's one connection on a unix socket at `path` (a host directory bind-mounted
    here, out of every box's sight) and serve it; "listening" on stdout tells the host to connect.
    Requests then skip dockerd and containerd-shim. None (after saying why) if that fails."""
    global send
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        os.chmod(path, 0o666)  # the judge may be a non-root member of the docker group
        server.listen(1)
        server.settimeout(60)
        send_stdout(b"listening\n")
        conn = server.accept()[0]
        server.close()
    except OSError as e:
        send_stdout(("stdio (%s)\n" % e).encode())
        return None
    conn.settimeout(None)
    send = conn.sendall
    return conn.makefile("rb")


def main():
    os.umask(0o022)
    try:
        loopback_down()
    except OSError as e:
        sys.stderr.write("cannot take the loopback interface down: %s\n" % e)
        sys.stderr.flush()
    requests = sys.stdin.buffer
    if len(sys.argv) == 3 and sys.argv[1] == "--listen":
        requests = listen(sys.argv[2]) or requests
    for line in requests:
        if line.strip():
            req = json.loads(line)
            for box in req.pop("closes", ()):  # boxes the host has closed since its last request
                dispatch({"id": None, "op": "close", "box": box})
            dispatch(req)


def dispatch(req):
    """Answer `req` in a thread of its own, ordered after what it depends on (see `answer`)."""
    box, op = req.get("box"), req.get("op")
    after, ready = [set_up[box]] if box in set_up else [], None
    if op == "batch":  # requests read after it wait until it has set the box up
        ready = set_up[box] = threading.Event()
        after += [closing.pop(sub["uid"]) for sub in req["ops"] if sub["op"] == "open" and sub.get("uid") in closing]
    elif op == "close" and box in boxes:  # the slot's next box waits until this one is gone
        set_up.pop(box, None)
        ready = closing[boxes[box]] = threading.Event()
    threading.Thread(target=answer, args=(req, after, ready), daemon=True).start()


if __name__ == "__main__":
    main()
