"""Judging across a Ray cluster: one judge actor per node, jobs spread with back-pressure, results
streamed back as they finish, and nothing lost when a node dies. Ray is imported only when a
`RayJudge` is built, so the rest of the judge never needs it (`pip install 'ioi-agent[ray]'`)."""
from __future__ import annotations

from judge.distributed.jobs import JobOutcome, JudgeJob, ShippedInput
from judge.distributed.ray_judge import RayJudge

__all__ = ["JobOutcome", "JudgeJob", "RayJudge", "ShippedInput"]
