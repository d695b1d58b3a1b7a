"""When to spend submissions: paced by the evidence gathered, not spent as soon as candidates exist.

A submission spent on the first handful of samples is lost to the better programs a larger pool
would have held. When submissions are scarce against the sample budget (fewer submissions than
samples), the total spent may grow only in proportion to the samples drawn so far:
ceil(limit * sampled / budget), at least one, so a pool of 10 samples out of 40 may have used 2 of
5 submissions. The rest is released when sampling is over: the budget is drawn, the sampler has no
more, or the contest clock leaves less than two of this task's sampling cycles (the time since its
previous round), since a submission not sent before the end is worth nothing.

With at least as many submissions as samples nothing is held back: every distinct sample can be
submitted anyway.

While submissions are paced, a candidate that gets an example wrong (score 0 on a public test) is not
submitted: its failure is already known without spending a submission, and more samples may bring a
better one. Once everything is released it may be submitted like any other (the policy ranks
example-passing behaviour first anyway).
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Pace:
    allowed: int  # submissions that may have been spent in total by now
    note: str  # why, in words ("" when nothing is held back)
    paced: bool = False  # submissions are held back: candidates failing an example wait too


def submissions_allowed(limit: int, sampled: int, budget: int, sampling_over: bool = False,
                        time_left_s: float | None = None, cycle_s: float | None = None) -> Pace:
    """The pacing rule of the module doc. `cycle_s`: contest time between two rounds of this task."""
    if limit >= budget:
        return Pace(limit, "")
    if sampling_over:
        return Pace(limit, "sampling is over: every submission released")
    if time_left_s is not None and cycle_s is not None and cycle_s > 0 and time_left_s < 2 * cycle_s:
        return Pace(limit, f"{time_left_s:.0f} s left, under two sampling cycles ({cycle_s:.0f} s each): "
                           "every submission released")
    allowed = min(limit, max(1, math.ceil(limit * sampled / budget)))
    return Pace(allowed, f"paced: {allowed} of {limit} submissions after {sampled} of {budget} samples "
                         "(submissions are scarce against the budget; more evidence first)", paced=True)
