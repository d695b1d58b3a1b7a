"""Label files (`candidate_scores.json`): the shipped ones agree with the judge, a label file that does
not fit its pool is refused in one line, and `observe_pool` runs only what a contestant runs."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ioi_agent.pool import LABELS, LabelError, find_pools, judge_pool, observe_pool, read_labels
from ioi_agent.store import RunStore, TestKind
from judge.loaders import load_task
from judge.sandbox import make_sandbox
from test_eval_selection import square_pool

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"
SQUARE_LABELS = {"good.cpp": [0, 40, 60], "good_copy.cpp": [0, 40, 60], "good_other.cpp": [0, 40, 60],
                 "overflow.cpp": [0, 40, 0], "sum.cpp": [0, 0, 0], "broken.cpp": [0, 0, 0]}
SAMPLE = 3  # candidates per shipped pool judged in full here (seeded; all of them take minutes on 2 cores: too slow for CI)


def labelled_square_pool(root: Path) -> Path:
    pool = square_pool(root)
    (pool / LABELS).write_text(json.dumps({k: {"score": sum(v), "subtasks": v} for k, v in SQUARE_LABELS.items()}))
    return pool


@pytest.mark.parametrize("name", ["digitsum", "divsum", "peak", "tour"])
def test_shipped_labels_agree_with_the_judge(name, tmp_path):
    """A seeded sample of each shipped pool, judged on every official test: its per-subtask scores are
    the label file's (rounded there to the task's precision), and so is which subtasks are full."""
    [pool], _ = find_pools([PROBLEMS / name])
    task = load_task(pool.package)
    labels = read_labels(pool, task)
    chosen = sorted(random.Random(f"labels-{name}").sample(sorted(labels), SAMPLE))
    sample = type(pool)(root=pool.root, package=pool.package, sources=tuple(pool.root / pool.folder / n for n in chosen))
    with RunStore(tmp_path) as store:
        result = judge_pool(sample, store, workers=2, sandbox=make_sandbox("local", workers=2))
    for c in result.candidates:
        for origin in c.origins:
            want = labels[origin.split("/", 1)[1]]
            assert c.subtask_scores == pytest.approx(want, abs=0.005 + 1e-9), origin
            full = [s >= st.points - 1e-9 for s, st in zip(c.subtask_scores, task.subtasks)]
            assert full == [w >= st.points - 1e-9 for w, st in zip(want, task.subtasks)], origin


def test_observed_pool_takes_labels_and_judges_no_hidden_test(tmp_path):
    pool_dir = labelled_square_pool(tmp_path / "pools")
    [pool], _ = find_pools([pool_dir])
    with RunStore(tmp_path / "observed") as store:
        observed = observe_pool(pool, store, workers=2, sandbox=make_sandbox("local", workers=2))
        kinds = {r.kind for r in store.test_results(observed.key)}
    assert kinds == {TestKind.EXAMPLE, TestKind.GENERATED}  # examples and generated inputs only
    with RunStore(tmp_path / "judged") as store:
        judged = judge_pool(pool, store, workers=2, sandbox=make_sandbox("local", workers=2))
    assert [c.subtask_scores for c in observed.candidates] == [c.subtask_scores for c in judged.candidates]
    def seen(runs):  # what a run shows, less its measured time and memory
        return {n: (r.kind, r.verdict, r.score, r.output_hash) for n, r in runs.items()}

    for a, b in zip(observed.candidates, judged.candidates):  # what the features read is the same
        assert set(a.tests) == set(observed.task.public_tests) and seen(a.generated) == seen(b.generated)
        assert seen({n: b.tests[n] for n in a.tests}) == seen(a.tests)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("sum.cpp"), "no label for 1 candidate(s) of candidates/: sum.cpp"),
    (lambda d: d.update({"gone.cpp": d["sum.cpp"]}), "labels for file(s) not in candidates/: gone.cpp"),
    (lambda d: d["good.cpp"].update(subtasks=[40, 60]), "good.cpp: 2 subtask scores, the task has 3 subtasks"),
    (lambda d: d["good.cpp"].update(score=90), "good.cpp: score 90 is not the sum of its subtasks (100)"),
    (lambda d: d["good.cpp"].pop("subtasks"), "good.cpp: expected {\"subtasks\": [numbers]}"),
])
def test_a_label_file_that_does_not_fit_its_pool_is_refused_in_one_line(tmp_path, change, message):
    pool_dir = labelled_square_pool(tmp_path)
    raw = json.loads((pool_dir / LABELS).read_text())
    change(raw)
    (pool_dir / LABELS).write_text(json.dumps(raw))
    [pool], _ = find_pools([pool_dir])
    with pytest.raises(LabelError) as e:
        read_labels(pool, load_task(pool.package))
    assert str(e.value) == f"{pool_dir / LABELS}: {message}"


def test_identical_sources_with_different_labels_are_refused(tmp_path):
    pool_dir = labelled_square_pool(tmp_path / "pools")
    raw = json.loads((pool_dir / LABELS).read_text())
    raw["good_copy.cpp"] = {"subtasks": [0, 40, 0]}
    (pool_dir / LABELS).write_text(json.dumps(raw))
    [pool], _ = find_pools([pool_dir])
    with RunStore(tmp_path / "s") as store, pytest.raises(LabelError, match="different labels"):
        observe_pool(pool, store, workers=2, sandbox=make_sandbox("local", workers=2))
