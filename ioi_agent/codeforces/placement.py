"""What a practice result placed in a round's standings means: a rating, or only an illustration.

Placing points among a round's participants is a true placement (a performance and rating change
that mean something) only when the points were earned on that round's own problems. Detected as:

1. the contest file names the round (`round = 1305`) and every problem its id in it
   (`codeforces = "1305A"`; `practice.load_contest` insists on both together);
2. the standings are that round's: the id in the data (`contestId` of a ratingChanges file,
   `contest.id` of an API standings file), else the file name `contest-<id>-...` that `fetch` writes;
3. when the standings list the round's problems (the API `standings` form), the contest has exactly
   those problem indices, each with the round's name (case and spacing aside) and initial points.

Polygon packages carry no Codeforces round id, so the contest file is where the claim is made, and
step 3 checks it against the round wherever the data allows. A standings file that the contest file
itself names, without a verified round, is the contest's own field ("own field"). Anything else is
an "illustration": what the same points would be worth among that round's participants, not a rating.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .practice import Contest, PracticeResult
from .standings import Standings

RATING, OWN_FIELD, ILLUSTRATION = "rating", "own field", "illustration"


@dataclass(frozen=True)
class Basis:
    kind: str  # RATING, OWN_FIELD or ILLUSTRATION
    round_id: int | None  # the standings' round, when known
    reason: str  # one line: why this kind


def placement_basis(contest: Contest, result: PracticeResult, standings: Standings, standings_path: Path) -> Basis:
    round_id = standings.round_id
    mismatch = _mismatch(contest, result, standings)
    if mismatch is None:
        listed = "" if standings.problems else " (the standings do not list the problems: the contest file's word)"
        return Basis(RATING, round_id, f"the problems are round {round_id}'s own{listed}")
    own = contest.standings is not None and _same(contest.standings, standings_path)
    if own:
        why = "" if contest.round is None else f"; {mismatch}"
        return Basis(OWN_FIELD, round_id, f"the field the contest file names, not a verified Codeforces round{why}")
    return Basis(ILLUSTRATION, round_id, mismatch)


def _mismatch(contest: Contest, result: PracticeResult, standings: Standings) -> str | None:
    """Why the result was not earned on the standings' round, or None when it was."""
    theirs = f"round {standings.round_id}" if standings.round_id is not None else "an unnamed round"
    if contest.round is None:
        return f"the points come from {contest.name}'s problems, not {theirs}'s (the contest file names no round)"
    if standings.round_id is None:
        return f"the standings do not say which round they are from (the problems are round {contest.round}'s)"
    if standings.round_id != contest.round:
        return f"the problems are round {contest.round}'s, the standings round {standings.round_id}'s"
    if not standings.problems:
        return None
    round_problems = {p.index: p for p in standings.problems}
    ours = {p.codeforces[len(str(contest.round)):]: (p, o) for p, o in zip(contest.problems, result.problems)
            if p.codeforces}
    if set(ours) != set(round_problems):
        return (f"round {contest.round} had problems {', '.join(sorted(round_problems))}, the contest has "
                f"{', '.join(sorted(ours)) or 'none named'}")
    for index, (problem, outcome) in sorted(ours.items()):
        theirs_p = round_problems[index]
        if " ".join(theirs_p.name.split()).casefold() != " ".join(outcome.name.split()).casefold():
            return f"{problem.codeforces} is {theirs_p.name!r} in round {contest.round}, {outcome.name!r} here"
        if contest.rules.style == "codeforces" and theirs_p.points is not None and theirs_p.points != problem.points:
            return (f"{problem.codeforces} is worth {theirs_p.points:g} in round {contest.round}, "
                    f"{problem.points:g} here")
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def describe(basis: Basis, placement, standings_path: Path) -> str:
    """The line the practice command prints for a placement of this kind."""
    where = f"round {basis.round_id}" if basis.round_id is not None else str(standings_path)
    numbers = (f"place {placement.place}/{placement.field_size}, percentile {placement.percentile:.1f}, "
               f"performance {placement.performance}")
    if basis.kind == RATING:
        return (f"{where}, its own problems: {numbers}, rating {placement.old_rating} -> {placement.new_rating} "
                f"({placement.delta:+d})")
    if basis.kind == OWN_FIELD:
        return (f"in {standings_path} ({basis.reason}): {numbers}, rating {placement.old_rating} -> "
                f"{placement.new_rating} ({placement.delta:+d})")
    return (f"ILLUSTRATION, not a rating: {basis.reason}. The same points among {where}'s participants "
            f"({standings_path}) would be {numbers}.")
