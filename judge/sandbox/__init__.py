"""Sandbox backends: where untrusted programs run. `make_sandbox(name)` picks one by name."""
from __future__ import annotations

import logging

from judge.sandbox.base import Box, ProcessSpec, RunLimits, RunStats, RunStatus, Sandbox

log = logging.getLogger(__name__)


def make_sandbox(name: str = "local", **options) -> Sandbox:
    """Return a sandbox backend by name: 'local' (default, no Docker), 'docker', or 'auto'."""
    if name == "local":
        from judge.sandbox.local import LocalSandbox

        return LocalSandbox(**options)
    if name in ("docker", "auto"):
        try:
            from judge.sandbox.docker_backend import DockerSandbox, docker_available
        except ImportError:
            if name == "docker":
                raise
        else:
            if name == "docker" or docker_available():
                if name == "auto":
                    log.info("sandbox backend: docker (a Docker daemon answers and has the image)")
                return DockerSandbox(**options)
        from judge.sandbox.local import LocalSandbox

        log.info("sandbox backend: local (no Docker daemon with the sandbox image)")
        return LocalSandbox(**options)
    raise ValueError(f"unknown sandbox backend {name!r} (known: local, docker, auto)")


__all__ = ["Box", "ProcessSpec", "RunLimits", "RunStats", "RunStatus", "Sandbox", "make_sandbox"]
