"""The run store: append-only records, thread safety, and resuming a judging run killed mid-way."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ioi_agent.pool import collect, find_pools, judge_pool, judge_steps
from ioi_agent.runner import task_key
from ioi_agent.store import RunStore, StoredTest, TestKind, content_id, store_name
from judge.loaders import load_task


def test_records_round_trip_and_survive_reopening(tmp_path):
    with RunStore(tmp_path / "run") as store:
        pid = store.add_prompt("t", "write a program", subtask=2)
        cid = store.add_candidate("t", "int main(){}", origin="pool/a.cpp", prompt=pid)
        store.add_candidate("t", "int main(){}", origin="pool/b.cpp")  # a duplicate: same id, two origins
        store.add_compile("t", cid, True, "warning: x", 0.5)
        store.add_test_results("t", [StoredTest(cid, "1-01", "OK", 1.0, None, 0.1, 3.0, TestKind.EXAMPLE),
                                     StoredTest(cid, "ab", "Ran", 0.0, "ff", 0.2, 4.0, TestKind.GENERATED)])
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
        assert store.judged_tests("t", cid) == {(TestKind.EXAMPLE, "1-01"), (TestKind.GENERATED, "ab")}
        assert store.test_results("t", cid)[1].output_hash == "ff"
        [gen] = store.test_results("t", cid, [TestKind.GENERATED])
        assert (gen.kind, gen.test, gen.name) == (TestKind.GENERATED, "ab", "gen:ab")
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


def _downgrade_to_schema_1(path: Path) -> None:
    """Rewrite a store as schema 1 wrote it: no kind column, kinds as name prefixes."""
    import sqlite3

    db = sqlite3.connect(path)
    rows = [(task, cid, store_name(TestKind(kind), test), *rest)
            for task, cid, kind, test, *rest in db.execute("SELECT * FROM test_results")]
    db.executescript("""DROP TABLE test_results;
        CREATE TABLE test_results (
            task TEXT NOT NULL, candidate TEXT NOT NULL, test TEXT NOT NULL, verdict TEXT NOT NULL,
            score REAL NOT NULL, output_hash TEXT, cpu_s REAL NOT NULL, memory_mib REAL NOT NULL,
            PRIMARY KEY (task, candidate, test));
        UPDATE meta SET value = '1' WHERE key = 'schema';""")
    db.executemany("INSERT INTO test_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()


def test_a_schema_1_store_opens_and_its_rows_get_their_kinds(tmp_path):
    """A store from before the kind column: opened, it is migrated; the first runner of a task marks
    that task's examples; then the rows are what was written, and nothing is judged again."""
    from ioi_agent.runner import CandidateRunner
    from judge.sandbox import make_sandbox

    task = load_task(Path(__file__).resolve().parents[1] / "problems" / "digitsum")
    with RunStore(tmp_path) as store:
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2))
        cid = store.add_candidate(runner.key, (task.root / "candidates" / "c01.cpp").read_text())
        store.add_generated_test(runner.key, b"12\n", (), "test")
        runner.judge_all([cid])
        before = store.test_results(runner.key)
    assert {r.kind for r in before} == {TestKind.EXAMPLE, TestKind.OFFICIAL, TestKind.GENERATED}
    _downgrade_to_schema_1(store.path)
    with RunStore(tmp_path) as store:
        migrated = store.test_results(runner.key)
        assert [(r.kind, r.test) for r in migrated if r.kind is TestKind.GENERATED] == \
            [(r.kind, r.test) for r in before if r.kind is TestKind.GENERATED]
        assert TestKind.EXAMPLE not in {r.kind for r in migrated}  # schema 1 did not know examples
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2))
        assert store.test_results(runner.key) == before
        assert runner.missing([cid]) == {}
    with RunStore(tmp_path) as store:  # reopened: schema 2 now, nothing changes
        assert store._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("2",)
        assert store.test_results(runner.key) == before


# -- resuming a judging run --------------------------------------------------------------------------

ECHO = "#include <cstdio>\nint main(){long long n; if(scanf(\"%lld\",&n)==1) printf(\"%lld\\n\",n);}\n"
ONE = "#include <cstdio>\nint main(){puts(\"1\");}\n"


def tiny_pool(root: Path) -> Path:
    """A CMS-layout task (3 tests, 2 subtasks; the answer is the input) with 3 candidate files (two
    identical: the correct echo; one printing 1, right on the example only) and 2 generated inputs."""
    pool = root / "tiny"
    (pool / "tests").mkdir(parents=True)
    (pool / "subtasks").mkdir()
    (pool / "candidates").mkdir()
    (pool / "generated" / "1").mkdir(parents=True)
    (pool / "problem.json").write_text(json.dumps({"code": "tiny", "time_limit": 1, "memory_limit": 2**28,
                                                   "task_type": "Batch"}))
    for name, value in (("0-01", 1), ("1-01", 2), ("1-02", 3)):
        (pool / "tests" / f"{name}.in").write_text(f"{value}\n")
        (pool / "tests" / f"{name}.out").write_text(f"{value}\n")
    (pool / "subtasks" / "00-samples.json").write_text(json.dumps({"score": 0, "testcases": ["0-01"]}))
    (pool / "subtasks" / "01-all.json").write_text(json.dumps({"score": 100, "testcases": ["0-01", "1-01", "1-02"]}))
    for name, text in (("a.cpp", ECHO), ("b.cpp", ONE), ("c.cpp", ECHO)):
        (pool / "candidates" / name).write_text(text)
    (pool / "generated" / "x.in").write_text("7\n")
    (pool / "generated" / "1" / "y.in").write_text("8\n")
    return pool


@pytest.fixture
def counted(monkeypatch):
    """Counts every run the candidate runner does, by (source, store name of the input)."""
    import ioi_agent.runner as runner_module

    runs: list[tuple[str, str]] = []
    original = runner_module.CaseJobs.evaluate_case

    def spy(self, compiled, submission, case):
        runs.append((submission.source, case.name))
        return original(self, compiled, submission, case)

    monkeypatch.setattr(runner_module.CaseJobs, "evaluate_case", spy)
    return runs


def snapshot(store, result):
    """What must not depend on how the run was split: every result but its timings."""
    return ([(c.id, c.origins, c.subtask_scores, sorted(c.tests), sorted(c.generated)) for c in result.candidates],
            [(r.candidate, r.test, r.verdict, r.score, r.output_hash) for r in store.test_results(result.key)])


def test_a_run_stopped_between_steps_resumes_without_redoing_or_losing_work(tmp_path, counted):
    [pool], _ = find_pools([tiny_pool(tmp_path)])
    with RunStore(tmp_path / "reference") as reference:
        expected = snapshot(reference, judge_pool(pool, reference, workers=2))
    assert len(counted) == 2 * (3 + 2)  # identical sources are one candidate: 2 x (3 tests + 2 inputs)
    [echo] = [c for c in expected[0] if c[2] == (0.0, 100.0)]
    assert echo[1] == ("tiny/a.cpp", "tiny/c.cpp")

    counted.clear()
    with RunStore(tmp_path / "run") as store:
        steps = judge_steps(pool, store, workers=2)
        assert next(steps).total == 10
        next(steps), next(steps)  # two results recorded, then the run is stopped
        steps.close()
        kept = {(r.candidate, r.test) for r in store.test_results(task_key(load_task(pool.package)))}
    assert len(kept) == 2
    first = len(counted)
    with RunStore(tmp_path / "run") as store:  # a new process opens the store again
        result = judge_pool(pool, store, workers=2)
        assert snapshot(store, result) == expected
    assert len(counted) - first == 8  # only what was missing ran
    redone = {(cid, name) for src, name in counted[first:] for cid in [content_id(src)]}
    assert not redone & kept

    counted.clear()  # a finished run redoes nothing
    with RunStore(tmp_path / "run") as store:
        judge_pool(pool, store, workers=2)
    assert counted == []


def test_a_run_killed_mid_batch_keeps_the_results_it_recorded(tmp_path, counted):
    [pool], _ = find_pools([tiny_pool(tmp_path)])

    def die(event):
        if event.done == 3:
            raise KeyboardInterrupt  # the run is killed while other runs are in progress

    with RunStore(tmp_path / "run") as store, pytest.raises(KeyboardInterrupt):
        judge_pool(pool, store, workers=2, on_progress=die)
    counted.clear()
    with RunStore(tmp_path / "run") as store:
        result = judge_pool(pool, store, workers=2)
    assert len(counted) == 10 - 3
    assert sorted(c.subtask_scores for c in result.candidates) == [(0.0, 0.0), (0.0, 100.0)]
    good = next(c for c in result.candidates if c.subtask_scores[1] == 100)
    assert good.origins == ("tiny/a.cpp", "tiny/c.cpp")
    assert set(good.generated) == {g.id for g in result.generated}
    assert sorted(g.subtasks for g in result.generated) == [(), (1,)]  # generated/1/ meets subtask 1
    # behaviour on generated inputs: the echo prints them back, the other prints 1 on both
    bad = next(c for c in result.candidates if c is not good)
    assert len({r.output_hash for r in good.generated.values()}) == 2
    assert len({r.output_hash for r in bad.generated.values()}) == 1


def test_collect_refuses_a_pool_that_is_not_fully_judged(tmp_path):
    [pool], _ = find_pools([tiny_pool(tmp_path)])
    with RunStore(tmp_path / "run") as store:
        steps = judge_steps(pool, store, workers=1)
        next(steps), next(steps)
        steps.close()
        with pytest.raises(Exception, match="not fully judged"):
            collect(pool, store)
