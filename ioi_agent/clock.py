"""The simulated contest clock: nothing waits, every piece of work is charged to it.

Its own module so that everything that reads or advances the clock (the agent, the contest loop,
the report) depends on it and not on each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Clock:
    """Simulated contest time in seconds. Work is charged as it is done; whatever starts before the
    end finishes (a submission sent at 4:59:59 counts), nothing starts after it."""

    duration_s: float
    now: float = 0.0
    charged: dict[str, float] = field(default_factory=dict)  # seconds per kind of work

    def charge(self, seconds: float, kind: str) -> None:
        seconds = max(0.0, float(seconds))
        self.now += seconds
        self.charged[kind] = self.charged.get(kind, 0.0) + seconds

    @property
    def expired(self) -> bool:
        return self.now >= self.duration_s

    @property
    def remaining_s(self) -> float:
        return max(0.0, self.duration_s - self.now)


def hms(seconds: float) -> str:
    """`H:MM:SS` of a (rounded) number of seconds."""
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
