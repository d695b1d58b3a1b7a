"""The candidate runner: typed results per kind of input, what each task type records, resumability,
and generated inputs shared by many concurrent runs (the old temporary-file race)."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import REPO

from ioi_agent.runner import RAN, CandidateRunner, Progress, TestKind, kind_of, store_name
from judge.loaders import load_task
from judge.sandbox import make_sandbox
from judge.scoring import submission_score
from ioi_agent.store import RunStore

PROBLEMS = REPO / "problems"


def _add(store, key, folder, names):
    return [store.add_candidate(key, (folder / n).read_text(), origin=n) for n in names]


def test_store_names_and_kinds_round_trip():
    for kind, test in ((TestKind.GENERATED, "ab12"), (TestKind.RUN, "1-01"), (TestKind.OFFICIAL, "1-01"),
                       (TestKind.EXAMPLE, "0-01")):
        assert kind_of(store_name(kind, test), public=["0-01"]) == (kind, test)


def test_batch_kinds_progress_and_chunking_agree(tmp_path):
    """digitsum: examples are EXAMPLE, the rest OFFICIAL, generated inputs carry an output hash;
    one candidate per batch or all at once, the store ends the same."""
    task = load_task(PROBLEMS / "digitsum")
    names = ["c01.cpp", "c02.cpp", "c03.cpp", "c04.cpp"]
    scores = json.loads((PROBLEMS / "digitsum" / "candidate_scores.json").read_text())
    stores = []
    for chunk in (1, 32):
        store = RunStore(tmp_path / f"chunk{chunk}")
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2), chunk=chunk)
        cids = _add(store, runner.key, PROBLEMS / "digitsum" / "candidates", names)
        store.add_generated_test(runner.key, task.test(task.public_tests[0]).input.read_bytes(), (), "copy")
        store.add_generated_test(runner.key, b"7\n", (), "tiny")
        events: list[Progress] = []
        results = list(runner.run(cids, on_progress=events.append))
        total = len(set(cids)) * (len(task.tests) + 2)
        assert [e.done for e in events] == list(range(total + 1)) and {e.total for e in events} == {total}
        kinds = Counter(r.kind for r in results)
        assert kinds == {TestKind.EXAMPLE: len(set(cids)) * len(task.public_tests),
                         TestKind.OFFICIAL: len(set(cids)) * (len(task.tests) - len(task.public_tests)),
                         TestKind.GENERATED: 2 * len(set(cids))}
        for r in results:
            if r.kind is TestKind.GENERATED:
                assert (r.verdict == RAN) == (r.output_hash is not None)
        for cid, name in zip(cids, names):
            official = {r.test: r.score for r in runner.results(cid) if r.kind in (TestKind.EXAMPLE, TestKind.OFFICIAL)}
            total_score, _ = submission_score(task, official)
            assert total_score == pytest.approx(scores[name]["score"], abs=0.01), name
        assert list(runner.run(cids)) == []  # everything is in the store: nothing runs again
        stores.append({(r.candidate, r.test, r.verdict, r.score, r.output_hash) for r in store.test_results(runner.key)})
        store.close()
    assert stores[0] == stores[1]


def test_output_only_records_the_contestants_run_and_the_judged_output(tmp_path):
    """tour: a candidate prints the outputs; both its run (RUN) and the judged output are recorded,
    generated inputs are not run (the contestant has every input)."""
    task = load_task(PROBLEMS / "tour")
    scores = json.loads((PROBLEMS / "tour" / "candidate_scores.json").read_text())
    with RunStore(tmp_path) as store:
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2))
        assert runner.local_tests() == list(task.test_names) and not runner.task_type.runs_generated_inputs
        store.add_generated_test(runner.key, b"3\n", (), "ignored")
        [cid] = _add(store, runner.key, PROBLEMS / "tour" / "candidates", ["c01.cpp"])
        results = list(runner.run([cid]))
        assert Counter(r.kind for r in results)[TestKind.RUN] == len(task.tests)
        assert TestKind.GENERATED not in {r.kind for r in results}
        assert all((r.verdict == RAN) == bool(r.output_hash) for r in results if r.kind is TestKind.RUN)
        official = {r.test: r.score for r in results if r.kind in (TestKind.EXAMPLE, TestKind.OFFICIAL)}
        assert submission_score(task, official)[0] == pytest.approx(scores["c01.cpp"]["score"], abs=0.01)


def test_communication_behaviour_on_a_generated_input_is_the_managers_verdict(tmp_path):
    """peak: a generated input equal to an official test scores what that test scores."""
    task = load_task(PROBLEMS / "peak")
    test = next(t for t in task.tests if t.name not in task.public_tests)
    with RunStore(tmp_path) as store:
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2))
        gid = store.add_generated_test(runner.key, test.input.read_bytes(), (), "copy")
        cids = _add(store, runner.key, PROBLEMS / "peak" / "candidates", ["c01.cpp", "c02.cpp"])
        runner.judge_all(cids, tests=[test.name])
        for cid in cids:
            got = {(r.kind, r.test): r for r in runner.results(cid)}
            gen, official = got[TestKind.GENERATED, gid], got[TestKind.OFFICIAL, test.name]
            assert gen.output_hash is None and gen.score == official.score and gen.verdict == official.verdict


def test_many_runs_share_generated_inputs_without_colliding(tmp_path):
    """Several workers, candidates and generated inputs at once: every input is written once, by the
    calling thread, so no run can find its input missing (the old FileNotFoundError)."""
    task = load_task(PROBLEMS / "digitsum")
    with RunStore(tmp_path) as store:
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=4))
        cids = _add(store, runner.key, PROBLEMS / "digitsum" / "candidates", [f"c{i:02d}.cpp" for i in range(1, 7)])
        for n in range(6):
            store.add_generated_test(runner.key, f"{n + 10}\n".encode(), (), f"n{n}")
        runner.judge_all(cids, tests=[], generated=True)
        gens = [r for cid in set(cids) for r in runner.results(cid) if r.kind is TestKind.GENERATED]
        assert len(gens) == 6 * len(set(cids)) and "JE" not in {r.verdict for r in gens}
        assert sorted(p.name for p in runner.scratch.iterdir()) == sorted(f"{g.id}.in" for g in store.generated_tests(runner.key))
