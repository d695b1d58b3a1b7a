"""The run store: append-only records, thread safety, and resuming a judging run killed mid-way."""
from __future__ import annotations

import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from ioi_agent.pool import collect, find_pools, judge_pool, judge_steps
from ioi_agent.store import RunStore, StoredTest, content_id
from judge.verdict import CompileResult, TestResult, Verdict


def test_records_round_trip_and_survive_reopening(tmp_path):
    with RunStore(tmp_path / "run") as store:
        pid = store.add_prompt("t", "write a program", subtask=2)
        cid = store.add_candidate("t", "int main(){}", origin="pool/a.cpp", prompt=pid)
        store.add_candidate("t", "int main(){}", origin="pool/b.cpp")  # a duplicate: same id, two origins
        store.add_compile("t", cid, True, "warning: x", 0.5)
        store.add_test_results("t", [StoredTest(cid, "1-01", "OK", 1.0, None, 0.1, 3.0),
                                     StoredTest(cid, "gen:ab", "Ran", 0.0, "ff", 0.2, 4.0)])
        gid = store.add_generated_test("t", b"1 2\n", subtasks=[3, 1, 3], origin="gen.cpp seed 1")
        store.add_clusters("t", "public", {cid: 0})
        store.add_submissions("t", "ioi@5", [(cid, [0.0, 15.0])])
        store.mark_done("judged", f"t/{cid}")
    with RunStore(tmp_path / "run" / "run.sqlite") as store:  # the file itself opens the same store
        assert store.prompt(pid) == "write a program"
        assert store.candidates("t") == {cid: "int main(){}"}
        assert cid == content_id("int main(){}")
        assert store.origins("t") == {cid: ["pool/a.cpp", "pool/b.cpp"]}
        assert store.compile_result("t", cid).ok and store.compile_result("t", "nope") is None
        assert store.judged_tests("t", cid) == {"1-01", "gen:ab"}
        assert store.test_results("t", cid)[1].output_hash == "ff"
        [g] = store.generated_tests("t")
        assert (g.id, g.input, g.subtasks) == (gid, b"1 2\n", (1, 3))
        assert store.clusters("t", "public") == {cid: 0}
        assert store.submissions("t", "ioi@5") == [(cid, [0.0, 15.0])]
        assert store.is_done("judged", f"t/{cid}") and not store.is_done("judged", "t/other")


def test_records_are_append_only_first_write_wins(tmp_path):
    with RunStore(tmp_path) as store:
        store.add_test_results("t", [StoredTest("c", "x", "OK", 1.0, None, 0.1, 1.0)])
        store.add_test_results("t", [StoredTest("c", "x", "WA", 0.0, None, 0.1, 1.0)])
        store.add_compile("t", "c", True)
        store.add_compile("t", "c", False, "later")
        store.add_submissions("t", "p", [("c", [1.0])])
        store.add_submissions("t", "p", [("d", [0.0])])
        assert [r.verdict for r in store.test_results("t")] == ["OK"]
        assert store.compile_result("t", "c").ok
        assert store.submissions("t", "p") == [("c", [1.0])]


def test_the_store_is_safe_to_share_between_threads(tmp_path):
    with RunStore(tmp_path) as store:
        def work(t: int) -> None:
            for i in range(100):
                store.add_test_results("t", [StoredTest(f"c{t}", f"{i}", "OK", 1.0, None, 0.0, 0.0)])
                store.mark_done("x", f"{t}/{i}")
                assert store.is_done("x", f"{t}/{i}")

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert len(store.test_results("t")) == 800


def test_a_store_of_another_schema_is_refused(tmp_path):
    with RunStore(tmp_path) as store:
        store._db.execute("UPDATE meta SET value='0' WHERE key='schema'")
    with pytest.raises(ValueError, match="schema"):
        RunStore(tmp_path)


# -- resuming a judging run --------------------------------------------------------------------------


def tiny_pool(root: Path) -> Path:
    """A CMS-layout task (3 tests, 2 subtasks) with 3 candidate files (two identical) and 2 generated
    inputs. The fake runner below never compiles anything, so the sources are only labels."""
    pool = root / "tiny"
    (pool / "tests").mkdir(parents=True)
    (pool / "subtasks").mkdir()
    (pool / "candidates").mkdir()
    (pool / "generated" / "1").mkdir(parents=True)
    (pool / "problem.json").write_text(json.dumps({"code": "tiny", "time_limit": 1, "memory_limit": 2**28,
                                                   "task_type": "Batch"}))
    for name in ("0-01", "1-01", "1-02"):
        (pool / "tests" / f"{name}.in").write_text(name)
        (pool / "tests" / f"{name}.out").write_text(name)
    (pool / "subtasks" / "00-samples.json").write_text(json.dumps({"score": 0, "testcases": ["0-01"]}))
    (pool / "subtasks" / "01-all.json").write_text(json.dumps({"score": 100, "testcases": ["0-01", "1-01", "1-02"]}))
    for name, text in (("a.cpp", "good"), ("b.cpp", "bad"), ("c.cpp", "good")):
        (pool / "candidates" / name).write_text(text)
    (pool / "generated" / "x.in").write_text("7")
    (pool / "generated" / "1" / "y.in").write_text("8")
    return pool


class FakeRunner:
    """Scores tests from the source text; counts every run; can die after `die_after` test results."""

    def __init__(self, die_after: int | None = None):
        self.official_runs: list[tuple[str, tuple[str, ...]]] = []
        self.generated_runs: list[tuple[str, str]] = []
        self.die_after = die_after

    def official(self, source, tests, on_result, on_observed):
        self.official_runs.append((source, tuple(tests)))
        results = []
        for name in tests:
            if self.die_after is not None and len(results) == self.die_after:
                raise KeyboardInterrupt  # the run is killed in the middle of a candidate
            ok = source == "good" or name == "0-01"
            r = TestResult(name=name, verdict=Verdict.OK if ok else Verdict.WA, score=float(ok))
            on_result(r)
            results.append(r)
        return SimpleNamespace(tests=results, compile=CompileResult(ok=True))

    def generated(self, source, test):
        self.generated_runs.append((source, test.id))
        return StoredTest("", f"gen:{test.id}", "Ran", 0.0, content_id(source + test.id), 0.0, 0.0)


def factory(runner):
    return lambda task, scratch: runner


def snapshot(store, result):
    return ([(c.id, c.origins, c.subtask_scores, sorted(c.tests), sorted(c.generated)) for c in result.candidates],
            store.test_results(result.key))


def test_a_run_stopped_between_steps_resumes_without_redoing_or_losing_work(tmp_path):
    [pool], _ = find_pools([tiny_pool(tmp_path)])
    reference = RunStore(tmp_path / "reference")
    full = FakeRunner()
    expected = snapshot(reference, judge_pool(pool, reference, workers=1, runner_factory=factory(full)))
    assert len(full.official_runs) == 2  # identical sources are judged once
    assert len(full.generated_runs) == 4  # 2 distinct candidates x 2 generated inputs

    first = FakeRunner()
    with RunStore(tmp_path / "run") as store:
        steps = judge_steps(pool, store, factory(first), workers=1)
        _, total = next(steps)
        assert total == 2 * 3 + 2 * 2
        next(steps), next(steps)  # two steps done, then the run is stopped
        steps.close()
    second = FakeRunner()
    with RunStore(tmp_path / "run") as store:  # a new process opens the store again
        result = judge_pool(pool, store, workers=1, runner_factory=factory(second))
        assert snapshot(store, result) == expected
    assert len(first.official_runs) + len(second.official_runs) == 2
    assert len(first.generated_runs) + len(second.generated_runs) == 4
    assert not set(first.generated_runs) & set(second.generated_runs)

    third = FakeRunner()  # a finished run redoes nothing
    with RunStore(tmp_path / "run") as store:
        judge_pool(pool, store, workers=1, runner_factory=factory(third))
    assert third.official_runs == [] and third.generated_runs == []


def test_a_run_killed_inside_a_candidate_keeps_the_tests_it_finished(tmp_path):
    [pool], _ = find_pools([tiny_pool(tmp_path)])
    with RunStore(tmp_path / "run") as store, pytest.raises(KeyboardInterrupt):
        judge_pool(pool, store, workers=1, runner_factory=factory(FakeRunner(die_after=2)))
    resumed = FakeRunner()
    with RunStore(tmp_path / "run") as store:
        result = judge_pool(pool, store, workers=1, runner_factory=factory(resumed))
    first_tests = resumed.official_runs[0][1]
    assert first_tests == ("1-02",)  # only the test the killed run had not finished
    assert sorted(c.subtask_scores for c in result.candidates) == [(0.0, 0.0), (0.0, 100.0)]
    good = next(c for c in result.candidates if c.subtask_scores[1] == 100)
    assert good.origins == ("tiny/a.cpp", "tiny/c.cpp")
    assert set(good.generated) == {g.id for g in result.generated}
    assert sorted(g.subtasks for g in result.generated) == [(), (1,)]  # generated/1/ meets subtask 1


def test_collect_refuses_a_pool_that_is_not_fully_judged(tmp_path):
    [pool], _ = find_pools([tiny_pool(tmp_path)])
    with RunStore(tmp_path / "run") as store:
        steps = judge_steps(pool, store, factory(FakeRunner()), workers=1)
        next(steps), next(steps)
        steps.close()
        with pytest.raises(Exception, match="not fully judged"):
            collect(pool, store)
