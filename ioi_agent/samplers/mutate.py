"""Mutation sampler: thousands of distinct candidate programs from a task's few labelled solutions,
differing the way a model's samples differ, without a GPU.

A mutant is a labelled solution with one to three small edits of the kinds sampled programs get wrong:
a flipped comparison, an off-by-one bound or index, a changed constant, swapped indices, a dropped
statement, a loop order changed (nested loops swapped, or a loop run backwards), a `long long`
narrowed to `int`. Edits touch code only, never comments, string literals or preprocessor lines.
A share of the pool (`duplicate_share`, 20% by default, about what repeated sampling of one prompt
gives) repeats an earlier program exactly or up to whitespace (indentation, blank lines, trailing
blanks, CRLF).

Everything is drawn from one `random.Random(seed)`, so a seed names a pool: `mutate_sources` returns
the same list for the same bases, size and seed. It stands in for the model sampler in benchmarks and
tests (`mutate:DIR` spec); the model samplers stay what real users run.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..params import SamplingParams
from ..prompts import Prompt
from .base import Completion, SamplerError, derive_seed
from .replay import _natural_key

SOURCE_SUFFIXES = frozenset({".cpp", ".cc", ".cxx", ".c++"})
DUPLICATE_SHARE = 0.2
MAX_EDITS = 3


@dataclass(frozen=True)
class Mutant:
    text: str
    base: str  # name of the labelled solution it came from
    edits: tuple[str, ...]  # kinds of the edits applied; ("duplicate",) / ("whitespace",) for repeats


# -- where code is ------------------------------------------------------------------------------

_NON_CODE = re.compile(
    r'//[^\n]*|/\*.*?\*/|R"(?P<d>[^(\s]*)\(.*?\)(?P=d)"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|^[ \t]*#[^\n]*',
    re.S | re.M,
)


def code_mask(text: str) -> str:
    """`text` with comments, string and character literals and preprocessor lines blanked (same
    length, newlines kept): edits are searched for in the mask and applied to the text."""
    return _NON_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


# -- edit operators: each lists its possible edits as (start, end, replacement) ----------------------

Edit = tuple[int, int, str]

_CMP = re.compile(r"(?<=[\w)\]] )(<=|>=|<|>|==|!=)(?= [\w(-])")
_FLIP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
_BOUND = re.compile(r"(?<=[<>=] )([A-Za-z_]\w*(?:\.size\(\))?|\d+)(?=\s*[;)])")
_INT = re.compile(r"(?<![\w.])\d+(?![\w.])")
_INDEX2 = re.compile(r"\[([^\[\]\n]{1,40})\]\[([^\[\]\n]{1,40})\]")
_INDEX = re.compile(r"(?<=[\w\]])\[([A-Za-z_]\w*)\]")
_STATEMENT = re.compile(r"^[ \t]+(?![ \t]|return\b)[^\n{}]*;[ \t]*\n", re.M)
_FOR = re.compile(r"for \(([^;()\n]*;[^;\n]*;[^)\n]*)\)")
_FOR_UP = re.compile(r"for \((int|long long) (\w+) = ([^;]+); \2 < ([^;]+); (?:\+\+\2|\2\+\+)\)")
_LONG = re.compile(r"\blong long\b")


def _flip_comparison(text: str, mask: str) -> list[Edit]:
    return [(m.start(), m.end(), _FLIP[m.group()]) for m in _CMP.finditer(mask)]


def _off_by_one(text: str, mask: str) -> list[Edit]:
    edits = [(m.start(), m.end(), f"{text[m.start():m.end()]} {sign} 1") for m in _BOUND.finditer(mask)
             for sign in "+-"]
    edits += [(m.start(1), m.end(1), f"{m.group(1)} {sign} 1") for m in _INDEX.finditer(mask) for sign in "+-"]
    return edits


def _change_constant(text: str, mask: str) -> list[Edit]:
    edits = []
    for m in _INT.finditer(mask):
        value = int(m.group())
        for new in {value + 1, max(value - 1, 0), value * 10, value // 10, 1 - min(value, 1)} - {value}:
            edits.append((m.start(), m.end(), str(new)))
    return edits


def _swap_indices(text: str, mask: str) -> list[Edit]:
    edits = []
    for m in _INDEX2.finditer(mask):
        a, b = text[m.start(1):m.end(1)], text[m.start(2):m.end(2)]
        if a != b:
            edits.append((m.start(), m.end(), f"[{b}][{a}]"))
    names = sorted(set(m.group(1) for m in _INDEX.finditer(mask)))
    for m in _INDEX.finditer(mask):
        edits += [(m.start(1), m.end(1), other) for other in names if other != m.group(1)]
    return edits


def _drop_statement(text: str, mask: str) -> list[Edit]:
    return [(m.start(), m.end(), "") for m in _STATEMENT.finditer(mask)]


def _loop_order(text: str, mask: str) -> list[Edit]:
    loops = list(_FOR.finditer(mask))
    edits = []
    for a, b in zip(loops, loops[1:]):  # a loop header directly followed by another: swap them
        if re.fullmatch(r"\s*\{?\s*", mask[a.end():b.start()]):
            head_a, head_b = text[a.start(1):a.end(1)], text[b.start(1):b.end(1)]
            edits.append((a.start(), b.end(), f"for ({head_b}){text[a.end():b.start()]}for ({head_a})"))
    for m in _FOR_UP.finditer(mask):  # run a counting loop backwards
        kind, var, lo, hi = (text[m.start(i):m.end(i)] for i in range(1, 5))
        edits.append((m.start(), m.end(), f"for ({kind} {var} = {hi} - 1; {var} >= {lo}; --{var})"))
    return edits


def _narrow_type(text: str, mask: str) -> list[Edit]:
    return [(m.start(), m.end(), "int") for m in _LONG.finditer(mask)]


OPERATORS: dict[str, Callable[[str, str], list[Edit]]] = {
    "flip_comparison": _flip_comparison,
    "off_by_one": _off_by_one,
    "change_constant": _change_constant,
    "swap_indices": _swap_indices,
    "drop_statement": _drop_statement,
    "loop_order": _loop_order,
    "narrow_type": _narrow_type,
}


def mutate_once(text: str, rng: random.Random) -> tuple[str, str] | None:
    """One random edit of `text` (an operator drawn uniformly among those with a site, then a site);
    None when no operator applies."""
    mask = code_mask(text)
    kinds = list(OPERATORS)
    rng.shuffle(kinds)
    for kind in kinds:
        edits = OPERATORS[kind](text, mask)
        if edits:
            start, end, new = edits[rng.randrange(len(edits))]
            return text[:start] + new + text[end:], kind
    return None


# -- whitespace-only variants ---------------------------------------------------------------------


def whitespace_variant(text: str, rng: random.Random) -> str:
    """The same program with different layout: indentation width, trailing blanks, blank lines or CRLF.
    Changes only whitespace that separates tokens outside literals and preprocessor lines."""
    lines = text.split("\n")
    mask_lines = code_mask(text).split("\n")
    choice = rng.randrange(4)
    if choice == 0:  # re-indent code lines (2 spaces <-> 4 spaces <-> tab)
        unit = rng.choice(["    ", "\t", "   "])
        out = []
        for line, mask in zip(lines, mask_lines):
            stripped = line.lstrip(" ")
            depth = (len(line) - len(stripped)) // 2
            code_line = mask.strip() != "" and not mask.lstrip().startswith("#")
            out.append(unit * depth + stripped if code_line and depth else line)
        variant = "\n".join(out)
    elif choice == 1:  # trailing blanks on a few lines
        out = [line + " " * rng.randint(1, 3) if rng.random() < 0.3 and not line.endswith("\\") else line
               for line in lines]
        variant = "\n".join(out)
    elif choice == 2:  # an extra blank line somewhere
        at = rng.randrange(len(lines) + 1)
        if at and lines[at - 1].endswith("\\"):
            at -= 1
        variant = "\n".join(lines[:at] + [""] + lines[at:])
    else:
        variant = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return variant if variant != text else text + "\n"


# -- pools ----------------------------------------------------------------------------------------


def mutate_sources(bases: Sequence[tuple[str, str]], n: int, seed: int = 0,
                   duplicate_share: float = DUPLICATE_SHARE) -> list[Mutant]:
    """`n` programs from `bases` ((name, source) pairs): about `duplicate_share` of them repeat an
    earlier one exactly or up to whitespace, the rest are pairwise distinct mutants (the bases
    themselves may appear unchanged, as a model's correct samples do). Same arguments, same list."""
    if not bases:
        raise SamplerError("no labelled solutions to mutate")
    if not 0 <= duplicate_share < 1:
        raise ValueError(f"duplicate_share must be in [0, 1), got {duplicate_share}")
    rng = random.Random(seed)
    out: list[Mutant] = []
    seen: set[str] = set()
    attempts = 0
    while len(out) < n:
        if out and rng.random() < duplicate_share:
            first = out[rng.randrange(len(out))]
            if rng.random() < 0.5:
                out.append(Mutant(first.text, first.base, ("duplicate",)))
            else:
                text = whitespace_variant(first.text, rng)
                seen.add(text)
                out.append(Mutant(text, first.base, ("whitespace",)))
            continue
        while True:  # a program not seen before
            attempts += 1
            if attempts > 50 * n + 1000:
                raise SamplerError(f"could not make {n} distinct programs from {len(bases)} solutions")
            name, text = bases[rng.randrange(len(bases))]
            edits: list[str] = []
            for _ in range(min(1 + int(rng.expovariate(1.2)), MAX_EDITS)):
                step = mutate_once(text, rng)
                if step is None:
                    break
                text, kind = step
                edits.append(kind)
            if text not in seen:
                break
        seen.add(text)
        out.append(Mutant(text, name, tuple(edits)))
    return out


def labelled_solutions(folder: Path) -> list[tuple[str, str]]:
    """(name relative to `folder`, source) of every C++ source under it, in natural order."""
    found = folder.rglob("*") if folder.name in ("solutions", "candidates") else folder.iterdir()
    files = sorted((p for p in found if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES),
                   key=lambda p: _natural_key(str(p.relative_to(folder))))
    return [(str(p.relative_to(folder)), p.read_text(encoding="utf-8", errors="replace")) for p in files]


def base_folder(path: Path, task_code: str | None = None) -> Path:
    """Where the bases of a task are: `PATH/<task>/solutions`, `PATH/<task>/candidates`,
    `PATH/solutions`, `PATH/candidates` (each searched recursively) or PATH's own sources."""
    tries = [path / task_code / "solutions", path / task_code / "candidates"] if task_code else []
    for folder in [*tries, path / "solutions", path / "candidates"]:
        if folder.is_dir() and any(p.suffix.lower() in SOURCE_SUFFIXES for p in folder.rglob("*")):
            return folder
    if any(p.suffix.lower() in SOURCE_SUFFIXES for p in path.iterdir()):
        return path
    raise SamplerError(f"{path}: no C++ solutions to mutate" + (f" for task {task_code}" if task_code else ""))


class MutateSampler:
    """`mutate:DIR`: each prompt gets `params.n` programs mutated from its task's labelled solutions
    under DIR (see `base_folder`), seeded from `params.seed` (or `seed`) and the prompt id."""

    def __init__(self, path: str | Path, seed: int = 0, duplicate_share: float = DUPLICATE_SHARE):
        self.path = Path(path)
        self.name = f"mutate:{self.path}"
        self.seed = seed
        self.duplicate_share = duplicate_share
        if not self.path.is_dir():
            raise SamplerError(f"{self.path}: mutation source is not a directory")

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        out = []
        for prompt in prompts:
            folder = base_folder(self.path, prompt.task_code)
            seed = derive_seed(self.seed if params.seed is None else params.seed, prompt.id)
            pool = mutate_sources(labelled_solutions(folder), params.n, seed or 0, self.duplicate_share)
            out.append([
                Completion(text=m.text, finish_reason="stop", prompt_id=prompt.id,
                           sampler=self.name, index=i, origin=f"{folder}/{m.base}:{'+'.join(m.edits) or 'base'}")
                for i, m in enumerate(pool)
            ])  # fmt: skip
        return out
