"""Generated tests: inputs written by programs (the model's, or a pool's own), kept only when a validator
accepts them, recorded in the run store as the task's generated tests.

No expected output is ever produced here: what the right behaviour on a generated input is comes later,
from agreement among candidates (`clustering.consensus`). A generated input is only worth something if
it is legal, since on an illegal input correct programs may disagree; hence the validator.

Protocol, shared by pool programs and model-written ones:
* a generator runs as `gen <seed> <subtask index>` and prints one input on stdout, in the format the
  statement describes (for a task whose official tests begin with a secret token line, as graders of
  official tasks read, that line is left out: `with_secret` adds it);
* a validator runs as `validator <subtask index>` with the input on stdin and exits 0 iff the input
  meets the general constraints and that subtask's. Its verdicts decide which subtasks an input
  belongs to, which is what lets selection weigh it for those subtasks only.

A pool carries them as `generators/*.cpp` plus an optional `generators/validator.cpp`
(`import_pool_generators`). The model writes them from per-subtask prompts built from the statement's
subtask constraints (`generator_prompt`, `validator_prompt`, `model_tests`); each subtask's inputs are
then kept only where a majority of that subtask's compiled validators accept them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ioi_agent.extract import extract_cpp
from ioi_agent.params import SamplingParams
from ioi_agent.prompts import (
    SYSTEM,
    ChatMessage,
    Prompt,
    statement_text,
    subtask_constraints,
)
from ioi_agent.store import RunStore
from judge.compile import Compiled, compile_cpp
from judge.errors import PackageError
from judge.model import Task
from judge.sandbox import Sandbox, make_sandbox
from judge.sandbox.base import ProcessSpec, RunLimits
from judge.tasktypes import make_task_type

SEEDS = (1, 2, 3)  # inputs per generator and subtask
MODEL_ORIGIN = "model:"  # origins of inputs from model-written generators start with this
MAX_INPUT_BYTES = 1 << 20  # larger inputs are dropped: every candidate runs on every generated input
GENERATOR_LIMITS = RunLimits(cpu_s=5.0, wall_s=10.0, memory_bytes=512 << 20, file_size_bytes=MAX_INPUT_BYTES + 1)
VALIDATOR_LIMITS = RunLimits(cpu_s=5.0, wall_s=10.0, memory_bytes=512 << 20)
VALIDATOR_FILE = "validator.cpp"
_SECRET_LIKE = re.compile(rb"[A-Za-z]")


@dataclass(frozen=True)
class Program:
    """A compiled helper program and where it came from (for the store's origin field)."""

    origin: str
    compiled: Compiled


def origin_kind(origin: str) -> str:
    """Where a generated test came from, by its store origin: "model" (model-written generators kept
    by validator majority), "generators" (a package's or pool's own generators/) or "files" (a
    pool's generated/ folder)."""
    if origin.startswith(MODEL_ORIGIN):
        return "model"
    return "generators" if "/generators/" in origin else "files"


def secret_line(task: Task) -> bytes | None:
    """The first line shared by every official input when it looks like a token (has letters): the
    secret line of an official grader's input, which no statement documents."""
    firsts = set()
    for t in task.tests:
        data = t.input.read_bytes() if t.input.exists() else b""
        firsts.add(data.split(b"\n", 1)[0].rstrip(b"\r"))
    if len(task.tests) < 2 or len(firsts) != 1:
        return None
    line = firsts.pop()
    return line if _SECRET_LIKE.search(line) and len(line.split()) == 1 else None


def with_secret(data: bytes, secret: bytes | None) -> bytes:
    """`data` as the grader reads it: the secret line first (unless already there)."""
    if secret is None or data.split(b"\n", 1)[0].rstrip(b"\r") == secret:
        return data
    return secret + b"\n" + data


def compile_program(sandbox: Sandbox, source: str, origin: str) -> Program | None:
    """Compile a standalone helper program; None when it does not compile."""
    compiled = compile_cpp(sandbox, {"prog.cpp": source.encode()}, ["prog.cpp"])
    return Program(origin, compiled) if compiled.result.ok and compiled.executable else None


def run_program(sandbox: Sandbox, program: Program, args: Sequence[str], stdin: bytes = b"",
                limits: RunLimits = GENERATOR_LIMITS) -> tuple[bool, bytes]:
    """Run a helper in the sandbox: (finished with exit status 0, its stdout)."""
    with sandbox.box() as box:
        box.mkdir("run")
        box.write("run/prog", program.compiled.executable or b"", executable=True)
        box.write("stdin", stdin)
        spec = ProcessSpec(argv=["/prog", *args], workdir="run", limits=limits, stdin="stdin", stdout="stdout",
                           stderr="stderr")
        stats = box.run([spec])[0]
        return stats.ok, box.read("stdout", MAX_INPUT_BYTES + 1) if stats.ok else b""


def scored_subtasks(task: Task) -> list[int]:
    return [st.index for st in task.subtasks if st.points > 0]


def validated_inputs(sandbox: Sandbox, generators: Mapping[int, Sequence[Program]],
                     validators: Mapping[int, Sequence[Program]] | None, seeds: Iterable[int] = SEEDS,
                     ) -> list[tuple[bytes, tuple[int, ...], str]]:
    """(input, subtasks it belongs to, origin) for each distinct input the generators print for their
    subtask. With `validators`, an input belongs to subtask s when a majority of s's validators accept
    it, and is kept only if it belongs to the subtask it was generated for; without, it is trusted."""
    out: list[tuple[bytes, tuple[int, ...], str]] = []
    seen: set[bytes] = set()
    seeds = list(seeds)
    for target, programs in sorted(generators.items()):
        for gen in programs:
            for seed in seeds:
                ok, data = run_program(sandbox, gen, [str(seed), str(target)])
                if not ok or not data.strip() or len(data) > MAX_INPUT_BYTES or data in seen:
                    continue
                if validators is None:
                    member: tuple[int, ...] = (target,)
                else:
                    member = tuple(s for s, vs in sorted(validators.items()) if vs and _accepted(sandbox, vs, s, data))
                    if target not in member:
                        continue
                seen.add(data)
                out.append((data, member, f"{gen.origin} {seed} {target}"))
    return out


def _accepted(sandbox: Sandbox, validators: Sequence[Program], subtask: int, data: bytes) -> bool:
    votes = sum(run_program(sandbox, v, [str(subtask)], data, VALIDATOR_LIMITS)[0] for v in validators)
    return 2 * votes > len(validators)


def store_inputs(store: RunStore, key: str, task: Task, inputs: Iterable[tuple[bytes, tuple[int, ...], str]]) -> int:
    """Record inputs as generated tests of the task (secret line added where the grader needs it)."""
    secret = secret_line(task)
    n = 0
    for data, subtasks, origin in inputs:
        store.add_generated_test(key, with_secret(data, secret), subtasks, origin)
        n += 1
    return n


# -- a pool's own generators ------------------------------------------------------------------------


def import_pool_generators(root: Path, name: str, task: Task, store: RunStore, key: str,
                           sandbox: Sandbox | None = None) -> int:
    """Run `root/generators/*.cpp` for every scored subtask and record the validated inputs; once per
    run store and task (a resumed run does not regenerate). Returns the inputs recorded now."""
    folder = root / "generators"
    if not make_task_type(task).runs_generated_inputs or not folder.is_dir() or store.is_done("generators", f"{key}/{name}"):
        return 0
    sandbox = sandbox or make_sandbox()
    sources = sorted(p for p in folder.glob("*.cpp"))
    validator = None
    if (folder / VALIDATOR_FILE).is_file():
        validator = compile_program(sandbox, (folder / VALIDATOR_FILE).read_text(), f"{name}/generators/{VALIDATOR_FILE}")
        if validator is None:
            raise PackageError(folder / VALIDATOR_FILE, "the validator does not compile")
    gens = []
    for src in sources:
        if src.name == VALIDATOR_FILE:
            continue
        program = compile_program(sandbox, src.read_text(), f"{name}/generators/{src.name}")
        if program is None:
            raise PackageError(src, "the generator does not compile")
        gens.append(program)
    subtasks = scored_subtasks(task)
    inputs = validated_inputs(sandbox, {s: gens for s in subtasks},
                              None if validator is None else {s: [validator] for s in subtasks})
    n = store_inputs(store, key, task, inputs)
    store.mark_done("generators", f"{key}/{name}")
    return n


# -- model-written generators ---------------------------------------------------------------------

_COMMON = (
    "The input format and the general constraints are in the statement; a program solving the task will "
    "read your input exactly as the statement describes it (leave out any secret or token line a grader "
    "may read first). Reply with one complete C++17 program in a ```cpp code block."
)


def _messages(task: Task, subtask_index: int, ask: str) -> tuple[ChatMessage, ...]:
    statement = statement_text(task) or "(statement not available)"
    st = task.subtasks[subtask_index]
    constraints = subtask_constraints(statement, st) if statement else None
    focus = f"Subtask {st.name} ({st.points:g} points)" + (f": {constraints}" if constraints else ": see the statement")
    user = f"# Task: {task.name} ({task.code})\n\n## Statement\n\n{statement}\n\n## {focus}\n\n{ask}\n\n{_COMMON}"
    return (ChatMessage(role="system", content=SYSTEM), ChatMessage(role="user", content=user))


def generator_prompt(task: Task, subtask_index: int) -> Prompt:
    ask = ("Write a test generator for this subtask: a program run as `gen <seed> <subtask>` that prints one "
           "valid, varied input meeting the subtask's constraints on stdout, using only the seed for "
           "randomness. Prefer inputs near the limits and tricky cases.")
    return Prompt(id=f"{task.code}#{subtask_index}/generator", messages=_messages(task, subtask_index, ask),
                  task_code=task.code, subtask_index=subtask_index)


def validator_prompt(task: Task, subtask_index: int) -> Prompt:
    ask = ("Write an input validator for this subtask: a program run as `validator <subtask>` that reads an "
           "input on stdin and exits with status 0 if and only if it follows the input format exactly and "
           "meets the general constraints and this subtask's constraints (any other exit status rejects it).")
    return Prompt(id=f"{task.code}#{subtask_index}/validator", messages=_messages(task, subtask_index, ask),
                  task_code=task.code, subtask_index=subtask_index)


def model_tests(task: Task, sampler, store: RunStore, key: str, params: SamplingParams | None = None,
                sandbox: Sandbox | None = None, seeds: Iterable[int] = SEEDS) -> int:
    """Ask `sampler` for generators and validators of every scored subtask, keep the validated inputs
    and record them in the store; returns how many were recorded. Answers without a program or that
    do not compile are dropped; a subtask whose validators all fail yields no input."""
    if not make_task_type(task).runs_generated_inputs:
        return 0  # e.g. OutputOnly: the contestant already has every input
    params = params or SamplingParams(n=2)
    sandbox = sandbox or make_sandbox()
    subtasks = scored_subtasks(task)
    prompts = [generator_prompt(task, s) for s in subtasks] + [validator_prompt(task, s) for s in subtasks]
    answers = sampler.generate(prompts, params)
    programs: dict[str, list[Program]] = {}
    for prompt, row in zip(prompts, answers):
        for c in row:
            code = extract_cpp(c.text)
            program = compile_program(sandbox, code, f"{MODEL_ORIGIN}{prompt.id}:{c.index}") if code else None
            if program is not None:
                programs.setdefault(prompt.id, []).append(program)
    gens = {s: programs.get(generator_prompt(task, s).id, []) for s in subtasks}
    vals = {s: programs.get(validator_prompt(task, s).id, []) for s in subtasks}
    gens = {s: g for s, g in gens.items() if g and vals[s]}  # an unvalidated input is never kept
    return store_inputs(store, key, task, validated_inputs(sandbox, gens, vals, seeds))
