"""The run store: one SQLite file per run directory, the only writer of that file.

Everything a run learns is appended here: prompts, candidates (the content hash is the id), compile
and test results, generated tests, clusters and submission decisions. Records are never updated or
deleted: the first write of a key wins and a repeated write is ignored, so a run killed at any moment
and started again only adds what is missing. `is_done(kind, key)` answers the coarser question "was
this whole step finished?" for steps that write several records.

Every test result carries its `TestKind` in a column of its own (example, official, generated,
run); the test name is the bare name (a test's, or a generated input's id). Stores written before
kinds existed (schema 1 named kinds by prefixes, `gen:<id>` and `run:<test>`) are migrated when
opened; their examples are told apart from the other official tests by the first runner that knows
the task (`mark_examples`).

WAL mode lets readers (a report, a second process) look while the run writes; one connection guarded
by a lock makes the store safe to share between the judging threads.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

STORE_FILE = "run.sqlite"
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS prompts (
    id TEXT PRIMARY KEY, task TEXT NOT NULL, subtask INTEGER, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS candidates (
    task TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, prompt TEXT,
    PRIMARY KEY (task, id));
CREATE TABLE IF NOT EXISTS origins (
    task TEXT NOT NULL, candidate TEXT NOT NULL, origin TEXT NOT NULL,
    PRIMARY KEY (task, origin));
CREATE TABLE IF NOT EXISTS compiles (
    task TEXT NOT NULL, candidate TEXT NOT NULL, ok INTEGER NOT NULL, message TEXT NOT NULL,
    cpu_s REAL NOT NULL, PRIMARY KEY (task, candidate));
CREATE TABLE IF NOT EXISTS test_results (
    task TEXT NOT NULL, candidate TEXT NOT NULL, kind TEXT NOT NULL, test TEXT NOT NULL, verdict TEXT NOT NULL,
    score REAL NOT NULL, output_hash TEXT, cpu_s REAL NOT NULL, memory_mib REAL NOT NULL,
    PRIMARY KEY (task, candidate, kind, test));
CREATE TABLE IF NOT EXISTS generated_tests (
    task TEXT NOT NULL, id TEXT NOT NULL, input BLOB NOT NULL, subtasks TEXT NOT NULL, origin TEXT NOT NULL,
    PRIMARY KEY (task, id));
CREATE TABLE IF NOT EXISTS clusters (
    task TEXT NOT NULL, key TEXT NOT NULL, candidate TEXT NOT NULL, cluster INTEGER NOT NULL,
    PRIMARY KEY (task, key, candidate));
CREATE TABLE IF NOT EXISTS submissions (
    task TEXT NOT NULL, policy TEXT NOT NULL, seq INTEGER NOT NULL, candidate TEXT NOT NULL,
    feedback TEXT NOT NULL, PRIMARY KEY (task, policy, seq));
CREATE TABLE IF NOT EXISTS done (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));
"""


# Schema 1 -> 2: the kind moves out of the test name into a column of its own.
_MIGRATE_1_TO_2 = """
ALTER TABLE test_results RENAME TO test_results_v1;
CREATE TABLE test_results (
    task TEXT NOT NULL, candidate TEXT NOT NULL, kind TEXT NOT NULL, test TEXT NOT NULL, verdict TEXT NOT NULL,
    score REAL NOT NULL, output_hash TEXT, cpu_s REAL NOT NULL, memory_mib REAL NOT NULL,
    PRIMARY KEY (task, candidate, kind, test));
INSERT INTO test_results
    SELECT task, candidate,
           CASE substr(test, 1, 4) WHEN 'gen:' THEN 'generated' WHEN 'run:' THEN 'run' ELSE 'official' END,
           CASE WHEN substr(test, 1, 4) IN ('gen:', 'run:') THEN substr(test, 5) ELSE test END,
           verdict, score, output_hash, cpu_s, memory_mib
    FROM test_results_v1;
DROP TABLE test_results_v1;
INSERT OR REPLACE INTO meta VALUES ('examples', 'unknown');
UPDATE meta SET value = '2' WHERE key = 'schema';
"""


class TestKind(str, Enum):
    """What a result is a result of (the store's `kind` column)."""

    __test__ = False  # not a pytest test class

    EXAMPLE = "example"  # a public test of the package, judged: the contestant sees the verdict
    OFFICIAL = "official"  # a hidden test of the package, judged: only submissions reveal these
    GENERATED = "generated"  # a generated input: behaviour only, there is no expected output
    RUN = "run"  # an output-writing program's own run on a test input (the contestant holds it)


JUDGED = frozenset({TestKind.EXAMPLE, TestKind.OFFICIAL})  # the kinds with an official verdict
GENERATED_PREFIX = "gen:"  # a generated input's one-string name (`store_name`): gen:<input id>
RUN_PREFIX = "run:"  # an output-writing program's run as one string: run:<test>


def store_name(kind: TestKind, test: str) -> str:
    """A result's name as one string (schema 1's names; still what case names and selection inputs
    use): official tests by name, `gen:<id>`, `run:<test>`."""
    if kind is TestKind.GENERATED:
        return GENERATED_PREFIX + test
    if kind is TestKind.RUN:
        return RUN_PREFIX + test
    return test


def kind_of(name: str, public: Iterable[str] = ()) -> tuple[TestKind, str]:
    """(kind, test) of a one-string name; `public` names the task's examples."""
    if name.startswith(GENERATED_PREFIX):
        return TestKind.GENERATED, name.removeprefix(GENERATED_PREFIX)
    if name.startswith(RUN_PREFIX):
        return TestKind.RUN, name.removeprefix(RUN_PREFIX)
    return (TestKind.EXAMPLE if name in set(public) else TestKind.OFFICIAL), name


def content_id(data: str | bytes) -> str:
    """The id of a source or an input: its SHA-256, shortened to 16 hex digits (64 bits)."""
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class StoredTest:
    """One program run on one input: `kind` says which kind of input, `test` names it (a test's
    name, a generated input's id). Built without a kind, `test` is read as a one-string name
    (`kind_of`: `gen:<id>`, `run:<test>`, else OFFICIAL)."""

    candidate: str
    test: str
    verdict: str
    score: float
    output_hash: str | None
    cpu_s: float
    memory_mib: float
    kind: TestKind | None = None

    def __post_init__(self) -> None:
        if self.kind is None:
            kind, test = kind_of(self.test)
            object.__setattr__(self, "kind", kind)
            object.__setattr__(self, "test", test)
        elif not isinstance(self.kind, TestKind):
            object.__setattr__(self, "kind", TestKind(self.kind))

    @property
    def name(self) -> str:
        """The one-string name (`store_name`)."""
        return store_name(self.kind, self.test)

    @property
    def judged(self) -> bool:
        """A result with an official verdict (an example or another official test)."""
        return self.kind in JUDGED


@dataclass(frozen=True)
class GeneratedTest:
    id: str
    input: bytes
    subtasks: tuple[int, ...]  # subtasks whose constraints it satisfies; empty = not known
    origin: str


@dataclass(frozen=True)
class CompileRecord:
    ok: bool
    message: str
    cpu_s: float


class RunStore:
    """Append-only records of one run. Open with a run directory (or the SQLite file itself)."""

    def __init__(self, path: Path | str):
        path = Path(path)
        if path.suffix != ".sqlite":
            path.mkdir(parents=True, exist_ok=True)
            path = path / STORE_FILE
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row and row[0] == "1":
                self._db.executescript(f"BEGIN;{_MIGRATE_1_TO_2}COMMIT;")  # all of it or nothing
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            version = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0]
        if version != str(SCHEMA_VERSION):
            raise ValueError(f"{path}: run store schema {version}, this program writes {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> RunStore:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- low level ------------------------------------------------------------------------------

    def _insert(self, table: str, values: Sequence[Any]) -> None:
        marks = ", ".join("?" * len(values))
        with self._lock:
            self._db.execute(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", tuple(values))

    def _insert_many(self, table: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        marks = ", ".join("?" * len(rows[0]))
        with self._lock, self._db:  # one transaction: all rows or none
            self._db.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", rows)

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    # -- completion markers -----------------------------------------------------------------------

    def mark_done(self, kind: str, key: str) -> None:
        self._insert("done", (kind, key))

    def is_done(self, kind: str, key: str) -> bool:
        return bool(self._query("SELECT 1 FROM done WHERE kind=? AND key=?", (kind, key)))

    # -- prompts and candidates -------------------------------------------------------------------

    def add_prompt(self, task: str, text: str, subtask: int | None = None) -> str:
        pid = content_id(f"{task}\0{subtask}\0{text}")
        self._insert("prompts", (pid, task, subtask, text))
        return pid

    def prompt(self, pid: str) -> str | None:
        rows = self._query("SELECT text FROM prompts WHERE id=?", (pid,))
        return rows[0][0] if rows else None

    def add_candidate(self, task: str, source: str, origin: str | None = None, prompt: str | None = None) -> str:
        """Record a candidate program; identical sources share one id. `origin` (a file, a sample
        index) is kept per occurrence, so duplicates still count in the pool's composition."""
        cid = content_id(source)
        self._insert("candidates", (task, cid, source, prompt))
        if origin is not None:
            self._insert("origins", (task, cid, origin))
        return cid

    def add_candidates(self, task: str, items: Iterable[tuple[str, str | None]]) -> list[str]:
        """`add_candidate` for many (source, origin) pairs in one transaction: thousands at once."""
        items = list(items)
        ids = [content_id(source) for source, _ in items]
        self._insert_many("candidates", ((task, cid, source, None) for cid, (source, _) in zip(ids, items)))
        self._insert_many("origins", ((task, cid, o) for cid, (_, o) in zip(ids, items) if o is not None))
        return ids

    def candidates(self, task: str) -> dict[str, str]:
        """id -> source, in id order."""
        return dict(self._query("SELECT id, source FROM candidates WHERE task=? ORDER BY id", (task,)))

    def origins(self, task: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for cid, origin in self._query("SELECT candidate, origin FROM origins WHERE task=? ORDER BY origin", (task,)):
            out.setdefault(cid, []).append(origin)
        return out

    # -- judging ----------------------------------------------------------------------------------

    def add_compile(self, task: str, candidate: str, ok: bool, message: str = "", cpu_s: float = 0.0) -> None:
        self._insert("compiles", (task, candidate, int(ok), message, cpu_s))

    def compile_result(self, task: str, candidate: str) -> CompileRecord | None:
        rows = self._query("SELECT ok, message, cpu_s FROM compiles WHERE task=? AND candidate=?", (task, candidate))
        return CompileRecord(bool(rows[0][0]), rows[0][1], rows[0][2]) if rows else None

    def add_test_results(self, task: str, results: Iterable[StoredTest]) -> None:
        self._insert_many("test_results", (
            (task, r.candidate, r.kind.value, r.test, r.verdict, r.score, r.output_hash, r.cpu_s, r.memory_mib)
            for r in results
        ))  # fmt: skip

    def test_results(self, task: str, candidate: str | None = None,
                     kinds: Iterable[TestKind] | None = None) -> list[StoredTest]:
        """Results of `task` (of one candidate, of some kinds), by candidate then one-string name."""
        sql = "SELECT candidate, test, verdict, score, output_hash, cpu_s, memory_mib, kind FROM test_results WHERE task=?"
        args: list[Any] = [task]
        if candidate is not None:
            sql += " AND candidate=?"
            args.append(candidate)
        if kinds is not None:
            kinds = [TestKind(k).value for k in kinds]
            sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
            args += kinds
        rows = [StoredTest(*row) for row in self._query(sql, args)]
        return sorted(rows, key=lambda r: (r.candidate, r.name))

    def judged_tests(self, task: str, candidate: str) -> set[tuple[TestKind, str]]:
        """(kind, test) of every result `candidate` has."""
        rows = self._query("SELECT kind, test FROM test_results WHERE task=? AND candidate=?", (task, candidate))
        return {(TestKind(k), t) for k, t in rows}

    def mark_examples(self, task: str, public: Iterable[str]) -> None:
        """Finish a schema-1 store's migration for `task`: its results on the `public` tests become
        EXAMPLE (schema 1 did not say which tests were examples). Does nothing on other stores."""
        with self._lock:
            if not self._db.execute("SELECT 1 FROM meta WHERE key='examples' AND value='unknown'").fetchone():
                return
            if self._db.execute("SELECT 1 FROM done WHERE kind='examples' AND key=?", (task,)).fetchone():
                return
            with self._db:
                self._db.executemany("UPDATE OR REPLACE test_results SET kind='example' WHERE task=? AND kind='official' AND test=?",
                                     [(task, t) for t in public])
                self._db.execute("INSERT OR IGNORE INTO done VALUES ('examples', ?)", (task,))

    # -- generated tests --------------------------------------------------------------------------

    def add_generated_test(self, task: str, data: bytes, subtasks: Iterable[int] = (), origin: str = "") -> str:
        """Record a generated input (validated by its producer); its id is its content hash."""
        gid = content_id(data)
        self._insert("generated_tests", (task, gid, data, json.dumps(sorted(set(subtasks))), origin))
        return gid

    def generated_tests(self, task: str) -> list[GeneratedTest]:
        rows = self._query("SELECT id, input, subtasks, origin FROM generated_tests WHERE task=? ORDER BY id", (task,))
        return [GeneratedTest(gid, bytes(data), tuple(json.loads(st)), origin) for gid, data, st, origin in rows]

    # -- clusters and submissions -----------------------------------------------------------------

    def add_clusters(self, task: str, key: str, assignment: dict[str, int]) -> None:
        self._insert_many("clusters", ((task, key, cid, c) for cid, c in sorted(assignment.items())))

    def clusters(self, task: str, key: str) -> dict[str, int]:
        return dict(self._query("SELECT candidate, cluster FROM clusters WHERE task=? AND key=?", (task, key)))

    def add_submissions(self, task: str, policy: str, decisions: Sequence[tuple[str, Sequence[float]]]) -> None:
        """Record a policy's submissions in order, each with the per-subtask feedback it earned."""
        self._insert_many("submissions", (
            (task, policy, seq, cid, json.dumps(list(fb))) for seq, (cid, fb) in enumerate(decisions)
        ))  # fmt: skip

    def submissions(self, task: str, policy: str) -> list[tuple[str, list[float]]]:
        rows = self._query("SELECT candidate, feedback FROM submissions WHERE task=? AND policy=? ORDER BY seq",
                           (task, policy))
        return [(cid, json.loads(fb)) for cid, fb in rows]
