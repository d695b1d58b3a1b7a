"""`eval selection` end to end on a tiny pool judged for real, plus pool discovery."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ioi_agent.cli.eval import app
from ioi_agent.pool import find_pools
from ioi_agent.store import RunStore

GOOD = "#include <cstdio>\nint main(){long long n;std::scanf(\"%lld\",&n);std::printf(\"%lld\\n\",n*n);}\n"
CANDIDATES = {
    "good.cpp": GOOD,
    "good_copy.cpp": GOOD,  # a duplicate sample: judged once, counted twice
    "good_other.cpp": "#include <iostream>\nint main(){long long n;std::cin>>n;std::cout<<n*n<<std::endl;return 0;}\n",
    "overflow.cpp": "#include <cstdio>\nint main(){int n;std::scanf(\"%d\",&n);std::printf(\"%d\\n\",n*n);}\n",
    "sum.cpp": "#include <cstdio>\nint main(){long long n;std::scanf(\"%lld\",&n);std::printf(\"%lld\\n\",n+n);}\n",
    "broken.cpp": "int main( {\n",
}
TESTS = {"0-01": 3, "1-01": 10, "1-02": 1000, "2-01": 100000, "2-02": 1000000000}
SUBTASKS = {"00-samples": (0, ["0-01"]), "01-small": (40, ["0-01", "1-01", "1-02"]), "02-full": (60, list(TESTS))}


def square_pool(root: Path) -> Path:
    """Task "sq" (print n squared; subtask 1: n <= 1000, subtask 2: n <= 1e9) with six candidates:
    three correct (two identical), one overflowing int, one wrong on the example, one not compiling."""
    pool = root / "sq"
    for d in ("tests", "subtasks", "candidates", "generated/1,2", "generated/2"):
        (pool / d).mkdir(parents=True)
    (pool / "problem.json").write_text(json.dumps(
        {"code": "sq", "name": "Square", "time_limit": 1, "memory_limit": 268435456, "task_type": "Batch",
         "task_type_params": "{\"task_type_parameters_Batch_compilation\": \"alone\"}", "score_precision": 2}))
    for name, n in TESTS.items():
        (pool / "tests" / f"{name}.in").write_text(f"{n}\n")
        (pool / "tests" / f"{name}.out").write_text(f"{n * n}\n")
    for name, (points, tests) in SUBTASKS.items():
        (pool / "subtasks" / f"{name}.json").write_text(json.dumps({"score": points, "testcases": tests}))
    for name, text in CANDIDATES.items():
        (pool / "candidates" / name).write_text(text)
    (pool / "generated" / "1,2" / "small.in").write_text("7\n")
    (pool / "generated" / "2" / "big.in").write_text("5000000\n")
    return pool


def summary(stdout: str) -> dict[str, float]:
    last = stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"selection=(\S+) random=(\S+) oracle=(\S+) ratio=(\S+)", last)
    assert match, last
    return dict(zip(("selection", "random", "oracle", "ratio"), map(float, match.groups())))


def test_eval_selection_end_to_end_and_resumed(tmp_path, monkeypatch):
    square_pool(tmp_path / "pools")
    (tmp_path / "pools" / "nocand").mkdir()
    (tmp_path / "pools" / "nocand" / "problem.json").write_text("{}")
    out = tmp_path / "run"
    runner = CliRunner()
    result = runner.invoke(app, ["selection", str(tmp_path / "pools"), "--budget", "1", "--out", str(out),
                                 "--workers", "2"])
    assert result.exit_code == 0, result.output
    got = summary(result.stdout)
    # The correct cluster (3 of the 6 samples) is the largest agreeing one: one submission suffices.
    assert got == {"selection": 100.0, "random": pytest.approx((3 * 100 + 40) / 6, abs=0.01), "oracle": 100.0,
                   "ratio": 1.0}
    assert "nocand" in result.stderr  # a task without candidates is skipped with a note
    assert (out / "selection.png").stat().st_size > 10_000
    with RunStore(out) as store:
        [key] = {k for (k,) in store._query("SELECT DISTINCT task FROM candidates")}
        assert len(store.candidates(key)) == 5  # identical sources share one id
        judged = store.test_results(key)
        assert len(judged) == 5 * (len(TESTS) + 2)
        [(_, feedback)] = store.submissions(key, "ioi@1")
        assert feedback == [0.0, 40.0, 60.0]

    # Resumed with the same run directory: nothing is judged again, the answer is the same.
    def no_judging(*args, **kwargs):
        raise AssertionError("a finished run was judged again")

    monkeypatch.setattr("judge.judging.Judge.judge", no_judging)
    again = runner.invoke(app, ["selection", str(tmp_path / "pools" / "sq"), "--budget", "1", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert summary(again.stdout) == got
    assert re.search(r"│\s*50\s*│", again.stdout)  # the budget table reaches K = 50


def test_no_pool_is_an_error(tmp_path):
    result = CliRunner().invoke(app, ["selection", str(tmp_path), "--out", str(tmp_path / "run")])
    assert result.exit_code == 2
    assert "no pool" in result.stderr


def test_find_pools_searches_directories_and_takes_archived_tasks(tmp_path):
    square_pool(tmp_path / "a" / "deep")
    zipped = tmp_path / "b" / "zipped"
    (zipped / "candidates").mkdir(parents=True)
    (zipped / "candidates" / "x.cpp").write_text(GOOD)
    with zipfile.ZipFile(zipped / "task.zip", "w") as z:
        z.writestr("problem.json", "{}")
    (tmp_path / "c" / "empty").mkdir(parents=True)
    (tmp_path / "c" / "empty" / "problem.json").write_text("{}")
    pools, notes = find_pools([tmp_path])
    assert [(p.name, p.package.name, len(p.sources)) for p in pools] == [("sq", "sq", 6), ("zipped", "task.zip", 1)]
    assert len(notes) == 1 and "empty" in notes[0]
    assert find_pools([tmp_path / "a" / "deep" / "sq"])[0] == pools[:1]  # a pool named directly


def test_output_only_candidates_are_programs_run_on_every_input(tmp_path):
    """OutputOnly: each candidate program runs on each input under the task's limits; the contestant
    sees what it printed (or that it failed) on every input, but a score only on the example."""
    from ioi_agent.evaluation import observation
    from ioi_agent.pool import judge_pool

    pool = tmp_path / "oo"
    for d in ("tests", "subtasks", "candidates"):
        (pool / d).mkdir(parents=True)
    (pool / "problem.json").write_text(json.dumps({"code": "oo", "time_limit": 0.2, "memory_limit": 268435456,
                                                   "task_type": "OutputOnly"}))
    for name, n in {"0-01": 3, "1-01": 10, "1-02": -1}.items():
        (pool / "tests" / f"{name}.in").write_text(f"{n}\n")
        (pool / "tests" / f"{name}.out").write_text(f"{n * n}\n")
    (pool / "subtasks" / "00-samples.json").write_text(json.dumps({"score": 0, "testcases": ["0-01"]}))
    (pool / "subtasks" / "01-rest.json").write_text(json.dumps({"score": 100, "testcases": ["1-01", "1-02"]}))
    (pool / "candidates" / "square.cpp").write_text(GOOD)
    (pool / "candidates" / "spin.cpp").write_text(  # loops forever on negative input
        "#include <cstdio>\nvolatile long long k;\nint main(){long long n;std::scanf(\"%lld\",&n);"
        "while(n<0)k++;std::printf(\"%lld\\n\",n*n);}\n")
    (pool / "candidates" / "broken.cpp").write_text("int main( {\n")
    [found], _ = find_pools([pool])
    with RunStore(tmp_path / "run") as store:
        result = judge_pool(found, store, workers=2)
    square, spin, broken = (next(c for c in result.candidates if c.origins == (f"oo/{n}",))
                            for n in ("square.cpp", "spin.cpp", "broken.cpp"))
    assert square.subtask_scores == (0.0, 100.0) and spin.subtask_scores == (0.0, 0.0)
    assert spin.tests["1-02"].verdict == "TLE" and spin.runs["1-02"].verdict == "TLE"
    assert not broken.compiled and broken.tests["1-01"].verdict == "CE"
    obs = observation(result)
    assert [i.key for i in obs.inputs] == ["0-01", "run:1-01", "run:1-02"]
    views = {v.id: v for v in obs.candidates}
    assert views[square.id].outcomes[1] == views[spin.id].outcomes[1]  # same output on 1-01
    assert views[spin.id].outcomes[2] == "TLE" and views[broken.id].outcomes == ("CE",) * 3


def test_eval_selection_reports_with_and_without_the_learned_scorer(tmp_path):
    """Two pools: each is ranked by a scorer trained on the other only (leave one task out); the
    output has both columns and both summary lines, and `--scorer none` drops the scorer's."""
    pools = tmp_path / "pools"
    square_pool(pools)
    other = square_pool(tmp_path / "second")
    meta = json.loads((other / "problem.json").read_text())
    (other / "problem.json").write_text(json.dumps(meta | {"code": "sq2"}))
    (pools / "sq2").symlink_to(other, target_is_directory=True)
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["selection", str(pools), "--budget", "1", "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-2].startswith("scorer=none selection=") and "+scorer" in result.stdout
    plain = summary(lines[-2].removeprefix("scorer=none ") + "\n")
    scored = summary(result.stdout)
    assert plain["oracle"] == scored["oracle"] == 200.0 and plain["random"] == scored["random"]
    with RunStore(out) as store:
        keys = [k for (k,) in store._query("SELECT DISTINCT task FROM submissions WHERE policy = 'ioi+scorer@1'")]
        assert len(keys) == 2  # both tasks were also run with the scorer
    none = CliRunner().invoke(app, ["selection", str(pools), "--budget", "1", "--out", str(out), "--scorer", "none"])
    assert none.exit_code == 0 and "+scorer" not in none.stdout
    assert summary(none.stdout) == plain


def test_eval_selection_learned_scorer_models_are_cached(tmp_path, monkeypatch):
    """Two pools: each is ranked by a model trained on the other (the contest's ScorerBank); the models
    land in the cache, and a rerun loads them instead of training again, with the same summary."""
    from ioi_agent import default_scorer

    square_pool(tmp_path / "pools")
    other = square_pool(tmp_path / "second")
    (other / "problem.json").write_text(json.dumps(json.loads((other / "problem.json").read_text()) | {"code": "sq2"}))
    (tmp_path / "pools" / "sq2").symlink_to(other, target_is_directory=True)
    monkeypatch.setenv("IOI_AGENT_CACHE", str(tmp_path / "cache"))
    args = ["selection", str(tmp_path / "pools"), "--budget", "1", "--out", str(tmp_path / "run"), "--workers", "2"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "+scorer" in first.stdout
    assert len(list((tmp_path / "cache" / "scorer").glob("model-*.pt"))) == 2  # one per left-out pool

    def no_training(*a, **k):
        raise AssertionError("a cached model was trained again")

    monkeypatch.setattr(default_scorer, "train", no_training)
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert summary(again.stdout) == summary(first.stdout)
