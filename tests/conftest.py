"""Shared fixtures: where the third-party material lives, and a judge per official task."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
IOI2024 = SHARED / "ioi2024"
SOLUTIONS = REPO / "tests" / "solutions"


def official_package(path: str) -> Path:
    """Path of an official package under ../shared/ioi2024, or skip when the material is absent."""
    p = IOI2024 / path
    if not p.exists():
        pytest.skip(f"{p} not present (../shared is needed beside the project)")
    return p
