"""The in-container end of the Docker backend: box requests in, answers out, one JSON object a line.

It runs as root (with only the capabilities boxrun needs) for the worker container's whole life, so a
run costs one boxrun fork/exec, not a `docker exec`. Dependency-free on purpose: the image has only
Python's standard library. Each request is handled in its own thread (several boxes may share a
worker, and a box's runs are slow) and answered with the same "id"; the host never sends a box's next
request before the previous one's answer, so one box's operations stay in order.

Requests: {"id", "op", "box", ...} with op one of
  open {uid}   close   mkdir {name, owner}   write {name, data(b64), executable, sha?}   read {name, limit}
  exists {name}   mkfifo {name, owner}   run {commands: [[boxrun argv...], ...]}   ping
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
boxes = {}  # box id -> base uid
UIDS_PER_BOX = 8
namespaces = {}  # base uid -> (user, network, IPC namespace descriptors), held for the worker's life
ns_lock = threading.Lock()
cache = {}  # cached file -> size, least recently used first
cache_lock = threading.Lock()
out_lock = threading.Lock()


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
            while sum(cache.values()) > CACHE_BYTES and len(cache) > 1:  # oldest first
                old = next(iter(cache))
                os.unlink(old)  # boxes holding a link keep their copy
                del cache[old]
        else:
            cache[cached] = cache.pop(cached)  # most recently used last
        os.link(cached, path)
    return None


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


def handle(req):
    op, box = req["op"], req.get("box")
    if op == "ping":
        return "pong"
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
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                             pass_fds=fds)
            for cmd in commands
        ]
        return [p.communicate()[0].decode(errors="replace") for p in procs]
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
        with open(path, "wb") as f:
            f.write(base64.b64decode(req["data"]))
        os.chmod(path, mode)
        return None
    if op == "read":
        if not os.path.isfile(path):
            return ""
        limit = req.get("limit")
        with open(path, "rb") as f:
            return base64.b64encode(f.read(-1 if limit is None else limit)).decode()
    if op == "exists":
        return os.path.lexists(path)
    if op == "mkfifo":
        os.mkfifo(path, 0o600)
        own(box, path, req.get("owner"))
        return None
    raise ValueError("unknown op %r" % op)


def answer(req):
    try:
        reply = {"id": req.get("id"), "ok": True, "result": handle(req)}
    except Exception as e:  # every failure is reported to the host, never fatal here
        reply = {"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    data = (json.dumps(reply) + "\n").encode()
    with out_lock:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


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


def main():
    os.umask(0o022)
    try:
        loopback_down()
    except OSError as e:
        sys.stderr.write("cannot take the loopback interface down: %s\n" % e)
        sys.stderr.flush()
    for line in sys.stdin.buffer:
        if line.strip():
            threading.Thread(target=answer, args=(json.loads(line),), daemon=True).start()


if __name__ == "__main__":
    main()
