"""Kattis problem packages: the loader (legacy and 2023-07-draft), grading, the time-limit rule,
`verify` and `judge` as a user runs them. Small packages are built here; problemtools' `hello`
and `guess` examples come from ../shared (skipped when absent)."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED
from judge.errors import PackageError
from judge.judging import Judge
from judge.kattis.grading import Graded, default_grader, grade
from judge.kattis.timelimit import time_limit_rule
from judge.kattis.verify import _with_time, verify
from judge.loaders import detect_format, load_task
from judge.loaders.kattis import GroupSettings, _settings, read_groups
from judge.loaders.package import open_package
from judge.sandbox import make_sandbox
from judge.tasktypes import Submission
from judge.verdict import TestResult, Verdict

EXAMPLES = SHARED / "kattis" / "problemtools-examples"


def example(name: str) -> Path:
    p = EXAMPLES / name
    if not p.is_dir():
        pytest.skip(f"{p} not present (../shared is needed beside the project)")
    return p


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


DOUBLER = {  # scoring, two groups, a symlinked test, a sample with an .interaction illustration
    "problem.yaml": "name: Doubler\ntype: scoring\nlimits:\n  time_multiplier: 3\n  memory: 256\n",
    "data/testdata.yaml": "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample\n",
    "data/sample/1.in": "1\n", "data/sample/1.ans": "2\n",
    "data/secret/testdata.yaml": "on_reject: continue\nrange: 0 100\ngrader_flags: first_error accept_if_any_accepted\n",
    "data/secret/small/testdata.yaml": "accept_score: 40\nrange: 0 40\ngrader_flags: min\n",
    "data/secret/small/a.in": "3\n", "data/secret/small/a.ans": "6\n",
    "data/secret/big/testdata.yaml": "accept_score: 20\nrange: 0 60\n",
    "data/secret/big/b.in": "2000000000\n", "data/secret/big/b.ans": "4000000000\n",
}
DOUBLE_OK = "#include <cstdio>\nint main(){long long x;scanf(\"%lld\",&x);printf(\"%lld\\n\",2*x);}\n"
DOUBLE_INT = "#include <cstdio>\nint main(){int x;scanf(\"%d\",&x);printf(\"%d\\n\",2*x);}\n"  # overflows on big


def doubler(tmp_path: Path) -> Path:
    root = write(tmp_path / "doubler", DOUBLER)
    (root / "data/secret/big/c.in").symlink_to("b.in")
    (root / "data/secret/big/c.ans").symlink_to("b.ans")
    (root / "data/secret/big/d.in").write_text("../small/a.in")  # a symlink stored as a plain file
    (root / "data/secret/big/d.ans").write_text("../small/a.ans")
    return root


def test_loads_groups_as_subtasks(tmp_path: Path) -> None:
    root = doubler(tmp_path)
    assert detect_format(root) == "kattis"
    task = load_task(root)
    assert (task.code, task.name, task.task_type, task.checker, task.checker_protocol) == (
        "doubler", "Doubler", "Batch", None, "kattis")
    assert task.limits.memory_bytes == 256 << 20
    assert task.languages == ("cpp", "c", "python3")
    assert [(s.name, s.points, s.aggregation, s.tests) for s in task.subtasks] == [
        ("sample", 0, "min", ("sample.1",)),  # ignore_sample: worth nothing
        ("secret/big", 60, "sum", ("secret.big.b", "secret.big.c", "secret.big.d")),
        ("secret/small", 40, "min", ("secret.small.a",)),
    ]
    assert task.test("secret.big.c").input.read_text() == "2000000000\n"
    assert task.test("secret.big.d").input.read_text() == "3\n"
    assert task.public_tests == ("sample.1",)
    assert task.task_type_params["time_multiplier"] == 3


def test_settings_inherit(tmp_path: Path) -> None:
    groups = read_groups(open_package(doubler(tmp_path)))
    by_path = {g.path: g.settings for g in groups.walk()}
    assert by_path["secret/small"].on_reject == "continue"  # inherited from secret/
    assert by_path["secret/small"].grader_flags == ("min",)
    assert by_path["secret/big"].accept_score == 20 and by_path["secret/big"].range == (0, 60)


@pytest.mark.parametrize("rel, text, named, complaint", [
    ("problem.yaml", "name: [unclosed\n", "problem.yaml", "invalid YAML"),
    ("problem.yaml", "type: multi-pass\n", "problem.yaml", "unknown problem type"),
    ("problem.yaml", "validation: custom\n", "output_validators", "custom validation needs an output validator"),
    ("problem.yaml", "limits:\n  memory: -1\n", "problem.yaml", "limits.memory must be a positive number"),
    ("data/secret/testdata.yaml", "grader_flags: minimum\n", "secret/testdata.yaml", "unknown grader flag 'minimum'"),
    ("data/secret/testdata.yaml", "range: 10 0\n", "secret/testdata.yaml", "range 10 0 is empty"),
    ("data/secret/testdata.yaml", "on_rejekt: break\n", "secret/testdata.yaml", "unknown key 'on_rejekt'"),
    ("data/secret/small/e.in", "5\n", "small/e.ans", "missing"),
    ("data/secret/small/f.in", "../nowhere.in", "small/f.in", "does not exist"),
])
def test_broken_package_is_one_error_naming_the_file(tmp_path: Path, rel: str, text: str, named: str,
                                                     complaint: str) -> None:
    root = write(tmp_path / "doubler", DOUBLER)
    write(root, {rel: text})
    if rel.endswith("f.in"):
        write(root, {"data/secret/small/f.ans": "1\n"})
    with pytest.raises(PackageError) as exc:
        load_task(root)
    message = str(exc.value)
    assert complaint in message and "\n" not in message
    assert f"{named}: " in message


flags = st.lists(st.sampled_from(["min", "sum", "max", "first_error", "ignore_sample", "accept_if_any_accepted"]),
                 max_size=3, unique=True)


@settings(max_examples=60, deadline=None)
@given(on_reject=st.sampled_from(["break", "continue", None]),
       rng=st.one_of(st.none(), st.tuples(st.integers(-50, 50), st.integers(0, 100))),
       accept=st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)), grader=flags)
def test_testdata_yaml_parses_what_it_says(tmp_path_factory, on_reject, rng, accept, grader) -> None:
    root = tmp_path_factory.mktemp("pkg")
    data: dict = {}
    if on_reject:
        data["on_reject"] = on_reject
    if rng:
        data["range"] = f"{rng[0]} {rng[0] + rng[1]}"
    if accept is not None:
        data["accept_score"] = accept
    if grader:
        data["grader_flags"] = " ".join(grader)
    (root / "testdata.yaml").write_text(yaml.safe_dump(data))
    parent = GroupSettings(on_reject="continue", accept_score=7.0, grader_flags=("max",))
    got = _settings(open_package_at(root), "testdata.yaml", parent)
    assert got.on_reject == (on_reject or "continue")
    assert got.range == ((rng[0], rng[0] + rng[1]) if rng else (-math.inf, math.inf))
    assert got.accept_score == (accept if accept is not None else 7.0)
    assert got.grader_flags == (tuple(grader) if grader else ("max",))


def open_package_at(root: Path):
    (root / "marker").write_text("x")  # open_package wants a non-empty folder
    return open_package(root)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["AC", "WA", "TLE", "RTE"]), st.floats(0, 10)), min_size=1, max_size=8),
       flags)
def test_default_grader_rules(parts, grader) -> None:
    graded = default_grader([Graded(v, s) for v, s in parts], tuple(grader))
    verdicts = [v for v, _ in parts]
    scores = [s for _, s in parts]
    if "accept_if_any_accepted" in grader and "AC" in verdicts:
        assert graded.verdict == "AC"
    elif "first_error" in grader:
        assert graded.verdict == next((v for v in verdicts if v != "AC"), "AC")
    else:
        assert (graded.verdict == "AC") == all(v == "AC" for v in verdicts)
    rule = next((f for f in grader if f in ("min", "sum", "max")), "sum")
    assert graded.score == pytest.approx({"min": min, "sum": sum, "max": max}[rule](scores))


@given(st.floats(0, 100, allow_nan=False), st.floats(0.5, 20))
def test_time_limit_rule(slowest, multiplier) -> None:
    limit = time_limit_rule(slowest, multiplier)
    assert limit >= 1 and limit == int(limit)
    assert limit >= slowest * multiplier - 1e-6 and (limit == 1 or limit < slowest * multiplier + 1)


def test_grading_breaks_on_reject(tmp_path: Path) -> None:
    groups = read_groups(open_package(doubler(tmp_path)))
    ok = lambda name: TestResult(name=name, verdict=Verdict.OK, score=1.0)  # noqa: E731
    wa = lambda name: TestResult(name=name, verdict=Verdict.WA, score=0.0)  # noqa: E731
    results = {r.name: r for r in [ok("sample.1"), ok("secret.small.a"), wa("secret.big.b"), ok("secret.big.c"),
                                   ok("secret.big.d")]}  # fmt: skip
    # big: on_reject inherited `continue`, accept_score 20 per accepted test, summed; small: 40
    assert grade(groups, results) == Graded("AC", 80.0)
    results["secret.small.a"] = wa("secret.small.a")
    assert grade(groups, results) == Graded("AC", 40.0)  # accept_if_any_accepted


def test_judge_and_verify_scoring_package(tmp_path: Path) -> None:
    root = doubler(tmp_path)
    write(root, {"submissions/accepted/double.cc": DOUBLE_OK, "submissions/partially_accepted/int.cc": DOUBLE_INT,
                 "submissions/accepted/double.py": "print(2 * int(input()))\n",
                 "submissions/accepted/Double.java": "class Double {}\n"})  # fmt: skip
    sandbox = make_sandbox("local")
    report = verify(root, sandbox)
    rows = {p.program: p for p in report.programs}
    assert report.time_limit_s == 1 and report.time_limit_source == "measured"
    assert rows["accepted/double.cc"].ok and rows["accepted/double.cc"].score == 100
    assert rows["accepted/double.py"].ok and rows["accepted/double.py"].language == "python3"
    assert rows["partially_accepted/int.cc"].ok and rows["partially_accepted/int.cc"].score == 40 + 20
    assert rows["accepted/Double.java"].ok is None and rows["accepted/Double.java"].verdict == "unsupported"
    assert report.ok
    assert load_task(root).task_type_params["time_limit_source"] == "measured"  # cached from now on
    # the CLI, as a user runs it: same JSON schema as for CMS, subtasks = test groups
    proc = subprocess.run([sys.executable, "-m", "ioi_agent.cli", "judge", str(root),
                           str(root / "submissions/partially_accepted/int.cc"), "--json", "--backend", "local"],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"task", "score", "max_score", "compile", "subtasks", "tests"}
    assert data["score"] == 60 and data["max_score"] == 100
    assert [s["name"] for s in data["subtasks"]] == ["sample", "secret/big", "secret/small"]
    # a wrong label makes verify fail, with exit status 1
    (root / "submissions/wrong_answer").mkdir()
    (root / "submissions/accepted/int.cc").write_text(DOUBLE_INT)
    proc = subprocess.run([sys.executable, "-m", "ioi_agent.cli", "verify", str(root), "--json", "--backend", "local"],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert not data["ok"] and [p["program"] for p in data["programs"] if p["ok"] is False] == ["accepted/int.cc"]


# An IOI-style function interface through include/cpp/ and a validator that writes score.txt.
GRADER = "#include <cstdio>\n#include \"twice.h\"\nint main(){long long x;scanf(\"%lld\",&x);printf(\"%lld\\n\",twice(x));}\n"
VALIDATOR = r"""
#include <cstdio>
#include <string>
int main(int argc, char** argv) {
    long long want, got; FILE* a = fopen(argv[2], "r"); fscanf(a, "%lld", &want);
    if (scanf("%lld", &got) != 1) return 43;
    std::string fb = std::string(argv[3]) + "score.txt";
    FILE* s = fopen(fb.c_str(), "w");
    fprintf(s, "%s\n", got == want ? "1" : (got / 2 == want / 2 ? "0.5" : "0"));
    fclose(s);
    return got / 2 == want / 2 ? 42 : 43;
}
"""


def test_include_files_and_score_validator(tmp_path: Path) -> None:
    root = write(tmp_path / "twice", {
        "problem.yaml": "type: scoring\nvalidation: custom score\n",
        "data/secret/testdata.yaml": "range: 0 10\naccept_score: 10\ngrader_flags: min\n",
        "data/secret/1.in": "4\n", "data/secret/1.ans": "8\n",
        "include/cpp/grader.cpp": GRADER, "include/cpp/twice.h": "long long twice(long long x);\n",
        "output_validators/check/validate.cpp": VALIDATOR,
        ".timelimit": "1\n",
    })  # fmt: skip
    task = load_task(root)
    assert task.languages == ("cpp",) and task.checker.name == "validate.cpp"
    assert task.task_type_params["time_limit_source"] == "timelimit-file"
    judge = Judge(task, make_sandbox("local"))
    full = judge.judge(Submission(source="long long twice(long long x) { return 2 * x; }\n"))
    half = judge.judge(Submission(source="long long twice(long long x) { return 2 * x + 1; }\n"))
    assert (full.score, half.score) == (10, 5)
    py = judge.judge(Submission(source="print(8)\n", language="python3"))
    assert not py.compile.ok and "not supported for this task" in py.compile.message


def test_interactive_guess_example() -> None:
    root = example("guess")
    task = _with_time(load_task(root), 1.0)
    assert task.task_type == "Interactive" and task.checker_protocol == "kattis"
    assert [p.name for p in task.attachments] == ["1.interaction", "2.interaction"]  # shown, not run
    assert task.public_tests == ()
    judge = Judge(task, make_sandbox("local"))
    subs = root / "submissions"
    tests = ["secret.01", "secret.02"]
    good = judge.judge(Submission(source=(subs / "accepted/guess.cc").read_text()), tests=tests)
    assert [t.verdict for t in good.tests] == [Verdict.OK, Verdict.OK]
    wrong = judge.judge(Submission(source=(subs / "wrong_answer/guess_modulo.py").read_text(), language="python3"),
                        tests=tests)  # fmt: skip
    assert Verdict.WA in [t.verdict for t in wrong.tests]
    crash = judge.judge(Submission(source=(subs / "run_time_error/guess_rte.c").read_text(), language="c"),
                        tests=tests)  # fmt: skip
    assert [t.verdict for t in crash.tests] == [Verdict.RE, Verdict.RE]
    stall = judge.judge(Submission(source=(subs / "time_limit_exceeded/guess_no_flush.cc").read_text()), tests=tests[:1])
    assert [t.verdict for t in stall.tests] == [Verdict.TLE]


def test_verify_hello_example() -> None:
    # hello_alarm.c busy-waits until alarm(1) fires: about 1 s of CPU, so the limit must not be 1 s
    # (problemtools' own rule would give at least 2 s from it).
    report = verify(example("hello"), make_sandbox("local"), time_limit=2.0)
    rows = {p.program: p for p in report.programs}
    assert report.ok and report.time_limit_source == "--time-limit"
    assert {p for p, r in rows.items() if r.ok} == {"accepted/hello.cc", "accepted/hello.py", "accepted/hello_alarm.c",
                                                     "wrong_answer/hello.cc", "run_time_error/memory_limit.cc"}
    assert rows["accepted/hello.java"].verdict == "unsupported"


def test_kattis_submissions_are_a_pool(tmp_path: Path) -> None:
    from ioi_agent.pool import find_pools

    root = doubler(tmp_path)
    write(root, {"submissions/accepted/double.cc": DOUBLE_OK, "submissions/partially_accepted/int.cc": DOUBLE_INT,
                 "submissions/accepted/double.py": "print(2 * int(input()))\n"})  # fmt: skip
    pools, notes = find_pools([tmp_path])
    assert [(p.root, p.folder, [s.name for s in p.sources]) for p in pools] == [
        (root, "submissions", ["double.cc", "int.cc"])]  # C++ only: IOI selection judges C++


@settings(max_examples=40, deadline=None)
@given(draft=st.booleans(), mult=st.one_of(st.none(), st.floats(1, 20)), margin=st.one_of(st.none(), st.floats(1, 5)),
       memory=st.one_of(st.none(), st.integers(16, 4096)), scoring=st.booleans())
def test_problem_yaml_versions(tmp_path_factory, draft, mult, margin, memory, scoring) -> None:
    from judge.loaders.kattis import read_config

    root = tmp_path_factory.mktemp("pkg")
    meta: dict = {"name": {"en": "X", "sv": "Y"} if draft else "X", "type": "scoring" if scoring else "pass-fail"}
    limits: dict = {}
    if draft:
        meta["problem_format_version"] = "2023-07-draft"
        multipliers = {k: v for k, v in (("ac_to_time_limit", mult), ("time_limit_to_tle", margin)) if v is not None}
        if multipliers:
            limits["time_multipliers"] = multipliers
    else:
        limits.update({k: v for k, v in (("time_multiplier", mult), ("time_safety_margin", margin)) if v is not None})
    if memory is not None:
        limits["memory"] = memory
    if limits:
        meta["limits"] = limits
    (root / "problem.yaml").write_text(yaml.safe_dump(meta))
    config = read_config(open_package_at(root))
    assert config.name == "X" and config.scoring == scoring
    assert config.version == ("2023-07-draft" if draft else "legacy")
    assert config.time_multiplier == (mult if mult is not None else (2.0 if draft else 5.0))
    assert config.safety_margin == (margin if margin is not None else (1.5 if draft else 2.0))
    assert config.memory_mib == (memory if memory is not None else 1024)


def test_lower_limit_reading() -> None:
    from judge.kattis.verify import at_limit
    from judge.verdict import CompileResult, SubmissionResult

    tests = [TestResult(name="a", verdict=Verdict.OK, score=1.0, cpu_s=0.5),
             TestResult(name="b", verdict=Verdict.OK, score=1.0, cpu_s=1.5),
             TestResult(name="c", verdict=Verdict.WA, score=0.0, cpu_s=1.5)]  # fmt: skip
    result = SubmissionResult(task="t", score=0, max_score=1, compile=CompileResult(ok=True), subtasks=[], tests=tests)
    batch = at_limit(result, 1.0)
    assert [batch[n].verdict for n in "abc"] == [Verdict.OK, Verdict.TLE, Verdict.TLE]
    interactive = at_limit(result, 1.0, interactive=True)  # the validator had rejected c already
    assert [interactive[n].verdict for n in "abc"] == [Verdict.OK, Verdict.TLE, Verdict.WA]


def test_ioi2022_contest_file() -> None:
    from ioi_agent.replay import load_replay, resolve_task

    root = SHARED / "kattis" / "ioi2022"
    if not root.is_dir():
        pytest.skip(f"{root} not present")
    spec = load_replay("ioi2022", root)
    tasks = {day: [resolve_task(t) for t in entries] for day, entries in spec.days.items()}
    assert {day: [p.name for p in ps] for day, ps in tasks.items()} == {
        "day1": ["prisonerchallenge"], "day2": ["rarestinsects"]}
    assert all(detect_format(p) == "kattis" for ps in tasks.values() for p in ps)
