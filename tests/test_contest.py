"""`ioi-agent contest simulate`: contest files, the simulated clock, end-to-end scores checked against
the judge directly, and resuming an interrupted run without redoing judged work."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ioi_agent import runner as runner_module
from ioi_agent.agent import POLICY, AgentConfig
from ioi_agent.cli import app
from ioi_agent.clock import Clock
from ioi_agent.contest import load_contest, parse_duration, run_contest
from ioi_agent.pool import task_key
from ioi_agent.store import RunStore
from judge.errors import PackageError
from judge.judging import Judge
from judge.loaders import load_task
from judge.scoring import round_score, task_score

PROBLEMS = REPO / "problems"


# -- contest definitions and the clock ------------------------------------------------------------


@given(h=st.integers(0, 9), m=st.integers(0, 59), s=st.integers(0, 59))
def test_parse_duration_adds_up_its_parts(h, m, s):
    total = h * 3600 + m * 60 + s
    text = "".join(f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v)
    if total == 0:
        with pytest.raises(ValueError):
            parse_duration(text or "0")
    else:
        assert parse_duration(text) == total
        assert parse_duration(total) == total


@pytest.mark.parametrize("bad", ["", "5x", "h", "-3", "1h-2m", True])
def test_parse_duration_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        parse_duration(bad)


def test_contest_directory_lists_task_packages_with_ioi_defaults():
    spec = load_contest(PROBLEMS)
    assert [p.name for p in spec.tasks] == ["digitsum", "divsum", "peak", "tour"]
    assert spec.duration_s == 5 * 3600 and spec.submissions == 50


@pytest.mark.parametrize("suffix,text", [
    (".toml", 'name = "mini"\nduration = "90m"\nsubmissions = 7\ntasks = ["{p}/divsum", "{p}/tour"]\n'),
    (".yaml", "name: mini\nduration: 5400\nsubmissions: 7\ntasks:\n  - {p}/divsum\n  - {p}/tour\n"),
])  # fmt: skip
def test_contest_file_names_tasks_duration_and_limit(tmp_path, suffix, text):
    f = tmp_path / f"c{suffix}"
    f.write_text(text.format(p=PROBLEMS))
    spec = load_contest(f)
    assert (spec.name, spec.duration_s, spec.submissions) == ("mini", 5400, 7)
    assert [p.name for p in spec.tasks] == ["divsum", "tour"]
    assert load_contest(f, duration_s=60, submissions=3).duration_s == 60


@pytest.mark.parametrize("text,problem", [
    ('tasks = []\n', "non-empty list"),
    ('tasks = ["nowhere"]\n', "does not exist"),
    ('tasks = ["{p}/divsum"]\nlength = 3\n', "unknown field"),
    ('tasks = ["{p}/divsum"]\nduration = "soon"\n', "duration"),
    ('tasks = [\n', "not valid TOML"),
])  # fmt: skip
def test_bad_contest_files_say_what_is_wrong(tmp_path, text, problem):
    f = tmp_path / "c.toml"
    f.write_text(text.format(p=PROBLEMS))
    with pytest.raises(PackageError, match=problem):
        load_contest(f)


def test_clock_lets_started_work_finish_and_counts_by_kind():
    clock = Clock(10.0)
    clock.charge(6, "sampling")
    assert not clock.expired and clock.remaining_s == 4
    clock.charge(5, "judging")
    clock.charge(-1, "judging")  # negative measurements never run the clock backwards
    assert clock.expired and clock.now == 11 and clock.charged == {"sampling": 6, "judging": 5}


# -- end to end -----------------------------------------------------------------------------------


def _contest_file(tmp_path: Path) -> Path:
    """divsum (Batch with grader and checker) and peak (Communication): two task types, small pools."""
    f = tmp_path / "mini.toml"
    f.write_text(f'name = "mini"\ntasks = ["{PROBLEMS}/divsum", "{PROBLEMS}/peak"]\n')
    return f


def _check_against_judge(res: dict, store_dir: Path) -> None:
    """Every submission's feedback is what the judge gives its source, and each task's score is the
    per-subtask best over its submissions."""
    with RunStore(store_dir) as store:
        for t in res["tasks"]:
            task = load_task(PROBLEMS / t["task"])
            sources = store.candidates(task_key(task))
            judge = Judge(task)
            feedback = []
            for s in t["submissions"]:
                # screening skips a subtask's tests after its first zero: the same subtask scores, sooner
                direct = [r.score for r in judge.judge(sources[s["candidate"]], screening=True).subtasks]
                # feedback is carried unrounded (totals round once); the judge shows each rounded
                assert [round_score(x, task.score_precision) for x in s["feedback"]] == direct, (t["task"], s)
                feedback.append(s["feedback"])
            assert t["score"] == task_score(task, feedback)
            assert [x["score"] for x in t["subtasks"]] == [max([0.0, *c]) for c in zip(*feedback)] or not feedback
            assert store.submissions(task_key(task), POLICY) == [(s["candidate"], s["feedback"]) for s in t["submissions"]]
    assert res["score"] == round_score(sum(x["score"] for t in res["tasks"] for x in t["subtasks"]), 2)


class _Stop(Exception):
    pass


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """The mini contest (6 samples per task, 3 per round) crashes at its first submission, then the
    CLI resumes it to the end, watched by a spy on the judge."""
    tmp = tmp_path_factory.mktemp("contest")
    contest, out = _contest_file(tmp), tmp / "run"
    spec = load_contest(contest)
    seen = []

    def crash(event):
        seen.append(event)
        if event.kind == "submission":  # the first one: later rounds and submissions are left
            raise _Stop

    with pytest.raises(_Stop):
        run_contest(spec, out, AgentConfig(budget=6, batch=3), on_event=crash)
    with RunStore(out) as store:
        before = {(k, r.candidate, r.test) for k in _keys(spec) for r in store.test_results(k)}
    asked = []
    original = runner_module.CaseJobs.evaluate_case

    def spy(self, compiled, submission, case):  # every run the runner does, by its store name
        asked.append((task_key(self.task), submission.source, case.name))
        return original(self, compiled, submission, case)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner_module.CaseJobs, "evaluate_case", spy)
        result = CliRunner().invoke(app, ["contest", "simulate", str(contest), "--out", str(out), "--resume",
                                          "--budget", "6", "--batch", "3", "--no-live"])
    assert result.exit_code == 0, result.output
    run = SimpleNamespace(out=out, spec=spec, output=result.output, seen=seen, before=before, asked=asked,
                          res=json.loads((out / "results.json").read_text()))
    return run


def _keys(spec) -> list[str]:
    return [task_key(load_task(p)) for p in spec.tasks]


def test_simulate_writes_results_report_and_plots(simulated):
    out, res, output = simulated.out, simulated.res, simulated.output
    assert {"contest", "duration_s", "submission_limit", "elapsed_s", "charged_s", "score", "max_score", "tasks",
            "events"} <= set(res)
    assert [t["task"] for t in res["tasks"]] == ["divsum", "peak"] and res["max_score"] == 200
    for t in res["tasks"]:
        assert t["samples"] in (3, 6) and t["rounds"] == t["samples"] // 3 and t["unofficial"] is False
        assert 1 <= len(t["submissions"]) <= 50
        assert {"name", "points", "score"} == set(t["subtasks"][0])
    # the clock: every replayed sample costs 2 s, judging adds the CPU time the judge measured
    samples = sum(t["samples"] for t in res["tasks"])
    assert res["charged_s"]["sampling"] == 2.0 * samples and res["elapsed_s"] > 2.0 * samples
    times = [e["time_s"] for e in res["events"]]
    assert times == sorted(times) and times[-1] <= res["elapsed_s"]
    for name in ("report.md", "score_over_time.png", "score_vs_samples.png"):
        assert (out / name).stat().st_size > 1000
    report = (out / "report.md").read_text()
    assert f"{res['score']:g} / 200" in report and "score_over_time.png" in report
    assert "divsum" in output and f"{res['score']:g}" in output


def test_simulated_scores_equal_the_judge_run_directly(simulated):
    _check_against_judge(simulated.res, simulated.out)


def test_existing_run_needs_resume(simulated):
    result = CliRunner().invoke(app, ["contest", "simulate", str(PROBLEMS), "--out", str(simulated.out), "--no-live"])
    assert result.exit_code == 2 and "--resume" in result.output


def test_a_task_that_does_not_load_leaves_no_run_behind(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "notes.txt").write_text("not a task package")
    contest = tmp_path / "c.toml"
    contest.write_text(f'tasks = ["{PROBLEMS}/divsum", "bad"]\n')
    out = tmp_path / "run"
    for _ in range(2):  # the same error again: no half-made run asks for --resume
        result = CliRunner().invoke(app, ["contest", "simulate", str(contest), "--out", str(out), "--no-live",
                                          "--backend", "local"])
        assert result.exit_code == 2 and "bad" in result.output and "--resume" not in result.output, result.output
    assert not out.exists() or not any(out.iterdir())


def test_resume_after_a_crash_redoes_no_judged_work(simulated):
    assert simulated.before and simulated.asked, "the crash left judged work behind and work to do"
    with RunStore(simulated.out) as store:
        ids = {(k, src): cid for k in _keys(simulated.spec) for cid, src in store.candidates(k).items()}
    redone = [(k, ids[(k, src)], t) for k, src, t in simulated.asked if (k, ids[(k, src)], t) in simulated.before]
    assert not redone, f"re-judged after resume: {redone[:3]}"
    # the clock is recomputed from the store: what happened before the crash keeps its times
    events = simulated.res["events"][:len(simulated.seen)]
    assert [(e["task"], e["kind"], e["time_s"]) for e in events] == [(e.task, e.kind, e.time_s) for e in simulated.seen]


def test_time_limit_stops_the_contest(tmp_path):
    out = tmp_path / "short"
    result = CliRunner().invoke(app, ["contest", "simulate", str(_contest_file(tmp_path)), "--out", str(out),
                                      "--budget", "6", "--batch", "3", "--duration", "5s", "--no-live"])
    assert result.exit_code == 0, result.output
    res = json.loads((out / "results.json").read_text())
    assert res["time_up"] and res["duration_s"] == 5
    # the first round (6 s of sampling) overran: nothing was submitted, the second task never started
    assert all(not t["submissions"] for t in res["tasks"])
    assert [t["samples"] for t in res["tasks"]] == [3, 0]


def test_unusable_contest_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["contest", "simulate", str(tmp_path), "--no-live", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no task packages" in result.output


# -- pacing: submissions wait for evidence when they are scarce -------------------------------------

SQUARE = "#include <cstdio>\nint main(){{long long n;std::scanf(\"%lld\",&n);{body}}}\n"
WRONG = [  # all pass the example (n = 3 -> 9) and agree there, so they form one cluster with the correct one
    "int m=n;std::printf(\"%d\\n\",m*m);",  # int overflow on the big tests
    "std::printf(\"%lld\\n\",n<=1000?n*n:0LL);",
    "std::printf(\"%lld\\n\",n==3?9LL:n*n+1);",
    "std::printf(\"%lld\\n\",n<100?n*n:n*n-1);",
    "std::printf(\"%lld\\n\",(n*n)%1000000007LL);",
    "std::printf(\"%lld\\n\",n<=10?n*n:2*n);",
]


def _paced_contest(tmp_path: Path) -> Path:
    """Task sq: 40 candidates, the first 10 wrong in six ways (each passes the example), the rest correct."""
    from test_eval_selection import square_pool

    pool = square_pool(tmp_path / "contest")
    for f in (pool / "candidates").iterdir():
        f.unlink()
    for i in range(40):
        body = WRONG[i % len(WRONG)] if i < 10 else "std::printf(\"%lld\\n\",n*n);"
        (pool / "candidates" / f"c{i + 1:02d}.cpp").write_text(SQUARE.format(body=body) + f"// {min(i, 10)}\n")
    return tmp_path / "contest"


def test_scarce_submissions_wait_for_better_samples(tmp_path):
    """5 submissions against a budget of 40: after 10 samples (all wrong) at most 2 are spent, and the
    correct programs that come later get the task full points."""
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["contest", "simulate", str(_paced_contest(tmp_path)), "--out", str(out),
                                      "--budget", "40", "--batch", "5", "--submissions", "5", "--scorer", "none",
                                      "--no-live"])
    assert result.exit_code == 0, result.output
    res = json.loads((out / "results.json").read_text())
    [task] = res["tasks"]
    sent_by_10 = [e for e in res["events"] if e["kind"] == "submission" and e["samples"] <= 10]
    assert len(sent_by_10) <= 2
    assert task["score"] == 100 and len(task["submissions"]) <= 5
    assert all(s["reason"] for s in task["submissions"])
    report = (out / "report.md").read_text()
    assert "why this one" in report and "generated tests" in report


def test_a_task_stopping_with_points_missing_and_samples_left_says_why():
    from ioi_agent.report import stop_reason

    t = {"score": 40.0, "max_score": 100.0, "samples": 25, "state": "out of submissions", "note": ""}
    assert stop_reason(t, 40) == "15 of 40 samples unused: all submissions were spent"
    assert stop_reason({**t, "samples": 40}, 40) == "" and stop_reason({**t, "score": 100.0}, 40) == ""
    assert "clock" in stop_reason({**t, "state": "time up"}, 40)


@given(limit=st.integers(1, 60), budget=st.integers(1, 200), sampled=st.integers(0, 200))
def test_pacing_spends_in_proportion_to_the_evidence(limit, budget, sampled):
    from ioi_agent.pacing import submissions_allowed

    sampled = min(sampled, budget)
    pace = submissions_allowed(limit, sampled, budget)
    assert 1 <= pace.allowed <= limit
    if limit >= budget:
        assert pace.allowed == limit and not pace.note  # not scarce: nothing held back
    else:
        assert pace.allowed >= limit * sampled / budget - 1e-9  # never behind the proportional share
        assert pace.allowed == max(1, -(-limit * sampled // budget))
        assert submissions_allowed(limit, sampled, budget, sampling_over=True).allowed == limit
        assert submissions_allowed(limit, sampled, budget, time_left_s=10, cycle_s=6).allowed == limit


def test_a_saved_scorer_reaches_the_contest_and_its_report(tmp_path):
    from test_scoring_model import synthetic

    from ioi_agent.scoring_model import train

    model = train([synthetic("a", 30, 1), synthetic("b", 30, 2)], hidden=0, epochs=20).save(tmp_path / "m.pt")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["contest", "simulate", str(_paced_contest(tmp_path)), "--out", str(out),
                                      "--budget", "10", "--batch", "5", "--submissions", "5", "--scorer", str(model),
                                      "--no-live"])
    assert result.exit_code == 0, result.output
    [task] = json.loads((out / "results.json").read_text())["tasks"]
    assert str(model) in task["scorer"] and task["submissions"]
    assert all("learned scorer expects" in s["reason"] for s in task["submissions"])
    bad = CliRunner().invoke(app, ["contest", "simulate", str(tmp_path / "contest"), "--out", str(tmp_path / "r2"),
                                   "--scorer", str(tmp_path / "nope.pt"), "--no-live"])
    assert bad.exit_code == 2 and "no such model" in bad.output
