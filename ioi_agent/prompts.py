"""Prompts: what the model is told about a task, as chat messages and as plain text.

A prompt holds only what a contestant gets (`contestant.contestant_kit`): the statement, the
constraints of the subtask in focus (parsed from the statement's "Subtasks" section when it is a
Markdown table or list, else the subtask's name and points), the interface header, the sample grader
and the examples as shipped in the attachments (truncated), and instructions that depend on how the
program is run (functions called by a grader, or a whole program reading stdin). Judge-only files
(official graders, checkers, the test files an official grader reads) never enter a prompt. Messages are the canonical form; `render_text` flattens them for completion models,
through the tokenizer's chat template when it has one.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from judge.model import Subtask, Task
from judge.tasktypes import make_task_type

from .contestant import ContestantKit, contestant_kit, judge_header
from .extract import grader_functions, header_functions

SYSTEM = (
    "You are an expert competitive programmer taking part in the International Olympiad in Informatics. "
    "You write correct, efficient C++17 within the time and memory limits."
)
_TEXT_STATEMENT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".tex", ".html", ".htm"})
_GRADER_SOURCE_SUFFIXES = frozenset({".cpp", ".cc", ".cxx"})
# The statement's "Subtasks" section: a Markdown table `| 1 | $6$ | constraints |` or a list
# `1. (6 points) constraints`.
_SECTION = re.compile(r"^(#{1,6})\s*Subtasks?\b.*$", re.M | re.I)
_TABLE_ROW = re.compile(r"^\s*\|?\s*(\d+)\s*\|\s*\$?\s*(\d+(?:\.\d+)?)\s*\$?\s*\|(.*)$")
_LIST_ROW = re.compile(
    r"^\s*(?:[-*]\s*)?(?:Subtask\s*)?(\d+)[.):]?\s*\(?\s*(\d+(?:\.\d+)?)\s*points?\s*\)?[:.]?\s*(.*)$", re.I
)


class ChatMessage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str


class Prompt(BaseModel):
    """One prompt to sample from. `id` is stable across runs (the run store keys on it): the task code
    for a whole-task prompt, `<code>#<subtask index>` for a subtask prompt."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    messages: tuple[ChatMessage, ...]
    task_code: str | None = None
    subtask_index: int | None = None

    def openai_messages(self) -> list[dict[str, str]]:
        return [{"role": m.role, "content": m.content} for m in self.messages]


def task_prompts(task: Task) -> list[Prompt]:
    """The whole-task prompt, then one prompt per subtask worth points."""
    return [task_prompt(task)] + [task_prompt(task, st) for st in task.subtasks if st.points > 0]


def task_prompt(task: Task, subtask: Subtask | None = None, **options: Any) -> Prompt:
    """The prompt for a task, focused on `subtask` when given; `options` go to `task_messages`."""
    messages = tuple(ChatMessage(**m) for m in task_messages(task, subtask, **options))
    prompt_id = task.code if subtask is None else f"{task.code}#{subtask.index}"
    return Prompt(id=prompt_id, messages=messages, task_code=task.code,
                  subtask_index=None if subtask is None else subtask.index)


def task_messages(
    task: Task,
    subtask: Subtask | None = None,
    *,
    max_statement_chars: int = 40_000,
    max_examples: int = 3,
    max_example_chars: int = 1_500,
    max_grader_chars: int = 6_000,
    system: str = SYSTEM,
) -> list[dict[str, str]]:
    """OpenAI-style messages (a system and a user message) asking for a solution of the task."""
    kit = contestant_kit(task)
    statement = statement_text(task)
    parts = [f"# Task: {task.name} ({task.code})"]
    if statement is not None:
        parts.append("## Statement\n\n" + _truncate(statement, max_statement_chars))
    else:
        parts.append("(The statement is not available as text; rely on the interface and the examples.)")
    parts.append(
        f"## Limits\n\nTime limit: {task.limits.time_s:g} s per test. "
        f"Memory limit: {task.limits.memory_mib:g} MiB."
    )
    if subtask is not None:
        parts.append(_subtask_section(task, subtask, statement))
    if kit.header is not None:
        parts.append(f"## Interface ({kit.header[0]})\n\n```cpp\n{kit.header[1].strip()}\n```")
    if kit.sample_grader is not None:
        parts.append(f"## Sample grader ({kit.sample_grader[0]}, as given to contestants)\n\n"
                     f"```cpp\n{_truncate(kit.sample_grader[1].strip(), max_grader_chars)}\n```")
    examples = _examples(kit, max_examples, max_example_chars)
    if examples:
        parts.append(examples)
    parts.append("## Instructions\n\n" + instructions(task))
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n\n".join(parts)}]


def render_text(messages: list[dict[str, str]] | tuple[ChatMessage, ...], tokenizer: Any = None) -> str:
    """Plain text for a completion model: the tokenizer's chat template (with the generation prompt)
    when it has one, else the contents separated by blank lines and an answer cue."""
    plain = [m if isinstance(m, dict) else {"role": m.role, "content": m.content} for m in messages]
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(plain, tokenize=False, add_generation_prompt=True)
    text = "\n\n".join(m["content"] for m in plain)
    return text if plain and plain[-1]["role"] == "assistant" else text + "\n\nAnswer:\n"


def task_text(task: Task, subtask: Subtask | None = None, tokenizer: Any = None, **options: Any) -> str:
    """`task_messages` rendered as plain text."""
    return render_text(task_messages(task, subtask, **options), tokenizer)


def statement_text(task: Task) -> str | None:
    """The statement as text (HTML entities decoded), or None when absent or not a text format."""
    path = task.statement
    if path is None or path.suffix.lower() not in _TEXT_STATEMENT_SUFFIXES or not path.is_file():
        return None
    return html.unescape(path.read_text(encoding="utf-8", errors="replace")).strip()


def header_source(task: Task) -> tuple[str, str] | None:
    """(file name, text) of the interface header the judge compiles against: `<code>.h`, else the
    only header."""
    return judge_header(task)


def provided_functions(task: Task) -> set[str]:
    """Header functions that the grader or stub defines (the contestant calls them)."""
    header = header_source(task)
    if header is None:
        return set()
    provided: set[str] = set()
    for name, path in task.graders.items():
        if Path(name).suffix.lower() in _GRADER_SOURCE_SUFFIXES:
            provided |= grader_functions(path.read_text(encoding="utf-8", errors="replace"), header[1])
    return provided


def instructions(task: Task) -> str:
    """What to write and how it is run, which differs between grader-based and stdin/stdout tasks."""
    header = header_source(task)
    reply = "Reply with your reasoning (optional) followed by the complete solution in one ```cpp code block."
    if header is not None:
        provided = provided_functions(task)
        decls = header_functions(header[1])
        own = [d.name for d in decls if d.name not in provided]
        lines = [
            f"Write the solution in C++17. Include \"{header[0]}\" and implement "
            + (", ".join(f"`{n}`" for n in own) if own else "the procedures it declares")
            + " exactly as declared.",
            "Do not write a `main` function and do not read from standard input or write to standard output: "
            "the grader calls your procedures and does all input and output.",
        ]
        if provided:
            lines.append(
                "The grader provides " + ", ".join(f"`{n}`" for n in sorted(provided))
                + ": call it as described in the statement, but do not define it."
            )
        return "\n".join(lines + [reply])
    if make_task_type(task).inputs_visible:  # the contestant hands in outputs: the program writes them
        return ("Write a C++17 program that reads one test input from standard input and prints the "
                "output file for it to standard output.\n" + reply)
    return ("Write a complete C++17 program with a `main` function that reads the input from standard input "
            "and writes the answer to standard output.\n" + reply)


def subtask_constraints(statement: str, subtask: Subtask) -> str | None:
    """The subtask's additional constraints as written in the statement's Subtasks section, or None.

    Rows are matched by points, ties broken by the number in the subtask's name (`01-W1`), then its index.
    """
    rows = _subtask_rows(statement)
    same_points = [r for r in rows if abs(r[1] - subtask.points) < 1e-9]
    if len(same_points) == 1:
        return same_points[0][2]
    number = re.match(r"\D*(\d+)", subtask.name)
    wanted = ([int(number.group(1))] if number else []) + [subtask.index]
    for pool in (same_points, rows):
        for n in wanted:
            hits = [r for r in pool if r[0] == n]
            if len(hits) == 1:
                return hits[0][2]
    return None


def _subtask_rows(statement: str) -> list[tuple[int, float, str]]:
    """(number, points, constraints) for each row of the statement's Subtasks section."""
    match = _SECTION.search(statement)
    if not match:
        return []
    level = len(match.group(1))
    rest = statement[match.end():]
    end = re.search(rf"^#{{1,{level}}}\s", rest, re.M)
    rows = []
    for line in rest[: end.start() if end else len(rest)].splitlines():
        row = _TABLE_ROW.match(line) or _LIST_ROW.match(line)
        if row:
            text = row.group(3).strip().strip("|").strip()
            rows.append((int(row.group(1)), float(row.group(2)), " ".join(text.split())))
    return rows


def _subtask_section(task: Task, subtask: Subtask, statement: str | None) -> str:
    constraints = subtask_constraints(statement, subtask) if statement is not None else None
    head = f"## Focus: subtask {subtask.name} ({subtask.points:g} points)\n\n"
    if constraints:
        head += f"Additional constraints of this subtask: {constraints}\n\n"
    return head + (
        "Solve this subtask. A program that is correct and fast enough under these constraints is "
        "what matters; handling more subtasks is welcome but not required."
    )


def _examples(kit: ContestantKit, max_examples: int, max_chars: int) -> str | None:
    graded = kit.examples_from == "attachments" and kit.sample_grader is not None
    shown = []
    for example in kit.examples[:max_examples]:
        block = [f"### Example {example.name}", "Input" + (" (as read by the sample grader)" if graded else "") + ":",
                 "```", _truncate(example.input, max_chars), "```"]
        if example.output is not None:
            label = "Output of the sample grader" if graded else "Expected output"
            block += [f"{label}:", "```", _truncate(example.output, max_chars), "```"]
        shown.append("\n".join(block))
    return "## Examples\n\n" + "\n\n".join(shown) if shown else None


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... ({len(text) - limit} more characters not shown)"
