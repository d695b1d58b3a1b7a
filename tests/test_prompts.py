"""Prompts built from a judge Task: statement, subtask constraints, interface, examples, instructions."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ioi_agent.contestant import contestant_kit
from judge.model import Limits, Subtask, Task
from judge.model import TestCase as JudgeTest
from ioi_agent.prompts import (
    Prompt,
    provided_functions,
    render_text,
    subtask_constraints,
    task_messages,
    task_prompt,
    task_prompts,
    task_text,
)

STATEMENT = """# Rivers

You are given $N$ boats &amp; a river.

## Implementation Details

```
long long ferry(std::vector&lt;int&gt; W, int K)
```

## Constraints

* $1 \\leq N \\leq 100\\,000$

## Subtasks

| Subtask | Score  | Additional Constraints |
| :-----: | :----: | ---------------------- |
| 1       | $10$   | $N \\leq 10$
| 2       | $25$   | $K = 1$
| 3       | $65$   | No additional constraints.

## Example

Consider the call `ferry([1, 2], 3)`.
"""
HEADER = "#include <vector>\n\nlong long ferry(std::vector<int> W, int K);\n\nint ask(int x);\n"
GRADER = '#include "rivers.h"\nint ask(int x) { return x; }\nint main() { return (int)ferry({1}, ask(1)); }\n'


SAMPLE_GRADER = '#include "rivers.h"\n// sample grader: reads N K then W\nint main() { return 0; }\n'


def _attachments(tmp_path: Path) -> Path:
    """An IOI-style contestant archive: sample grader, header, template and one example."""
    path = tmp_path / "attachments" / "rivers.zip"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cpp/grader.cpp", SAMPLE_GRADER)
        archive.writestr("cpp/rivers.h", HEADER)
        archive.writestr("cpp/rivers.cpp", '#include "rivers.h"\n')
        archive.writestr("examples/01.in", "2 3\n1 2\n")
        archive.writestr("examples/01.out", "7\n")
    return path


def _task(tmp_path: Path, *, header: bool = True, statement: str | None = STATEMENT,
          long_example: bool = False, attachments: bool = True) -> Task:
    (tmp_path / "tests").mkdir()
    tests = []
    # the judge's test files: the official grader reads a secret line first
    examples = [("0-01", "SECRET-IN-xyzzy\n2 3\n1 2\n", "SECRET-OUT-plugh\nOK\n7\n"), ("1-01", "5 1\n" + "9 " * (5000 if long_example else 5), "1\n")]
    for name, data, answer in examples:
        test_in, test_out = tmp_path / "tests" / f"{name}.in", tmp_path / "tests" / f"{name}.out"
        test_in.write_text(data)
        test_out.write_text(answer)
        tests.append(JudgeTest(name=name, input=test_in, output=test_out))
    graders = {}
    if header:
        (tmp_path / "rivers.h").write_text(HEADER)
        (tmp_path / "grader.cpp").write_text(GRADER)
        graders = {"rivers.h": tmp_path / "rivers.h", "grader.cpp": tmp_path / "grader.cpp"}
    statement_path = None
    if statement is not None:
        statement_path = tmp_path / "statement.en.md"
        statement_path.write_text(statement)
    return Task(
        code="rivers", name="Rivers", task_type="Batch", limits=Limits(time_s=1.5, memory_bytes=1 << 30),
        tests=tuple(tests),
        subtasks=(
            Subtask(index=0, name="00-samples", points=0, tests=("0-01",)),
            Subtask(index=1, name="01-small", points=10, tests=("0-01", "1-01")),
            Subtask(index=2, name="02-k1", points=25, tests=("1-01",)),
            Subtask(index=3, name="03-full", points=65, tests=("0-01", "1-01")),
        ),
        root=tmp_path, graders=graders, statement=statement_path, public_tests=("0-01", "1-01"),
        attachments=(_attachments(tmp_path),) if header and attachments else (),
    )


def test_whole_task_prompt_has_statement_interface_examples_and_grader_instructions(tmp_path):
    task = _task(tmp_path)
    system, user = task_messages(task)
    assert system["role"] == "system" and user["role"] == "user"
    text = user["content"]
    assert "You are given $N$ boats & a river." in text  # HTML entities decoded
    assert "std::vector<int> W" in text
    assert "long long ferry(std::vector<int> W, int K);" in text  # the header, verbatim
    assert "Time limit: 1.5 s" in text and "Memory limit: 1024 MiB" in text
    assert "Input (as read by the sample grader):\n```\n2 3\n1 2\n```" in text
    assert "Output of the sample grader:\n```\n7\n```" in text
    assert "## Sample grader (grader.cpp, as given to contestants)" in text and "reads N K then W" in text
    assert "SECRET" not in text and "Example 0-01" not in text  # the judge's test files stay out
    assert "Do not write a `main` function" in text
    assert "implement `ferry`" in text
    assert "The grader provides `ask`" in text
    assert "Focus" not in text


def test_grader_task_without_attachments_shows_no_test_files(tmp_path):
    """Without contestant attachments the judge's test files (secret lines, checker output) stay out:
    the statement and the header are what the contestant has."""
    task = _task(tmp_path, attachments=False)
    kit = contestant_kit(task)
    assert kit.examples == () and kit.examples_from == "none" and kit.sample_grader is None
    assert kit.header == ("rivers.h", HEADER)  # the judge's header: contestants compile against it
    text = task_messages(task)[-1]["content"]
    assert "SECRET" not in text and "## Examples" not in text and "Sample grader" not in text
    assert "long long ferry(std::vector<int> W, int K);" in text


def test_subtask_prompt_names_its_constraints(tmp_path):
    task = _task(tmp_path)
    prompt = task_prompt(task, task.subtasks[2])
    assert prompt.id == "rivers#2" and prompt.task_code == "rivers" and prompt.subtask_index == 2
    text = prompt.messages[-1].content
    assert "subtask 02-k1 (25 points)" in text
    assert "Additional constraints of this subtask: $K = 1$" in text


def test_task_prompts_cover_the_task_and_each_scoring_subtask(tmp_path):
    prompts = task_prompts(_task(tmp_path))
    assert [p.id for p in prompts] == ["rivers", "rivers#1", "rivers#2", "rivers#3"]
    assert all(isinstance(p, Prompt) for p in prompts)


def test_subtask_rows_are_matched_by_points_then_number():
    def sub(index, name, points):
        return Subtask(index=index, name=name, points=points, tests=())

    assert subtask_constraints(STATEMENT, sub(1, "01-small", 10)) == "$N \\leq 10$"
    assert subtask_constraints(STATEMENT, sub(9, "x", 65)) == "No additional constraints."
    # points differ from the statement's: fall back to the number in the name
    assert subtask_constraints(STATEMENT, sub(0, "02-k1", 30)) == "$K = 1$"
    assert subtask_constraints(STATEMENT, sub(7, "samples", 0)) is None
    assert subtask_constraints("# No subtasks here\n| 1 | 10 | x |", sub(1, "1", 10)) is None
    listed = "## Subtasks\n\n1. (20 points) $N = 1$\n2. (80 points) no further constraints\n\n## Notes\n| 3 | 20 | no |"
    assert subtask_constraints(listed, sub(0, "s", 20)) == "$N = 1$"


def test_plain_batch_task_asks_for_a_whole_program_and_truncates_examples(tmp_path):
    task = _task(tmp_path, header=False, statement=None, long_example=True)
    text = task_messages(task, max_example_chars=100)[-1]["content"]
    assert "reads the input from standard input" in text
    assert "Interface" not in text
    assert "statement is not available" in text
    assert "more characters not shown" in text
    assert len(text) < 3000
    assert provided_functions(task) == set()


def test_subtask_prompt_without_statement_uses_name_and_points(tmp_path):
    task = _task(tmp_path, statement=None)
    text = task_messages(task, task.subtasks[1])[-1]["content"]
    assert "subtask 01-small (10 points)" in text
    assert "Additional constraints" not in text


class _TemplateTokenizer:
    chat_template = "{{ messages }}"

    def apply_chat_template(self, messages, tokenize, add_generation_prompt):
        assert tokenize is False and add_generation_prompt is True
        return "".join(f"<{m['role']}>{m['content']}" for m in messages) + "<assistant>"


def test_render_text_uses_the_chat_template_when_there_is_one(tmp_path):
    messages = [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]
    assert render_text(messages, _TemplateTokenizer()) == "<system>S<user>U<assistant>"
    assert render_text(messages) == "S\n\nU\n\nAnswer:\n"
    assert render_text(messages + [{"role": "assistant", "content": "```cpp"}]) == "S\n\nU\n\n```cpp"
    task = _task(tmp_path)
    assert task_text(task, tokenizer=_TemplateTokenizer()).startswith("<system>")


def _real_statement() -> Path | None:
    here = Path(__file__).resolve().parents[1]
    for shared in (here / "shared", here.parent / "shared", Path("/work/shared")):
        path = shared / "ioi2024" / "day1" / "nile" / "statement.en.md"
        if path.is_file():
            return path
    return None


@pytest.mark.skipif(_real_statement() is None, reason="IOI 2024 statements (shared/) not present")
def test_real_ioi_statement_subtask_table_is_parsed():
    statement = _real_statement().read_text()
    points = [6, 13, 17, 11, 20, 15, 18]
    found = [subtask_constraints(statement, Subtask(index=i + 1, name=f"{i + 1:02d}-x", points=p, tests=()))
             for i, p in enumerate(points)]
    assert all(found)
    assert "N \\leq 2000" in found[0] and found[6] == "No additional constraints."


def test_unpacked_ioi_attachments_give_their_examples_and_sample_grader(tmp_path):
    """An IOI attachments archive unpacked into a folder is still the contestant's kit."""
    from conftest import official_package
    from judge.loaders import load_task

    with zipfile.ZipFile(official_package("day1/nile/nile-attachments.zip")) as archive:
        archive.extractall(tmp_path / "nile")
    kit = contestant_kit(load_task(tmp_path / "nile"))
    assert kit.examples_from == "attachments" and [e.name for e in kit.examples] == ["01"]
    assert kit.sample_grader is not None and kit.header is not None and kit.header[0] == "nile.h"
