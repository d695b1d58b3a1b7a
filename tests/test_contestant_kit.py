"""The contestant kits shipped with our grader-based problems work as a contestant would use them:
every full solution, compiled with the kit's sample grader and header, prints the kit's example
outputs; and the prompt shows that kit, not the judge's files."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ioi_agent.contestant import contestant_kit
from ioi_agent.prompts import task_messages
from judge.loaders import load_task

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"
KITS = ["divsum", "peak"]


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
@pytest.mark.parametrize("code", KITS)
def test_full_solutions_with_the_sample_grader_print_the_example_outputs(code, tmp_path):
    kit_dir = PROBLEMS / code / "attachments"
    solutions = sorted((PROBLEMS / code / "solutions" / "full").glob("*.cpp"))
    assert solutions
    for solution in solutions:
        binary = tmp_path / solution.stem
        subprocess.run(["g++", "-O2", "-std=c++17", "-I", str(kit_dir), "-o", str(binary),
                        str(kit_dir / "grader.cpp"), str(solution)], check=True, timeout=120)
        for example in sorted(kit_dir.glob("*.in")):
            run = subprocess.run([str(binary)], stdin=example.open(), capture_output=True, text=True, timeout=10)
            assert run.stdout == example.with_suffix(".out").read_text(), (solution.name, example.name)


@pytest.mark.parametrize("code", KITS)
def test_the_prompt_shows_the_kit(code):
    task = load_task(PROBLEMS / code)
    kit = contestant_kit(task)
    assert kit.examples_from == "attachments" and kit.sample_grader[0] == "grader.cpp"
    assert kit.header == (f"{code}.h", (PROBLEMS / code / "attachments" / f"{code}.h").read_text())
    text = task_messages(task)[-1]["content"]
    example = (PROBLEMS / code / "attachments" / "01.in").read_text().strip()
    assert f"Input (as read by the sample grader):\n```\n{example}\n```" in text
    assert "Sample grader (grader.cpp, as given to contestants)" in text
