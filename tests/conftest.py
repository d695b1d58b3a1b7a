"""Shared fixtures: where the third-party material lives, and a judge per official task."""
from __future__ import annotations

import os
import tempfile
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IOI2024 = SHARED / "ioi2024"
SOLUTIONS = REPO / "tests" / "solutions"

# Time limits and time bounds of the sandbox tests are multiplied by this. It is 1 everywhere but
# under an emulated CPU (tests/test_cgroup_v2_kernel.py runs the sandbox tests in a QEMU guest
# without hardware acceleration, where programs run about ten times slower): a memory bomb must
# reach its memory limit before its time limit for the verdict to mean anything.
TIME_SCALE = float(os.environ.get("IOI_AGENT_TEST_TIME_SCALE", "1"))
if TIME_SCALE != 1:  # the compiler too: an ordinary compile must not hit the 10 s CPU limit there
    import dataclasses

    import judge.compile

    judge.compile.COMPILE_LIMITS = dataclasses.replace(judge.compile.COMPILE_LIMITS,
                                                       cpu_s=judge.compile.COMPILE_LIMITS.cpu_s * TIME_SCALE,
                                                       wall_s=judge.compile.COMPILE_LIMITS.wall_s * TIME_SCALE)  # fmt: skip



def hostile_task():
    """The task tests/hostile programs are judged on, its time limit scaled by TIME_SCALE."""
    from judge.loaders import load_task

    task = load_task(REPO / "tests" / "hostile" / "task")
    limits = task.limits.model_copy(update={"time_s": task.limits.time_s * TIME_SCALE})
    return task.model_copy(update={"limits": limits})


# Contest commands run without a learned scorer in tests unless a test sets one: `--scorer learned`
# without a model would otherwise judge every shipped pool first (tests/test_scoring_model.py tests
# that default on tiny pools of its own).
os.environ.setdefault("IOI_AGENT_SCORER", str(REPO / "tests" / "no-scorer-model.pt"))


def official_package(path: str) -> Path:
    """Path of an official package under ../shared/ioi2024, or skip when the material is absent."""
    p = IOI2024 / path
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is needed beside the project)")
    return p


class PeakBoxes:
    """A sandbox wrapper that counts how many boxes are open at once (`peak`), to check concurrency bounds."""

    name = "local"

    def __init__(self, inner, workers: int):
        self.inner, self.workers = inner, workers
        self.live = self.peak = 0
        self._lock = threading.Lock()

    @contextmanager
    def box(self):
        with self._lock:
            self.live += 1
            self.peak = max(self.peak, self.live)
        try:
            with self.inner.box() as b:
                yield b
        finally:
            with self._lock:
                self.live -= 1


@contextmanager
def fresh_local_sandbox(tmp_path_factory, **options):
    """A LocalSandbox with a compile cache of its own (so cache hits from other tests cannot hide a
    compile) and boxes in a private folder that must be empty when it closes; the warnings about
    protections this user cannot have are silenced (the sandbox tests check those themselves)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("IOI_AGENT_CACHE", str(tmp_path_factory.mktemp("cache")))
    base = Path(tempfile.mkdtemp(prefix="ioi-test-boxes-"))
    try:
        from judge.sandbox.local import LocalSandbox

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sandbox = LocalSandbox(base_dir=base, **options)
        yield sandbox
    finally:
        mp.undo()
    sandbox.close()  # its blob store and spare directories go with it
    os.rmdir(base)  # every box must have been removed


PROBE = Path(__file__).resolve().parent / "hostile" / "probe.cpp"


def compile_probe(sandbox) -> bytes:
    """The multi-purpose test program (tests/hostile/probe.cpp) compiled in `sandbox`."""
    from judge.compile import compile_cpp

    compiled = compile_cpp(sandbox, {"probe.cpp": PROBE.read_bytes()}, ["probe.cpp"])
    assert compiled.result.ok, compiled.result.message
    return compiled.executable
