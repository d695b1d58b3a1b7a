"""The pipeline at scale: layout dedupe, screening plans that resume exactly, a real pool judged end to
end, and a run SIGKILLed at random points that resumes with nothing judged twice and nothing lost."""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioi_agent.samplers.mutate import labelled_solutions, mutate_sources, whitespace_variant
from ioi_agent.scale import layout_key, run_scale
from ioi_agent.screening import Item, Plan, official_items, plan_items
from ioi_agent.store import RunStore
from judge.loaders import load_task
from judge.sandbox import make_sandbox

REPO = Path(__file__).resolve().parents[1]
DIGITSUM = REPO / "problems" / "digitsum"
PEAK = REPO / "problems" / "peak"  # the Communication task
FAST_BASES = ("full", "partial", "wa", "re", "ce")  # labelled solutions that do not run into limits


# -- layout --------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_whitespace_variants_are_one_program_and_literals_are_not_layout(seed):
    bases = labelled_solutions(DIGITSUM / "solutions")
    text = bases[seed % len(bases)][1]
    assert layout_key(whitespace_variant(text, random.Random(seed))) == layout_key(text)
    assert layout_key('puts("a  b");') != layout_key('puts("a b");')
    assert layout_key("#define X 1\nint y = X;") != layout_key("#define X 1 int y = X;")
    assert layout_key("int a = b - -c;") != layout_key("int a = b --c;")
    # comments are one blank, as the preprocessor makes them; not inside literals
    commented = "/* a\n multi-line comment */\n" + text.replace("\n", " // note\n", 3)
    assert layout_key(whitespace_variant(commented, random.Random(seed + 1))) == layout_key(text)
    assert layout_key("int/**/a;") == layout_key("int a;") != layout_key("inta;")
    assert layout_key('puts("//");') != layout_key('puts("');
    assert layout_key("#define X 1 /* a\n b */ + 1\nint y = X;") == layout_key("#define X 1 + 1\nint y = X;")
    # where layout or a misread literal could change the program, the text is the key
    for risky in ('printf("%d", __LINE__);\n', "int x = 1'000; // it's\n", 'puts("a\\\n b");', "int a; /* open"):
        assert layout_key(risky) == risky


# -- plans ---------------------------------------------------------------------------------------


items_strategy = st.lists(
    st.tuples(st.sets(st.sampled_from("abc"), max_size=2), st.booleans(), st.booleans()),  # groups, forced, fails
    min_size=1, max_size=12,
)  # fmt: skip


def _drive(plan: Plan, fails: dict[str, bool], recorded: dict[str, tuple[bool, bool]], stop: int | None) -> list[str]:
    """Run a plan one item at a time, recording as the pipeline does; stop after `stop` runs."""
    ran = []
    while todo := plan.start():
        for name in todo:
            if stop is not None and len(ran) >= stop:
                return ran
            ran.append(name)
            recorded[name] = (False, fails[name])
            for moot in plan.finish(name, fails[name]):
                recorded[moot] = (True, False)
    return ran


@settings(max_examples=200, deadline=None)
@given(items_strategy, st.integers(0, 12), st.booleans())
def test_a_plan_resumed_anywhere_runs_nothing_twice_and_reaches_the_same_verdicts(spec, stop, lose_moot):
    items = [Item(f"t{i}", tuple(sorted(g)), forced) for i, (g, forced, _) in enumerate(spec)]
    fails = {f"t{i}": f for i, (_, _, f) in enumerate(spec)}
    whole: dict[str, tuple[bool, bool]] = {}
    unbroken = Plan(items)
    _drive(unbroken, fails, whole, None)
    recorded: dict[str, tuple[bool, bool]] = {}
    first = _drive(Plan(items), fails, recorded, stop)
    if lose_moot:  # killed after a failure was written, before the skips it implies were
        recorded = {n: v for n, v in recorded.items() if not v[0]}
    resumed = Plan(items)
    for n in resumed.replay(recorded):
        recorded[n] = (True, False)
    second = _drive(resumed, fails, recorded, None)
    assert not set(first) & set(second)  # nothing judged twice
    assert resumed.complete and set(recorded) == {it.name for it in items}  # nothing lost
    # which runs happen may depend on completion order (as with threads), what they decide may not:
    # the same subtasks fail, and a run is skipped only when every subtask of it failed elsewhere
    assert resumed.dead == unbroken.dead
    for it in items:
        if recorded[it.name][0]:
            assert not it.forced and it.groups and set(it.groups) <= resumed.dead
        else:
            assert recorded[it.name][1] == fails[it.name]


def test_examples_come_first_and_official_screening_follows_the_subtasks():
    task = load_task(DIGITSUM)
    items = plan_items(task, [])
    forced = [it.name for it in items if it.forced]
    assert forced == list(task.public_tests) and [it.name for it in items[: len(forced)]] == forced
    assert {it.name for it in items} == set(task.test_names)
    assert [it.name for it in official_items(task)] == [*task.public_tests, *(n for n in task.test_names
                                                                             if n not in task.public_tests)]


# -- a real pool, end to end -------------------------------------------------------------------------


def _fast_bases(task_dir: Path = DIGITSUM) -> list[tuple[str, str]]:
    return [b for b in labelled_solutions(task_dir / "solutions") if b[0].split("/")[0] in FAST_BASES]


def test_a_pool_of_a_few_hundred_samples_through_the_whole_pipeline(tmp_path, monkeypatch):
    monkeypatch.setenv("IOI_AGENT_CACHE", str(tmp_path / "cache"))  # cold: every compile is counted
    pool = mutate_sources(_fast_bases(), 200, seed=7)
    task = load_task(DIGITSUM)
    with RunStore(tmp_path / "run") as store:
        result = run_scale(task, [(f"s{i}", m.text) for i, m in enumerate(pool)], store, make_sandbox("local"),
                           generators=DIGITSUM)  # fmt: skip
        assert result.samples == 200 and result.programs <= len({m.text for m in pool}) < 200
        assert result.judge.compiled_now == result.programs  # one compile per distinct program
        assert result.generated > 0 and result.clusters < result.programs
        per_program = len(task.tests) + result.generated
        judged = result.judge
        # every input of every compiled program settled exactly once: run, skipped by screening, or
        # copied from a program with the same executable
        assert judged.runs_now + judged.skipped_now + judged.shared_now == result.compiled * per_program
        assert judged.runs_now < 0.8 * result.programs * per_program  # screening skips a real share
        # the selection needed official runs of its submissions only; the rest were for the oracle
        assert result.feedback.programs == len(result.selection.decisions) and result.evaluate.runs_now > 0
        assert len(result.selection.decisions) <= 50
        assert result.selection.score >= 0.95 * result.oracle_at[50]
        assert all(result.random_at[k] <= result.oracle_at[k] + 1e-9 for k in range(1, 51))
        assert result.oracle_at[50] <= result.oracle
        # a second run over the finished store judges nothing and answers the same
        again = run_scale(task, [(f"s{i}", m.text) for i, m in enumerate(pool)], store, make_sandbox("local"),
                          generators=DIGITSUM)  # fmt: skip
        assert (again.judge.compiled_now, again.judge.runs_now, again.judge.skipped_now) == (0, 0, 0)
        assert again.selection == result.selection and again.oracle_at == result.oracle_at


# -- SIGKILL at random points ------------------------------------------------------------------------


def _cli(task_dir: Path, run_dir: Path, log: Path, bases: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ioi_agent.cli", "scale", str(task_dir), "--sampler", f"mutate:{bases}",
            "-n", "40", "--seed", "3", "--run-dir", str(run_dir), "--backend", "local", "--results-log", str(log),
            "--quiet", *extra]  # fmt: skip


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("task_dir", [DIGITSUM, PEAK], ids=["batch", "communication"])
def test_sigkill_at_random_points_resumes_with_nothing_judged_twice_and_nothing_lost(tmp_path, task_dir):
    bases = tmp_path / "bases" / "solutions"
    for name, text in _fast_bases(task_dir):
        (bases / name).parent.mkdir(parents=True, exist_ok=True)
        (bases / name).write_text(text)
    run_dir, log = tmp_path / "run", tmp_path / "results.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rng = random.Random(12)
    kills = 0
    for _ in range(4):  # kill after a random number of recorded results (0: during start-up)
        target = len(_lines(log)) + rng.randrange(0, 60)
        proc = subprocess.Popen(_cli(task_dir, run_dir, log, bases.parent), env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        while proc.poll() is None and len(_lines(log)) < target:
            time.sleep(0.02)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 2
    done = subprocess.run(_cli(task_dir, run_dir, log, bases.parent), env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"task={task_dir.name} samples=40 programs=\d+ selection=\S+ oracle@50=\S+ .*", last)
    entries = [tuple(line.split()[:2]) for line in _lines(log)]
    assert len(entries) == len(set(entries)), "a recorded result was judged again"
    # nothing lost: the store holds every result the log saw, and a run on it judges nothing more
    task = load_task(task_dir)
    with RunStore(run_dir) as store:
        from ioi_agent.pool import task_key

        key = task_key(task)
        stored = {(r.candidate, r.name) for r in store.test_results(key)}
        assert set(entries) <= stored  # (a kill between the store's write and the log's leaves it out of the log)
        final = subprocess.run(_cli(task_dir, run_dir, log, bases.parent), env=env, capture_output=True, text=True, timeout=300)
    def answer(line: str) -> str:  # the last line less its timing
        return re.sub(r" baselines_s=\S+", "", line)

    assert answer(final.stdout.strip().splitlines()[-1]) == answer(last)
    assert len(_lines(log)) == len(entries)  # the finished run judged nothing


# -- the runner's screening shares byte-identical programs --------------------------------------------


def test_programs_with_the_same_executable_run_once_and_share_every_result(tmp_path, monkeypatch):
    from ioi_agent.runner import CandidateRunner
    from ioi_agent.screening import official_failed

    monkeypatch.setenv("IOI_AGENT_CACHE", str(tmp_path / "cache"))
    task = load_task(DIGITSUM)
    bases = dict(_fast_bases())
    source = next(text for name, text in bases.items() if name.startswith("partial"))
    # an empty declaration at the end: two programs for the pipeline, one executable
    twin = source + "\n;\n"
    with RunStore(tmp_path / "run") as store:
        runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2))
        a, b = store.add_candidate(runner.key, source), store.add_candidate(runner.key, twin)
        assert layout_key(source) != layout_key(twin)
        items = official_items(task)
        stats = runner.screen([a, b], items, official_failed, "test-screen")
        assert stats.shared_now == len(items) and stats.runs_now + stats.skipped_now == len(items)
        rows = {cid: {(r.name, r.verdict, r.score, r.output_hash) for r in store.test_results(runner.key, cid)}
                for cid in (a, b)}  # fmt: skip
        assert rows[a] == rows[b] and len(rows[a]) == len(items)
        assert any(v == "Skipped" for _, v, _, _ in rows[a])  # partial: screening stopped a subtask
        again = runner.screen([a, b], items, official_failed, "test-screen")
        assert (again.runs_now, again.skipped_now, again.shared_now) == (0, 0, 0)
