"""`ioi-agent judge` as a user runs it: real packages, real programs, JSON shape, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import SOLUTIONS, official_package


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "ioi_agent.cli", *args], capture_output=True, text=True, timeout=300)


def test_judge_json_shape_and_score():
    pkg = official_package("practice/aplusb/aplusb-CMS.zip")
    proc = run_cli("judge", str(pkg), str(SOLUTIONS / "ioi2024" / "aplusb_wrong.cpp"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"task", "score", "max_score", "compile", "subtasks", "tests"}
    assert data["task"] == "aplusb" and data["score"] == 30 and data["max_score"] == 100
    assert set(data["compile"]) == {"ok", "message"} and data["compile"]["ok"] is True
    assert all(set(s) == {"name", "score", "max_score"} for s in data["subtasks"])
    assert all(set(t) == {"name", "verdict", "score", "cpu_s", "wall_s", "memory_mib", "message"} for t in data["tests"])


def test_judge_table_view_shows_subtasks():
    pkg = official_package("practice/aplusb/aplusb-CMS.zip")
    proc = run_cli("judge", str(pkg), str(SOLUTIONS / "ioi2024" / "aplusb_correct.cpp"))
    assert proc.returncode == 0, proc.stderr
    assert "100 / 100" in proc.stdout and "03-full" in proc.stdout


def test_unusable_input_is_one_line_and_nonzero(tmp_path):
    proc = run_cli("judge", str(tmp_path / "missing"), str(tmp_path / "x.cpp"))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "problem.json").write_text("{not json")
    proc = run_cli("judge", str(broken), str(SOLUTIONS / "ioi2024" / "aplusb_correct.cpp"))
    assert proc.returncode != 0 and "problem.json" in proc.stderr and "Traceback" not in proc.stderr


def test_compile_error_is_judged_not_a_failure():
    pkg = official_package("practice/aplusb/aplusb-CMS.zip")
    src = SOLUTIONS / "ioi2024" / "aplusb_correct.cpp"
    bad = src.with_name("does_not_compile.tmp.cpp")
    try:
        bad.write_text("int sum(int a, int b) { return a + ; }\n")
        proc = run_cli("judge", str(pkg), str(bad), "--json")
    finally:
        bad.unlink()
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["compile"]["ok"] is False and data["score"] == 0
