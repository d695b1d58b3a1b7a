"""No prompt carries judge-only data: every prompt built for the shipped problems and the official
IOI 2024 packages is scanned for test-file contents and grader secrets that a contestant never gets.

What a contestant gets is computed here independently of `ioi_agent.contestant`: the statement, the
files of the attachments, and (only for tasks whose program reads the test file itself, with no
grader, stub or manager sources) the public tests, which are then the statement's examples.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import IOI2024, REPO
from ioi_agent.prompts import task_prompts
from ioi_agent.testgen import generator_prompt, validator_prompt
from judge.loaders import load_task
from judge.model import Task

_SOURCES = (".cpp", ".cc", ".c", ".h", ".hpp")
_LITERAL = re.compile(r'"([^"\\\n]{8,})"')
_MIN_LINE = 10  # shorter lines ("1", "OK", "5 3") occur everywhere and prove nothing


def _shipped() -> list[Path]:
    roots = [d for d in sorted((REPO / "problems").iterdir()) if (d / "problem.json").is_file()]
    for contest in sorted((REPO / "problems").glob("cf-practice-*")):
        roots += [d for d in sorted(contest.iterdir()) if d.is_dir()]
    return roots


def _official() -> list[Path]:
    return sorted(p for p in IOI2024.glob("*/*/*.zip") if p.name.endswith(("-CMS.zip", "-attachments.zip")))


def _contestant_texts(task: Task) -> list[str]:
    texts = []
    if task.statement is not None and task.statement.suffix in (".md", ".tex", ".txt", ".html"):
        texts.append(task.statement.read_text(errors="replace"))
    for path in task.attachments:
        if path.is_dir():
            texts += [p.read_text(errors="replace") for p in path.rglob("*") if p.is_file()]
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(i).decode(errors="replace") for i in archive.infolist() if not i.is_dir()]
        else:
            texts.append(path.read_text(errors="replace"))
    if not any(Path(n).suffix in (".cpp", ".cc", ".c") for n in task.graders):
        for name in task.public_tests:  # the program reads the test itself: a public test is an example
            test = task.test(name)
            texts += [p.read_text(errors="replace") for p in (test.input, test.output) if p and p.is_file()]
    return texts


def _judge_only(task: Task) -> list[tuple[str, str]]:
    """(where, text) of every test file, and every string literal of the judge's graders and checker."""
    out = []
    for test in task.tests:
        for path in (test.input, test.output):
            if path is not None and path.is_file():
                out.append((path.name, path.read_text(errors="replace")))
    sources = [p for p in task.graders.values() if p.suffix in _SOURCES and p.name != "testlib.h"]
    sources += [task.checker] if task.checker else []
    for path in sources:
        for literal in _LITERAL.findall(path.read_text(errors="replace")):
            out.append((f"{path.name} literal", literal))
    return out


def _prompts(task: Task) -> list[str]:
    prompts = task_prompts(task)
    scored = [s.index for s in task.subtasks if s.points > 0]
    prompts += [generator_prompt(task, i) for i in scored] + [validator_prompt(task, i) for i in scored]
    return ["\n".join(m.content for m in p.messages) for p in prompts]


def leaks(task: Task) -> list[str]:
    """Judge-only content found in the task's prompts: whole files, lines of at least `_MIN_LINE`
    characters and grader literals that the contestant's material does not contain."""
    public = "\n\0\n".join(_contestant_texts(task))
    public_lines = {line.strip() for line in public.splitlines()}
    found = []
    for text in _prompts(task):
        prompt_lines = {line.strip() for line in text.splitlines()}
        for where, secret in _judge_only(task):
            whole = secret.strip()
            if len(whole) >= _MIN_LINE and whole in text and whole not in public:
                found.append(f"{where}: whole content")
                continue
            for line in {line.strip() for line in secret.splitlines()}:
                if len(line) >= _MIN_LINE and line in prompt_lines and line not in public_lines:
                    found.append(f"{where}: line {line[:40]!r}")
                    break
    return sorted(set(found))


@pytest.mark.parametrize("root", _shipped(), ids=lambda p: p.relative_to(REPO / "problems").as_posix())
def test_shipped_problem_prompts_hold_no_judge_only_data(root: Path):
    assert leaks(load_task(root)) == []


@pytest.mark.parametrize("package", _official(), ids=lambda p: p.name)
def test_official_package_prompts_hold_no_judge_only_data(package: Path):
    assert leaks(load_task(package)) == []


def test_the_scan_catches_the_old_leak(monkeypatch):
    """The scan is not vacuous: with the judge's example files shown as the old prompts did (divsum's
    CMS example: the official grader's secret token and its status line), it reports them."""
    import ioi_agent.contestant

    monkeypatch.setattr(ioi_agent.contestant, "attachment_files", lambda task: {})
    monkeypatch.setattr(ioi_agent.contestant, "runs_program_on_tests", lambda task: True)
    found = leaks(load_task(REPO / "problems" / "divsum"))
    assert "0-01.in: whole content" in found and "0-01.out: whole content" in found
    assert "grader.cpp literal: whole content" in found  # the secret token, a literal of the grader
