"""The batch API: every (candidate, test) result streams out exactly once, official mode agrees with
`Judge.judge` candidate by candidate, screening stops a subtask at its first zero, and duplicates
compile and run once.

The task is built here: print twice the input number; six tests, three subtasks sharing test t2.
"""
from __future__ import annotations

import threading
import warnings
from collections import Counter

import pytest
from conftest import PeakBoxes

from judge.batch import BatchJudge, judge_batch
from judge.compile import compile_stats
from judge.judging import Judge
from judge.model import Limits, Subtask, Task, TestCase
from judge.sandbox.local import LocalSandbox
from judge.tasktypes import Submission
from judge.verdict import Verdict

INPUTS = {"t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": 5, "t6": 6}
SUBTASKS = {"st1": ("t1", "t2"), "st2": ("t2", "t3", "t4"), "st3": ("t5", "t6")}

# `n * 2` except where a candidate's condition says otherwise (plain cstdio: fast to compile).
TEMPLATE = '#include <cstdio>\nint main() { long long n; std::scanf("%lld", &n); std::printf("%lld\\n", {expr}); }\n'
CORRECT = TEMPLATE.replace("{expr}", "n * 2")
CANDIDATES = {
    "correct": CORRECT,
    "correct-crlf": CORRECT.replace("\n", "  \r\n"),  # compiled apart, yet the same executable: runs once
    "correct-again": CORRECT,  # the very same submission
    "fails-t3": TEMPLATE.replace("{expr}", "n == 3 ? 0 : n * 2"),
    "fails-t1-t2-t5": TEMPLATE.replace("{expr}", "(n == 1 || n == 2 || n == 5) ? 0 : n * 2"),
    "fails-t4-t6": TEMPLATE.replace("{expr}", "(n == 4 || n == 6) ? 0 : n * 2"),
    "ce": "int main() { return missing; }\n",
}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("IOI_AGENT_CACHE", str(tmp_path_factory.mktemp("cache")))
    root = tmp_path_factory.mktemp("task")
    tests = []
    for name, n in INPUTS.items():
        (root / f"{name}.in").write_text(f"{n}\n")
        (root / f"{name}.out").write_text(f"{2 * n}\n")
        tests.append(TestCase(name=name, input=root / f"{name}.in", output=root / f"{name}.out"))
    subtasks = [Subtask(index=i, name=name, points=p, tests=ts)
                for i, ((name, ts), p) in enumerate(zip(SUBTASKS.items(), (20, 30, 50)))]  # fmt: skip
    task = Task(code="double", name="Double", task_type="Batch", limits=Limits(time_s=1, memory_bytes=256 * 2**20),
                tests=tuple(tests), subtasks=tuple(subtasks), root=root)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sandbox = LocalSandbox(workers=2)
    yield task, sandbox
    mp.undo()


def counting_batch(task, sandbox, **kw) -> tuple[BatchJudge, Counter]:
    """A BatchJudge that counts its evaluations per (program, test)."""
    bj = BatchJudge(task, sandbox, progress=False, **kw)
    calls: Counter = Counter()
    evaluate = bj.judge.evaluate_test

    def counted(compiled, submission, test):
        calls[(hash(compiled.executable), test.name)] += 1
        return evaluate(compiled, submission, test)

    bj.judge.evaluate_test = counted
    return bj, calls


def test_every_result_streams_exactly_once_and_duplicates_cost_nothing(env):
    task, sandbox = env
    before = compile_stats()
    bj, calls = counting_batch(task, sandbox)
    seen = Counter((cid, r.name) for cid, r in bj.run(CANDIDATES))
    assert set(seen) == {(cid, t) for cid in CANDIDATES for t in INPUTS}
    assert set(seen.values()) == {1}
    # 6 distinct sources (correct x2 share one; ce fails): 6 compiles at most, fewer if an earlier
    # test already cached some. correct-crlf compiles to the very executable of correct.
    assert compile_stats()["compiles"] - before["compiles"] <= 6
    assert set(calls.values()) == {1}  # no (program, test) ran twice
    assert len(calls) == 4 * len(INPUTS)  # 4 programs that compile, every test once


def test_official_results_equal_judge_judge(env):
    task, sandbox = env
    batch = BatchJudge(task, sandbox, progress=False).judge_all(CANDIDATES)
    judge = Judge(task, sandbox)
    for cid, source in CANDIDATES.items():
        expected = judge.judge(source)
        got = batch[cid]
        assert got.score == expected.score and got.subtasks == expected.subtasks, cid
        assert got.compile.ok == expected.compile.ok
        assert [(t.name, t.verdict, t.score, t.message) for t in got.tests] == [
            (t.name, t.verdict, t.score, t.message) for t in expected.tests
        ], cid
    assert batch["correct"].score == 100 and batch["ce"].score == 0
    assert batch["fails-t3"].score == 70 and batch["fails-t1-t2-t5"].score == 0
    assert {t.verdict for t in batch["ce"].tests} == {Verdict.CE}


def test_screening_stops_each_subtask_at_its_first_zero(env):
    task, sandbox = env
    bj, calls = counting_batch(task, sandbox)
    results = bj.judge_all(CANDIDATES, screening=True)

    def verdicts(cid):
        return {t.name: t.verdict for t in results[cid].tests}

    # t3 fails: st2's t4 is skipped; t2 already passed for st1.
    assert verdicts("fails-t3") == {"t1": Verdict.OK, "t2": Verdict.OK, "t3": Verdict.WA, "t4": Verdict.SKIPPED,
                                    "t5": Verdict.OK, "t6": Verdict.OK}  # fmt: skip
    # t1 fails st1, but t2 is still needed by st2 (runs, fails: t3, t4 skipped); t5 fails st3 (t6 skipped).
    assert verdicts("fails-t1-t2-t5") == {"t1": Verdict.WA, "t2": Verdict.WA, "t3": Verdict.SKIPPED,
                                          "t4": Verdict.SKIPPED, "t5": Verdict.WA, "t6": Verdict.SKIPPED}  # fmt: skip
    # Failing the last test of a subtask leaves nothing to skip.
    assert Verdict.SKIPPED not in verdicts("fails-t4-t6").values()
    assert all(t.verdict is Verdict.OK for t in results["correct-crlf"].tests)
    # Scores are those of the official run: a skipped test only ever follows a zero in its subtask.
    official = BatchJudge(task, sandbox, progress=False).judge_all(CANDIDATES)
    assert {c: r.score for c, r in results.items()} == {c: r.score for c, r in official.items()}
    # Runs: correct 6, fails-t3 5, fails-t1-t2-t5 3, fails-t4-t6 6; duplicates of correct none.
    assert sum(calls.values()) == 6 + 5 + 3 + 6


def test_restricted_tests_and_judge_batch(env):
    task, sandbox = env
    out = judge_batch(task, {"a": CANDIDATES["fails-t3"], "b": Submission(source=CORRECT)}, sandbox,
                      tests=["t3", "t5"])  # fmt: skip
    assert [t.name for t in out["a"].tests] == ["t3", "t5"]
    assert out["a"].tests[0].verdict is Verdict.WA and out["b"].tests[0].verdict is Verdict.OK
    assert out["b"].score == Judge(task, sandbox).judge(CORRECT, tests=["t3", "t5"]).score


def test_compiles_and_runs_share_a_pool_of_sandbox_workers(env):
    task, sandbox = env
    counting = PeakBoxes(sandbox, workers=2)
    fresh = {f"v{k}": TEMPLATE.replace("{expr}", f"n * 2 + {k} * 0") for k in range(4)}  # new compiles
    results = list(BatchJudge(task, counting, progress=False).run(fresh))
    assert len(results) == 4 * len(INPUTS) and counting.peak <= 2


def test_stopping_early_leaves_nothing_running(env):
    task, sandbox = env
    stream = BatchJudge(task, sandbox, progress=False).run(CANDIDATES)
    first = next(stream)
    stream.close()  # shuts the pool down: returns once the runs in flight are done
    assert first[0] in CANDIDATES
    assert not [t for t in threading.enumerate() if t.name.startswith("batch-judge")]


def test_progress_bar_goes_to_stderr_and_vanishes(env, capsys):
    task, sandbox = env
    results = list(BatchJudge(task, sandbox, progress=True).run({"c": CORRECT}))
    assert len(results) == len(INPUTS)
    assert capsys.readouterr().out == ""
