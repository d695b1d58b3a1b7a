"""Kattis problem packages (Kattis, DOMjudge, problemtools, BAPCtools; the IOI 2022 archive).

Both the legacy format and `problem_format_version: 2023-07-draft` are read:

- `problem.yaml`: `type` (pass-fail, scoring; draft: also interactive, as a list or words),
  `validation` (legacy: `default` or `custom [interactive] [score]`), `validator_flags`, `limits`
  (`time_multiplier`/`time_safety_margin`, draft `time_multipliers`, `memory` MiB, `time_limit`);
- `data/**`: every folder is a test group with its `NAME.in` + `NAME.ans` tests (symlinks
  followed) and an optional `testdata.yaml` inherited by the folders below it; `.interaction`
  samples are illustrations for the statement, not tests;
- `output_validators/*/` (draft: `output_validator/`): a C++ validator speaking the `kattis`
  checker protocol; `include/<language>/`: files compiled with every submission; `graders/`:
  a custom grader that turns a group's verdicts and scores into the group's.

Every folder holding tests becomes one subtask named by its path (`sample`, `secret/group1`):
`min`-graded groups score `range max × min(test scores)` (IOI), others give each test its
`accept_score` (Kattis' default `sum`). The time limit is `.timelimit` when the package has one,
else the one measured from its accepted submissions (`judge/kattis/timelimit.py`), else provisional.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from judge.loaders.package import MIB, Package, natural_key
from judge.model import Subtask, Task, TestCase

DRAFT = "2023-07-draft"
LEGACY_DEFAULTS = {"time_multiplier": 5.0, "time_safety_margin": 2.0}
DRAFT_DEFAULTS = {"ac_to_time_limit": 2.0, "time_limit_to_tle": 1.5}
DEFAULT_MEMORY_MIB = 1024  # Kattis' default when problem.yaml names none
PROVISIONAL_TIME_S = 10.0  # until measured: generous, so accepted submissions can be timed
TESTDATA_KEYS = {"on_reject", "range", "accept_score", "reject_score", "grader_flags", "grading",
                 "input_validator_flags", "output_validator_flags", "static_validation", "full_feedback"}  # fmt: skip
LANGUAGE_DIRS = {"cpp": "cpp", "c++": "cpp", "c": "c", "python3": "python3", "python": "python3"}
SOURCE_SUFFIXES = (".cc", ".cpp", ".cxx", ".c++")


def detect(pkg: Package) -> bool:
    return pkg.path("problem.yaml").is_file() and pkg.path("data").is_dir() and not pkg.has("problem.xml")


@dataclass(frozen=True)
class GroupSettings:
    """A test group's testdata.yaml, with everything its parents set filled in."""

    on_reject: str = "break"
    range: tuple[float, float] = (-math.inf, math.inf)
    accept_score: float = 1.0
    reject_score: float = 0.0
    grader_flags: tuple[str, ...] = ()
    grading: str = "default"
    input_validator_flags: tuple[str, ...] = ()
    output_validator_flags: tuple[str, ...] = ()

    @property
    def aggregation(self) -> str:
        return "min" if "min" in self.grader_flags else "sum"


@dataclass(frozen=True)
class Group:
    """One folder of data/: its path (`secret/group1`), settings, tests and subgroups, in order."""

    path: str
    settings: GroupSettings
    tests: tuple[TestCase, ...] = ()
    children: tuple["Group", ...] = field(default=())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class ProblemConfig:
    version: str
    name: str
    scoring: bool
    interactive: bool
    custom_validation: bool
    validator_flags: tuple[str, ...]
    memory_mib: float
    time_multiplier: float  # slowest accepted time × this = the time limit (before rounding up)
    safety_margin: float  # time limit × this = what a time_limit_exceeded submission must still exceed
    fixed_time_s: float | None  # draft `limits.time_limit`
    validation_time_s: float | None = None  # `limits.validation_time`
    output_mib: float | None = None  # `limits.output`; None: the judge's default output limit


def load(pkg: Package) -> Task:
    config = read_config(pkg)
    root = read_groups(pkg, config)
    tests: list[TestCase] = []
    subtasks: list[Subtask] = []
    for group in root.walk():
        if not group.tests:
            continue
        tests.extend(group.tests)
        names = tuple(t.name for t in group.tests)
        subtasks.append(_subtask(len(subtasks), group, names, config, "ignore_sample" in root.settings.grader_flags))
    if not tests:
        raise pkg.error("data", "no test cases (data/secret/NAME.in with NAME.ans)")
    validator = _validator(pkg, config)
    languages, includes = _includes(pkg)
    time_s, source = _time_limit(pkg, config)
    return pkg.build_task(
        code=pkg.name_hint,
        name=config.name or pkg.name_hint,
        task_type="Interactive" if config.interactive else "Batch",
        task_type_params={
            "compilation": "alone",
            "kattis_format": config.version,
            "scoring": config.scoring,
            "time_limit_source": source,
            "time_multiplier": config.time_multiplier,
            "time_safety_margin": config.safety_margin,
            **({"validation_time": config.validation_time_s} if config.validation_time_s else {}),
        },
        limits={"time_s": time_s, "memory_bytes": int(config.memory_mib * MIB),
                "output_bytes": None if config.output_mib is None else int(config.output_mib * MIB)},
        score_precision=6,
        tests=tuple(tests),
        subtasks=tuple(subtasks),
        graders={p.name: p for p in pkg.files("graders")},
        checker=validator,
        checker_protocol="kattis",
        checker_flags=config.validator_flags,
        languages=languages,
        include_dirs=includes,
        statement=pkg.statement(*_statements(pkg)),
        attachments=(*pkg.files("attachments"), *_interactions(pkg)),
        public_tests=tuple(t.name for g in root.walk() if g.path.split("/")[0] == "sample" for t in g.tests),
    )


# ---------------------------------------------------------------------------------------------
# problem.yaml


def _yaml(pkg: Package, rel: str) -> Any:
    try:
        data = yaml.safe_load(pkg.read_text(rel))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise pkg.error(rel, f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise pkg.error(rel, f"must hold a mapping, got {type(data).__name__}")
    return data


def _number(pkg: Package, rel: str, key: str, value: Any, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or (
            positive and value <= 0):  # fmt: skip
        raise pkg.error(rel, f"{key} must be a {'positive ' if positive else ''}number, got {value!r}")
    return float(value)


def _words(pkg: Package, rel: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return tuple(shlex.split(str(value)))
        except ValueError as e:
            raise pkg.error(rel, f"{key}: {e}") from None
    raise pkg.error(rel, f"{key} must be a string or a list of words, got {value!r}")


def read_config(pkg: Package) -> ProblemConfig:
    rel = "problem.yaml"
    meta = _yaml(pkg, rel)
    version = str(meta.get("problem_format_version", "legacy"))
    if version not in ("legacy", DRAFT) and not version.startswith("legacy"):
        raise pkg.error(rel, f"unknown problem_format_version {version!r} (known: legacy, {DRAFT})")
    draft = version == DRAFT
    name = meta.get("name", "")
    if isinstance(name, dict):
        name = name.get("en") or next(iter(name.values()), "")
    limits = meta.get("limits") or {}
    if not isinstance(limits, dict):
        raise pkg.error(rel, "limits must be a mapping")
    types = set(_words(pkg, rel, "type", meta.get("type", "pass-fail")))
    known_types = {"pass-fail", "scoring"} | ({"interactive", "multi-pass", "submit-answer"} if draft else set())
    if unknown := types - known_types:
        raise pkg.error(rel, f"unknown problem type {sorted(unknown)[0]!r} (known: {', '.join(sorted(known_types))})")
    for unsupported in ("multi-pass", "submit-answer"):
        if unsupported in types:
            raise pkg.error(rel, f"{unsupported} problems are not supported")
    validation = _words(pkg, rel, "validation", meta.get("validation", "default"))
    if validation and validation[0] not in ("default", "custom"):
        raise pkg.error(rel, f"validation must start with 'default' or 'custom', got {' '.join(validation)!r}")
    if unknown := set(validation[1:]) - {"interactive", "score"}:
        raise pkg.error(rel, f"unknown validation option {sorted(unknown)[0]!r} (known: interactive, score)")
    interactive = "interactive" in types or "interactive" in validation
    scoring = "scoring" in types or "score" in validation
    custom = interactive or (validation[:1] == ("custom",)) or draft and _validator_dir(pkg) is not None
    flags = meta.get("validator_flags")
    if flags is None and isinstance(meta.get("validation"), dict):  # some packages nest them
        flags = meta["validation"].get("validator_flags")
    if draft:
        mult = limits.get("time_multipliers") or {}
        if not isinstance(mult, dict):
            raise pkg.error(rel, "limits.time_multipliers must be a mapping")
        multiplier = _number(pkg, rel, "ac_to_time_limit", mult.get("ac_to_time_limit", DRAFT_DEFAULTS["ac_to_time_limit"]))
        margin = _number(pkg, rel, "time_limit_to_tle", mult.get("time_limit_to_tle", DRAFT_DEFAULTS["time_limit_to_tle"]))
    else:
        multiplier = _number(pkg, rel, "time_multiplier", limits.get("time_multiplier", LEGACY_DEFAULTS["time_multiplier"]))
        margin = _number(pkg, rel, "time_safety_margin",
                         limits.get("time_safety_margin", LEGACY_DEFAULTS["time_safety_margin"]))  # fmt: skip
    fixed = limits.get("time_limit")
    return ProblemConfig(
        version=DRAFT if draft else "legacy",
        name=str(name or ""),
        scoring=scoring,
        interactive=interactive,
        custom_validation=custom,
        validator_flags=_words(pkg, rel, "validator_flags", flags),
        memory_mib=_number(pkg, rel, "limits.memory", limits.get("memory", DEFAULT_MEMORY_MIB)),
        time_multiplier=multiplier,
        safety_margin=margin,
        fixed_time_s=None if fixed is None else _number(pkg, rel, "limits.time_limit", fixed),
        output_mib=None if limits.get("output") is None else _number(pkg, rel, "limits.output", limits["output"]),
        validation_time_s=None if limits.get("validation_time") is None
        else _number(pkg, rel, "limits.validation_time", limits["validation_time"]),
    )


# ---------------------------------------------------------------------------------------------
# data/


def _settings(pkg: Package, rel: str, parent: GroupSettings) -> GroupSettings:
    if not pkg.path(rel).is_file():
        return parent
    data = _yaml(pkg, rel)
    if unknown := set(data) - TESTDATA_KEYS:
        raise pkg.error(rel, f"unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(TESTDATA_KEYS))})")
    fields: dict[str, Any] = {}
    if "on_reject" in data:
        if data["on_reject"] not in ("break", "continue"):
            raise pkg.error(rel, f"on_reject must be break or continue, got {data['on_reject']!r}")
        fields["on_reject"] = data["on_reject"]
    if "range" in data:
        words = _words(pkg, rel, "range", data["range"])
        try:
            lo, hi = (float(w) for w in words)
        except ValueError:
            raise pkg.error(rel, f"range must be two numbers 'min max', got {data['range']!r}") from None
        if not lo <= hi:
            raise pkg.error(rel, f"range {lo:g} {hi:g} is empty")
        fields["range"] = (lo, hi)
    for key in ("accept_score", "reject_score"):
        if key in data:
            fields[key] = _number(pkg, rel, key, data[key], positive=False)
    if "grading" in data:
        if data["grading"] not in ("default", "custom"):
            raise pkg.error(rel, f"grading must be default or custom, got {data['grading']!r}")
        fields["grading"] = data["grading"]
    for key in ("grader_flags", "input_validator_flags", "output_validator_flags"):
        if key in data:
            fields[key] = _words(pkg, rel, key, data[key])
    for flag in fields.get("grader_flags", ()):
        if flag not in GRADER_FLAGS and not flag.startswith(GRADER_FLAG_PREFIXES):
            raise pkg.error(rel, f"unknown grader flag {flag!r}")
    settings = GroupSettings(**{**parent.__dict__, **fields})
    return settings


GRADER_FLAGS = {"min", "max", "sum", "avg", "ignore_sample", "first_error", "worst_error", "no_errors",
                "always_accept", "accept_if_any_accepted"}  # fmt: skip
GRADER_FLAG_PREFIXES = ("subtask_score=",)


def read_groups(pkg: Package, config: ProblemConfig | None = None) -> Group:
    """The tree of test groups under data/, each folder with its inherited testdata.yaml."""
    return _group(pkg, "data", _settings(pkg, "data/testdata.yaml", GroupSettings()))


def _group(pkg: Package, rel: str, settings: GroupSettings) -> Group:
    folder = pkg.path(rel)
    entries = sorted(folder.iterdir(), key=lambda p: natural_key(p.name))
    tests: list[TestCase] = []
    children: list[Group] = []
    for entry in entries:
        entry_rel = f"{rel}/{entry.name}"
        if entry.suffix == ".in":
            if not entry.exists():
                raise pkg.error(entry_rel, "broken symbolic link: its target does not exist")
            answer = entry.with_suffix(".ans")
            if not answer.exists():
                what = "broken symbolic link" if answer.is_symlink() else "missing"
                raise pkg.error(f"{rel}/{answer.name}", f"{what}: every test input needs its answer file")
            name = f"{rel.removeprefix('data/')}/{entry.stem}".replace("/", ".")
            tests.append(TestCase(name=name, input=_link(pkg, entry_rel, entry), output=_link(pkg, f"{rel}/{answer.name}", answer),
                                  checker_args=settings.output_validator_flags))
        elif entry.suffix == ".ans" and not entry.with_suffix(".in").exists():
            if not entry.with_suffix(".interaction").exists():
                raise pkg.error(entry_rel, f"answer without an input: {entry.stem}.in is missing")
        elif entry.is_dir():
            child_settings = _settings(pkg, f"{entry_rel}/testdata.yaml", settings)
            children.append(_group(pkg, entry_rel, child_settings))
    path = rel.removeprefix("data").lstrip("/")
    return Group(path=path, settings=settings, tests=tuple(tests), children=tuple(children))


def _link(pkg: Package, rel: str, path: Path) -> Path:
    """Follow a symbolic link stored as a plain file (git without symlink support, some archive
    tools): a short one-line file whose text is a relative path to another test file."""
    if path.is_symlink() or path.stat().st_size > 512:
        return path
    text = path.read_bytes()
    if not text or any(c in text for c in b" \t\r\n\0") or not text.endswith((b".in", b".ans")):
        return path
    target = (path.parent / text.decode(errors="replace")).resolve()
    if not target.is_file():
        raise pkg.error(rel, f"link to {text.decode(errors='replace')!r}, which does not exist")
    if not target.is_relative_to(pkg.root.resolve()):
        raise pkg.error(rel, "link points outside the package")
    return target


def _subtask(index: int, group: Group, names: tuple[str, ...], config: ProblemConfig, ignore_sample: bool) -> Subtask:
    s = group.settings
    sample = group.path.split("/")[0] == "sample"
    if not config.scoring:  # pass-fail: a group is worth 1 when every test passes; samples nothing
        return Subtask(index=index, name=group.path, points=0 if sample else 1, tests=names)
    if sample and ignore_sample:
        return Subtask(index=index, name=group.path, points=0, tests=names)
    lo, hi = s.range
    unit = s.accept_score if s.grading == "default" else 1.0
    if s.aggregation == "min":
        points = hi if math.isfinite(hi) else unit
        return Subtask(index=index, name=group.path, points=max(points, 0.0), tests=names)
    weights = tuple(max(unit, 0.0) for _ in names)
    points = min(hi, sum(weights)) if math.isfinite(hi) else sum(weights)
    return Subtask(index=index, name=group.path, points=max(points, 0.0), tests=names, aggregation="sum",
                   test_points=weights)


# ---------------------------------------------------------------------------------------------
# programs the package brings


def _validator_dir(pkg: Package) -> Path | None:
    for folder in ("output_validators", "output_validator"):
        base = pkg.path(folder)
        if not base.is_dir():
            continue
        if any(p.is_file() for p in base.iterdir()):
            return base
        subdirs = sorted(p for p in base.iterdir() if p.is_dir())
        if subdirs:
            return subdirs[0]
    return None


def _validator(pkg: Package, config: ProblemConfig) -> Path | None:
    if not config.custom_validation:
        return None
    folder = _validator_dir(pkg)
    if folder is None:
        raise pkg.error("output_validators", "missing: custom validation needs an output validator")
    rel = str(folder.relative_to(pkg.root))
    sources = sorted(p for p in folder.iterdir() if p.suffix in SOURCE_SUFFIXES)
    if not sources:
        found = ", ".join(sorted(p.name for p in folder.iterdir())) or "nothing"
        raise pkg.error(rel, f"no C++ validator source (found {found}); only C++ validators are supported")
    mains = [p for p in sources if b"main(" in p.read_bytes()] or sources
    return mains[0]


def _includes(pkg: Package) -> tuple[tuple[str, ...], dict[str, Path]]:
    base = pkg.path("include")
    if not base.is_dir():
        return ("cpp", "c", "python3"), {}
    includes: dict[str, Path] = {}
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        lang = LANGUAGE_DIRS.get(folder.name.lower())
        if lang is not None:
            includes[lang] = folder
    if not includes:
        raise pkg.error("include", "no include/<language>/ folder for a supported language (cpp, c, python3)")
    return tuple(includes), includes


def _interactions(pkg: Package) -> list[Path]:
    """`.interaction` samples (`>` lines the program writes, `<` lines it reads): illustrations a
    contestant gets with the statement, never run as tests."""
    base = pkg.path("data/sample")
    return sorted(base.rglob("*.interaction"), key=lambda p: natural_key(p.name)) if base.is_dir() else []


def _statements(pkg: Package) -> list[str]:
    found = []
    for folder in ("problem_statement", "statement"):
        for pattern in ("problem.en.md", "problem.md", "problem.en.tex", "problem.tex"):
            if pkg.path(f"{folder}/{pattern}").is_file():
                found.append(f"{folder}/{pattern}")
    return found


def _time_limit(pkg: Package, config: ProblemConfig) -> tuple[float, str]:
    if pkg.path(".timelimit").is_file():
        text = pkg.read_text(".timelimit").strip()
        try:
            return _number(pkg, ".timelimit", "the time limit", float(text)), "timelimit-file"
        except ValueError:
            raise pkg.error(".timelimit", f"must hold a number of seconds, got {text[:20]!r}") from None
    if config.fixed_time_s is not None:
        return config.fixed_time_s, "problem.yaml"
    from judge.kattis.timelimit import cached_time_limit

    cached = cached_time_limit(pkg.root)
    if cached is not None:
        return cached, "measured"
    return PROVISIONAL_TIME_S, "provisional"
