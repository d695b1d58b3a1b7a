"""A practice result placed in a round's standings says what it is: a rating only on the round's own
problems (contest file `round` + `codeforces` ids, checked against the standings), else an illustration."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ioi_agent.cli import app
from ioi_agent.codeforces import standings
from ioi_agent.codeforces.placement import ILLUSTRATION, OWN_FIELD, RATING, placement_basis
from ioi_agent.codeforces.practice import load_contest, run_practice
from ioi_agent.params import SamplingParams
from judge.errors import PackageError

REPO = Path(__file__).resolve().parents[1]
PRACTICE = REPO / "problems" / "cf-practice-1"
DATA = REPO / "tests" / "data" / "codeforces"
REAL_1305 = REPO.parent / "shared" / "codeforces" / "contest-1305-standings.json"
NAMES = {"A": "Range Sums", "B": "Pair With Sum", "C": "Counting Primes"}


class _Nothing:
    """A sampler with no programs: the practice runs in no time and scores 0."""

    name = "nothing"

    def generate(self, prompts, params: SamplingParams):
        return [[] for _ in prompts]


def _round_contest(tmp_path: Path, round_line: str = "round = 9999", ids=("9999A", "9999B", "9999C")) -> Path:
    """cf-practice-1's problems, declared as round 9999's A, B, C."""
    root = tmp_path / "contest"
    root.mkdir(parents=True)
    problems = ""
    for (dir_, points), pid in zip((("rangesum", 500), ("pairsum", 1000), ("primecount", 1500)), ids, strict=True):
        (root / dir_).symlink_to(PRACTICE / dir_)
        problems += f'\n[[problems]]\ndir = "{dir_}"\npoints = {points}\ncodeforces = "{pid}"\n'
    (root / "contest.toml").write_text(f'name = "Round 9999 again"\nduration = 120\n{round_line}\n{problems}')
    return root


def _round_standings(tmp_path: Path, names: dict[str, str], keep_d: bool = False) -> Path:
    """Round 9999's API standings (tests/data) with its problems A-C named as given (D dropped
    unless `keep_d`)."""
    data = json.loads((DATA / "contest-9999-standings.json").read_text())
    data["result"]["problems"] = [p for p in data["result"]["problems"] if keep_d or p["index"] in names]
    for problem in data["result"]["problems"]:
        problem["name"] = names.get(problem["index"], problem["name"])
    out = tmp_path / "saved" / "contest-9999-standings.json"
    out.parent.mkdir()
    out.write_text(json.dumps(data))
    shutil.copy(DATA / "contest-9999-ratingChanges.json", out.parent)
    return out


def _basis(contest_dir: Path, standings_path: Path):
    contest = load_contest(contest_dir)
    result = run_practice(contest, _Nothing(), samples=1)
    return placement_basis(contest, result, standings.load(standings_path), standings_path)


def test_the_rounds_own_problems_give_a_rating(tmp_path):
    basis = _basis(_round_contest(tmp_path), _round_standings(tmp_path, NAMES))
    assert basis.kind == RATING and basis.round_id == 9999
    assert basis.reason == "the problems are round 9999's own"


@pytest.mark.parametrize(("names", "why"), [
    ({**NAMES, "B": "Two Sum"}, "9999B is 'Two Sum' in round 9999, 'Pair With Sum' here"),
    ({"A": "Problem A", "B": "Problem B", "C": "Problem C"}, "9999A is 'Problem A'"),
])
def test_problems_that_differ_from_the_rounds_are_an_illustration(tmp_path, names, why):
    basis = _basis(_round_contest(tmp_path), _round_standings(tmp_path, names))
    assert basis.kind == ILLUSTRATION and why in basis.reason


def test_a_problem_set_that_misses_one_of_the_rounds_problems_is_an_illustration(tmp_path):
    basis = _basis(_round_contest(tmp_path), _round_standings(tmp_path, NAMES, keep_d=True))
    assert basis.kind == ILLUSTRATION and basis.reason == "round 9999 had problems A, B, C, D, the contest has A, B, C"


def test_another_rounds_standings_or_no_round_are_an_illustration(tmp_path):
    saved = _round_standings(tmp_path, NAMES)
    other = _round_contest(tmp_path / "x", "round = 1305", ("1305A", "1305B", "1305C"))
    assert _basis(other, saved).reason == "the problems are round 1305's, the standings round 9999's"
    plain = _basis(PRACTICE, saved)
    assert plain.kind == ILLUSTRATION and "names no round" in plain.reason
    own = _basis(PRACTICE, PRACTICE / "standings.json")
    assert own.kind == OWN_FIELD and own.round_id is None


def test_round_ids_come_from_the_data_or_the_file_name(tmp_path):
    assert standings.load(DATA / "contest-9999-standings.json").round_id == 9999  # contest.id
    renamed = tmp_path / "results.json"
    shutil.copy(DATA / "contest-9999-ratingChanges.json", renamed)
    assert standings.load(renamed).round_id == 9999  # contestId of the rows
    listed = tmp_path / "contest-1305-standings.json"
    listed.write_text(json.dumps([["a", 10, 0, 1500], ["b", 5, 0, 1500]]))
    assert standings.load(listed).round_id == 1305  # only the file name says
    assert standings.load(PRACTICE / "standings.json").round_id is None


@pytest.mark.parametrize(("extra", "problem"), [
    ("round = 9999\n", "needs codeforces"),
    ('round = "x"\n', "round must be"),
])
def test_a_round_needs_every_problem_id(tmp_path, extra, problem):
    (tmp_path / "a").mkdir()
    (tmp_path / "contest.toml").write_text(f'{extra}[[problems]]\ndir = "a"\npoints = 500\n')
    with pytest.raises(PackageError, match=problem):
        load_contest(tmp_path)
    (tmp_path / "contest.toml").write_text('[[problems]]\ndir = "a"\npoints = 500\ncodeforces = "A1"\n')
    with pytest.raises(PackageError, match="problem id like"):
        load_contest(tmp_path)


def test_cli_says_rating_or_illustration(tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    saved = _round_standings(tmp_path, NAMES)
    args = ["codeforces", "practice", "--sampler", f"replay:{empty}", "--standings", str(saved)]
    own = CliRunner().invoke(app, [*args[:2], str(_round_contest(tmp_path)), *args[2:]], env={"COLUMNS": "200"})
    assert own.exit_code == 0, own.output
    assert "round 9999, its own problems: place " in own.stdout and "rating 1500 -> " in own.stdout
    other = CliRunner().invoke(app, [*args[:2], str(PRACTICE), *args[2:], "--json"])
    assert other.exit_code == 0, other.output
    placement = json.loads(other.stdout)["placement"]
    assert placement["kind"] == "illustration" and placement["round"] == 9999


@pytest.mark.skipif(not REAL_1305.is_file(), reason="needs ../shared/codeforces")
def test_practice_points_in_round_1305_are_an_illustration(tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    res = CliRunner().invoke(app, ["codeforces", "practice", str(PRACTICE), "--standings", str(REAL_1305),
                                   "--sampler", f"replay:{empty}"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    text = " ".join(res.stdout.split())
    assert "ILLUSTRATION, not a rating: the points come from Practice Round 1's problems, not round 1305's" in text
    assert "rating 1500 ->" not in text
