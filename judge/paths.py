"""Where ioi-agent keeps what it may rebuild: one cache root for every part of the judge and agent."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The cache root, made if missing: `$IOI_AGENT_CACHE`, else `~/.cache/ioi-agent`."""
    env = os.environ.get("IOI_AGENT_CACHE")
    root = Path(env).expanduser() if env else Path.home() / ".cache" / "ioi-agent"
    root.mkdir(parents=True, exist_ok=True)
    return root
