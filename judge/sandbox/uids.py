"""Box uids: which unprivileged uids boxes run as, and how a judge takes a block of them.

Shared by every backend (the local one on the host, the Docker one inside its workers), so two
judges on one machine never run boxes as the same user and a box never runs as a uid some other
process already holds.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from judge.errors import JudgeError

# Box uids: a block of UIDS_PER_BOX per slot, UID_SLOTS slots from UID_BASE. The default lies in
# systemd's unused range (1879048192-2147483647), away from system users, login users, systemd's
# DynamicUser range (61184-65519), nobody (65534) and container ranges (524288-1879048191).
# IOI_AGENT_UID_BASE / IOI_AGENT_UID_SLOTS move it (doctor checks the choice).
UIDS_PER_BOX = 8


def uid_range() -> tuple[int, int]:
    """(first uid, number of slots) of the box uid range, from the environment or the default."""
    base = int(os.environ.get("IOI_AGENT_UID_BASE", 1_900_000_000))
    slots = int(os.environ.get("IOI_AGENT_UID_SLOTS", 1000))
    if base < 1000 or slots < 1 or base + slots * UIDS_PER_BOX > 2**31 - 1:
        raise JudgeError(f"bad box uid range: IOI_AGENT_UID_BASE={base}, IOI_AGENT_UID_SLOTS={slots}")
    return base, slots


def lock_dir() -> Path:
    """Where uid slots are locked: one fixed place per machine (never $TMPDIR, which differs
    between judges), IOI_AGENT_LOCK_DIR to override."""
    if os.environ.get("IOI_AGENT_LOCK_DIR"):
        return Path(os.environ["IOI_AGENT_LOCK_DIR"])
    return Path("/run/ioi-agent/uids") if os.geteuid() == 0 else Path("/tmp/ioi-agent-uids")


def uids_in_use(first: int, count: int) -> set[int]:
    """Uids in [first, first + count) that a running process holds (real, effective, saved or fs)."""
    found: set[int] = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"Uid:"):
                        found.update(u for u in map(int, line.split()[1:]) if first <= u < first + count)
                        break
        except OSError:  # gone meanwhile
            continue
    return found


class UidSlot:
    """A block of uids held through an advisory lock in lock_dir(), so concurrent judges never share
    a user, and skipped when any process on this machine already runs as one of its uids."""

    def __init__(self) -> None:
        base, slots = uid_range()
        directory = lock_dir()
        directory.mkdir(mode=0o755, parents=True, exist_ok=True)
        start = (os.getpid() * 7) % slots
        for k in range(slots):
            slot = (start + k) % slots
            fd = os.open(directory / f"{base + slot * UIDS_PER_BOX}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            first = base + slot * UIDS_PER_BOX
            if uids_in_use(first, UIDS_PER_BOX):  # a stranger (or a dead judge's orphan) holds one
                os.close(fd)
                continue
            self.fd, self.base = fd, first
            return
        raise JudgeError(f"no free sandbox uid slot in {slots} slots from uid {base} (lock dir {directory})")

    def uid(self, identity: int) -> int:
        if not 0 <= identity < UIDS_PER_BOX:
            raise ValueError(f"identity {identity} out of range")
        return self.base + identity

    def release(self) -> None:
        os.close(self.fd)
