"""Task-package loaders (judge/loaders/): the official IOI 2024 packages in every form, archive safety
and caching, one clear error per broken package, and the Polygon, plain and attachments formats."""

from __future__ import annotations

import json
import re
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judge.errors import PackageError
from judge.loaders import LOADERS, detect_format, load_task
from judge.loaders.archive import extract
from judge.loaders.cms import parse_subtask
from judge.loaders.package import natural_key
from judge.model import Task

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
IOI = SHARED / "ioi2024"
needs_shared = pytest.mark.skipif(not IOI.is_dir(), reason=f"official IOI 2024 material not found at {IOI}")

OFFICIAL = {
    "aplusb": "practice/aplusb",
    "machine": "practice/machine",
    "message": "day1/message",
    "sphinx": "day2/sphinx",
}
# documented in shared/docs/ioi2024.md: a cross-check that the parameter keys are normalised
PROCESSES = {"machine": 1, "message": 2, "sphinx": 1}


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ioi-agent-cache")


@pytest.fixture(autouse=True)
def _private_cache(cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never extract into the developer's ~/.cache; share one cache across this module."""
    monkeypatch.setenv("IOI_AGENT_CACHE", str(cache_root))


def one_line(err: PackageError) -> str:
    text = str(err)
    assert "\n" not in text and text.strip() == text
    return text


# ---------------------------------------------------------------- the official packages


def official_zip(code: str) -> Path:
    return IOI / OFFICIAL[code] / f"{code}-CMS.zip"


class Truth:
    """What the zip itself says, read with zipfile: the expectations are never hard-coded."""

    def __init__(self, zip_path: Path):
        with zipfile.ZipFile(zip_path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            self.top = PurePosixPath(names[0]).parts[0]
            self.problem = json.loads(zf.read(f"{self.top}/problem.json"))

            def under(folder: str) -> list[PurePosixPath]:
                return [PurePosixPath(n) for n in names if PurePosixPath(n).parent == PurePosixPath(self.top, folder)]

            files = sorted(under("subtasks"), key=lambda p: int(p.name.split("-")[0]))
            self.subtasks = [(p.stem, json.loads(zf.read(str(p)))) for p in files]
            self.inputs = {p.stem for p in under("tests") if p.suffix == ".in"}
            self.outputs = {p.stem for p in under("tests") if p.suffix == ".out"}
            self.graders = {p.name for p in under("graders")}
            self.has_checker = f"{self.top}/checker/checker.cpp" in names
        self.params = json.loads(self.problem["task_type_params"])


@pytest.fixture(scope="session")
def official_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each official package as the zip, an extracted directory and a .tar.xz made here."""
    if not IOI.is_dir():
        pytest.skip(f"official IOI 2024 material not found at {IOI}")
    base = tmp_path_factory.mktemp("official")
    forms: dict[tuple[str, str], Path] = {}
    for code in OFFICIAL:
        forms[code, "zip"] = official_zip(code)
        with zipfile.ZipFile(official_zip(code)) as zf:
            zf.extractall(base / "dirs")
        forms[code, "dir"] = base / "dirs" / code
        tar = base / f"{code}.tar.xz"
        with tarfile.open(tar, "w:xz", preset=0) as tf:
            tf.add(base / "dirs" / code, arcname=code)
        forms[code, "tar.xz"] = tar
    return forms


@needs_shared
@pytest.mark.parametrize("form", ["zip", "dir", "tar.xz"])
@pytest.mark.parametrize("code", list(OFFICIAL))
def test_official_package_matches_its_files(code: str, form: str, official_forms: dict) -> None:
    truth = Truth(official_zip(code))
    task = load_task(official_forms[code, form])

    assert detect_format(official_forms[code, form]) == "cms"
    assert (task.code, task.name) == (truth.problem["code"], truth.problem["name"])
    assert task.task_type == truth.problem["task_type"]
    assert task.limits.time_s == truth.problem["time_limit"]
    assert task.limits.memory_bytes == truth.problem["memory_limit"]
    assert task.score_precision == truth.problem["score_precision"]

    assert [s.name for s in task.subtasks] == [name for name, _ in truth.subtasks]
    assert [s.index for s in task.subtasks] == list(range(len(truth.subtasks)))
    assert [s.points for s in task.subtasks] == [data["score"] for _, data in truth.subtasks]
    assert task.max_score == 100
    for subtask, (_, data) in zip(task.subtasks, truth.subtasks, strict=True):
        assert list(subtask.tests) == data["testcases"]

    assert set(task.test_names) == truth.inputs and len(task.tests) == len(truth.inputs)
    for test in task.tests:
        assert test.input.is_file() and test.input.name == f"{test.name}.in"
        assert (test.output is not None) == (test.name in truth.outputs)
        assert test.output is None or test.output.is_file()

    samples = [data["testcases"] for name, data in truth.subtasks if data["score"] == 0 and "sample" in name]
    assert list(task.public_tests) == [t for tests in samples for t in tests]
    assert set(task.graders) == truth.graders and all(p.is_file() for p in task.graders.values())
    assert (task.checker is not None) == truth.has_checker
    if task.checker is not None:
        assert task.checker.name == "checker.cpp" and (task.checker.parent / "testlib.h").is_file()
    assert [a.name for a in task.attachments] == [f"{code}.zip"]

    if task.task_type == "Communication":
        assert task.task_type_params == {"num_processes": PROCESSES[code]}
        assert (
            task.task_type_params["num_processes"] == truth.params["task_type_parameters_Communication_num_processes"]
        )
    else:
        assert task.task_type_params == {"compilation": "grader"}


@needs_shared
def test_statement_next_to_the_archive_is_found() -> None:
    assert load_task(official_zip("message")).statement == IOI / "day1/message/statement.en.md"
    assert load_task(official_zip("aplusb")).statement is None  # there is none for aplusb


@needs_shared
def test_archive_whose_root_holds_problem_json(tmp_path: Path) -> None:
    flat = tmp_path / "flat.zip"
    with zipfile.ZipFile(official_zip("aplusb")) as src, zipfile.ZipFile(flat, "w") as dst:
        for info in src.infolist():
            if not info.is_dir():
                dst.writestr(info.filename.split("/", 1)[1], src.read(info))
    task = load_task(flat, cache_dir=tmp_path / "cache")
    assert task.code == "aplusb" and task.root.name != "aplusb"
    assert len(task.tests) == len(Truth(official_zip("aplusb")).inputs)


# ---------------------------------------------------------------- archive extraction and cache


def write_cms(
    root: Path,
    *,
    tests: dict[str, str] | None = None,
    subtasks: Mapping[str, object] | None = None,
    problem: object | None = None,
) -> Path:
    """A small valid CMS package; keyword arguments replace its parts."""
    problem = (
        problem
        if problem is not None
        else {
            "code": "tiny",
            "name": "Tiny",
            "time_limit": 1.0,
            "memory_limit": 268435456,
            "score_precision": 2,
            "task_type": "Batch",
            "task_type_params": json.dumps({"task_type_parameters_Batch_compilation": "alone"}),
        }
    )
    tests = (
        tests if tests is not None else {"0-01.in": "1 2\n", "0-01.out": "3\n", "1-01.in": "5 5\n", "1-01.out": "10\n"}
    )
    subtasks = (
        subtasks
        if subtasks is not None
        else {
            "00-samples.json": {"score": 0, "testcases": ["0-01"]},
            "01-all.json": {"score": 100, "testcases": ["0-01", "1-01"]},
        }
    )
    (root / "tests").mkdir(parents=True)
    (root / "subtasks").mkdir()
    (root / "checker").mkdir()
    (root / "checker" / "checker.cpp").write_text("int main() {}\n")
    if problem is not ...:
        (root / "problem.json").write_text(problem if isinstance(problem, str) else json.dumps(problem))
    for name, text in tests.items():
        (root / "tests" / name).write_text(text)
    for name, data in subtasks.items():
        (root / "subtasks" / name).write_text(data if isinstance(data, str) else json.dumps(data))
    return root


def zip_dir(src: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as zf:
        for p in sorted(src.rglob("*")):
            zf.write(p, p.relative_to(src.parent).as_posix())
    return dest


def test_repeated_loads_reuse_one_content_addressed_directory(tmp_path: Path) -> None:
    archive = zip_dir(write_cms(tmp_path / "tiny"), tmp_path / "tiny.zip")
    cache = tmp_path / "cache"
    first = load_task(archive, cache_dir=cache)
    second = load_task(archive, cache_dir=cache)
    entries = list((cache / "packages").iterdir())
    assert len(entries) == 1 and re.fullmatch(r"[0-9a-f]{64}", entries[0].name)
    assert first.root == second.root == entries[0] / "tiny"
    assert entries[0].stat().st_mode & 0o777 == 0o755  # readable by a sandbox user
    assert first.checker is not None and first.checker.read_text() == "int main() {}\n"


def test_cache_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = zip_dir(write_cms(tmp_path / "tiny"), tmp_path / "tiny.zip")
    monkeypatch.setenv("IOI_AGENT_CACHE", str(tmp_path / "envcache"))
    assert load_task(archive).root.is_relative_to(tmp_path / "envcache" / "packages")


def test_concurrent_loads_do_not_clash(tmp_path: Path) -> None:
    archive = zip_dir(write_cms(tmp_path / "tiny"), tmp_path / "tiny.zip")
    cache = tmp_path / "cache"
    with ThreadPoolExecutor(8) as pool:
        roots = set(pool.map(lambda _: extract(archive, cache), range(16)))
    assert len(roots) == 1
    assert [p.name for p in (cache / "packages").iterdir()] == [roots.pop().name]  # no staging dirs left


def unsafe_zip(path: Path, name: str, *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pkg/problem.json", "{}")
        info = zipfile.ZipInfo(name)
        if link is not None:
            info.external_attr = 0o120777 << 16
        zf.writestr(info, link if link is not None else "boom")
    return path


@pytest.mark.parametrize(
    ("member", "link", "reason"),
    [
        ("../evil.txt", None, "'..'"),
        ("/tmp/evil.txt", None, "absolute"),
        ("pkg/link", "../../outside", "escapes"),
        ("pkg/link", "/etc/passwd", "escapes"),
    ],
)
def test_unsafe_zip_members_are_rejected(tmp_path: Path, member: str, link: str | None, reason: str) -> None:
    archive = unsafe_zip(tmp_path / "bad.zip", member, link=link)
    with pytest.raises(PackageError, match=re.escape(reason)) as exc:
        load_task(archive, cache_dir=tmp_path / "cache")
    assert exc.value.path == str(archive)
    one_line(exc.value)
    assert not (tmp_path / "evil.txt").exists() and not list((tmp_path / "cache" / "packages").iterdir())


def test_member_that_is_both_file_and_folder(tmp_path: Path) -> None:
    archive = tmp_path / "clash.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg/tests", "a file")
        zf.writestr("pkg/tests/1.in", "then a folder")
    with pytest.raises(PackageError, match="cannot extract") as exc:
        load_task(archive, cache_dir=tmp_path / "cache")
    one_line(exc.value)


def test_links_inside_a_zip_are_kept(tmp_path: Path) -> None:
    archive = tmp_path / "ok.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/target.txt", "hi")
        info = zipfile.ZipInfo("a/b/link.txt")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "../target.txt")
    root = extract(archive, tmp_path / "cache")
    assert (root / "a/b/link.txt").is_symlink() and (root / "a/b/link.txt").read_text() == "hi"


def test_tar_link_escaping_the_package_is_rejected(tmp_path: Path) -> None:
    archive = tmp_path / "bad.tar.xz"
    with tarfile.open(archive, "w:xz") as tf:
        link = tarfile.TarInfo("pkg/tests/1-01.in")
        link.type, link.linkname = tarfile.SYMTYPE, "../../../etc/passwd"
        tf.addfile(link)
    with pytest.raises(PackageError, match="escapes"):
        load_task(archive, cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("name", ["broken.zip", "broken.tar.xz"])
def test_corrupt_archive_is_one_clear_error(tmp_path: Path, name: str) -> None:
    good = zip_dir(write_cms(tmp_path / "tiny"), tmp_path / "good.zip")
    archive = tmp_path / name
    if name.endswith(".zip"):
        archive.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    else:
        with tarfile.open(tmp_path / "full.tar.xz", "w:xz") as tf:
            tf.add(tmp_path / "tiny", arcname="tiny")
        archive.write_bytes((tmp_path / "full.tar.xz").read_bytes()[:200])
    with pytest.raises(PackageError, match="corrupt") as exc:
        load_task(archive, cache_dir=tmp_path / "cache")
    assert exc.value.path == str(archive)
    one_line(exc.value)


# ---------------------------------------------------------------- broken CMS packages


def broken(tmp_path: Path, **parts: object) -> PackageError:
    root = write_cms(tmp_path / "tiny", **parts)  # type: ignore[arg-type]
    with pytest.raises(PackageError) as exc:
        load_task(root)
    one_line(exc.value)
    return exc.value


GOOD_PROBLEM = {"code": "tiny", "name": "Tiny", "time_limit": 1.0, "memory_limit": 1 << 28, "task_type": "Batch"}


def test_missing_problem_json(tmp_path: Path) -> None:
    err = broken(tmp_path, problem=...)
    assert err.path == str(tmp_path / "tiny" / "problem.json") and "missing" in err.problem


def test_bad_json_reports_line_and_column(tmp_path: Path) -> None:
    err = broken(tmp_path, problem='{"code": "tiny",\n  "name": }')
    assert err.path.endswith("problem.json")
    assert "line 2 column 11" in err.problem


@pytest.mark.parametrize("field", ["time_limit", "memory_limit", "task_type"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    err = broken(tmp_path, problem={k: v for k, v in GOOD_PROBLEM.items() if k != field})
    assert err.path.endswith("problem.json") and f"missing required field '{field}'" in err.problem


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"task_type": "Interactive"}, "unknown task_type 'Interactive'"),
        ({"time_limit": 0}, "time_limit"),
        ({"memory_limit": "lots"}, "memory_limit"),
        ({"score_precision": -1}, "score_precision"),
        ({"task_type_params": "{oops"}, "task_type_params is not valid JSON"),
        ({"task_type_params": "[1]"}, "task_type_params must be a JSON object"),
    ],
)
def test_bad_problem_fields(tmp_path: Path, change: dict, words: str) -> None:
    err = broken(tmp_path, problem={**GOOD_PROBLEM, **change})
    assert err.path.endswith("problem.json") and words in err.problem


def test_subtask_naming_an_unknown_test(tmp_path: Path) -> None:
    err = broken(tmp_path, subtasks={"01-all.json": {"score": 100, "testcases": ["0-01", "9-99"]}})
    assert err.path.endswith("subtasks/01-all.json") and "'9-99'" in err.problem


@pytest.mark.parametrize(
    "data",
    [
        '{"score": 100, "testcases": ["0-01",]}',
        [],
        {"score": 100},
        {"score": -5, "testcases": []},
        {"score": "100", "testcases": []},
        {"score": True, "testcases": []},
        {"score": 10, "testcases": "0-01"},
        {"score": 10, "testcases": [1, 2]},
    ],
)
def test_subtask_file_with_bad_structure(tmp_path: Path, data: object) -> None:
    err = broken(tmp_path, subtasks={"01-all.json": data})
    assert err.path.endswith("subtasks/01-all.json")


def test_subtask_file_without_number_prefix(tmp_path: Path) -> None:
    err = broken(tmp_path, subtasks={"all.json": {"score": 100, "testcases": []}})
    assert err.path.endswith("subtasks/all.json") and "NN-name.json" in err.problem


def test_missing_subtasks(tmp_path: Path) -> None:
    assert broken(tmp_path, subtasks={}).path.endswith("subtasks")


def test_test_input_missing(tmp_path: Path) -> None:
    err = broken(tmp_path, tests={"0-01.in": "1 2\n", "0-01.out": "3\n", "1-01.out": "10\n"})
    assert err.path.endswith("tests/1-01.in") and "missing" in err.problem


def test_no_tests_at_all(tmp_path: Path) -> None:
    assert broken(tmp_path, tests={}).path.endswith("tests")


def test_errors_inside_an_archive_name_the_member(tmp_path: Path) -> None:
    root = write_cms(tmp_path / "tiny", problem={**GOOD_PROBLEM, "task_type": "Nope"})
    archive = zip_dir(root, tmp_path / "tiny.zip")
    with pytest.raises(PackageError) as exc:
        load_task(archive)
    assert exc.value.path == f"{archive}:tiny/problem.json"
    assert one_line(exc.value).startswith(f"{archive}:tiny/problem.json: unknown task_type")


def test_empty_package(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    with pytest.raises(PackageError, match="empty package"):
        load_task(tmp_path / "empty")
    empty_zip = tmp_path / "empty.zip"
    zipfile.ZipFile(empty_zip, "w").close()
    with pytest.raises(PackageError, match="empty package"):
        load_task(empty_zip)


def test_unknown_layout_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "misc").mkdir()
    (tmp_path / "misc" / "README.txt").write_text("hello")
    with pytest.raises(PackageError, match="not a known task package"):
        load_task(tmp_path / "misc")
    (tmp_path / "misc" / "task-CMS.zip").write_bytes(b"PK")
    with pytest.raises(PackageError, match=r"it holds task-CMS\.zip: pass one of those"):
        load_task(tmp_path / "misc")
    with pytest.raises(PackageError, match="no such file"):
        load_task(tmp_path / "absent")


def test_ambiguity_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Greedy:
        @staticmethod
        def detect(pkg: object) -> bool:
            return True

        @staticmethod
        def load(pkg: object) -> Task:
            raise AssertionError("must not be reached")

    monkeypatch.setitem(LOADERS, "greedy", Greedy())
    with pytest.raises(PackageError, match="ambiguous package: it looks like cms and greedy"):
        load_task(write_cms(tmp_path / "tiny"))


def test_small_package_loads_with_normalised_params_and_mib_memory(tmp_path: Path) -> None:
    no_samples = {"00-warmup.json": {"score": 0, "testcases": ["0-01"]}, "01-all.json": {"score": 100, "testcases": []}}
    task = load_task(write_cms(tmp_path / "tiny", problem={**GOOD_PROBLEM, "memory_limit": 512}, subtasks=no_samples))
    assert task.limits.memory_bytes == 512 << 20  # below 1 MiB: read as MiB
    assert task.task_type_params == {} and task.public_tests == ()  # a 0-point subtask is public only if named so
    assert task.feedback_level == "full" and task.score_precision == 2  # model defaults when problem.json is silent
    task = load_task(write_cms(tmp_path / "tiny2"))
    assert task.task_type_params == {"compilation": "alone"} and task.public_tests == ("0-01",)


# hypothesis: arbitrary JSON in a subtask file is either accepted as a valid subtask or rejected cleanly

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
subtask_like = st.fixed_dictionaries(
    {"score": json_values | st.integers(0, 100), "testcases": json_values | st.lists(st.sampled_from(["0-01", "1-01"]))}
)


class Rejected(Exception):
    pass


@given(json_values | subtask_like)
def test_subtask_parser_accepts_only_valid_structures(data: object) -> None:
    try:
        points, tests = parse_subtask(data, Rejected)
    except Rejected:
        valid = (
            isinstance(data, dict)
            and isinstance(data.get("score"), (int, float))
            and not isinstance(data.get("score"), bool)
            and 0 <= data["score"] < float("inf")
            and isinstance(data.get("testcases"), list)
            and all(isinstance(t, str) for t in data["testcases"])
        )
        assert not valid
        return
    assert isinstance(data, dict)
    assert points == data["score"] and points >= 0
    assert list(tests) == list(dict.fromkeys(data["testcases"]))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(subtask_like)
def test_loading_random_subtask_files_never_crashes(data: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_cms(Path(tmp) / "tiny", subtasks={"01-x.json": data})
        try:
            task = load_task(root)
        except PackageError as err:
            assert err.path.endswith("subtasks/01-x.json")
            one_line(err)
            return
        assert task.subtasks[0].points == data["score"]


@given(st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)), min_size=1, max_size=20, unique=True))
def test_natural_order_of_test_names(pairs: list[tuple[int, int]]) -> None:
    names = [f"{a}-{b:02d}" for a, b in pairs]
    assert sorted(names, key=natural_key) == [f"{a}-{b:02d}" for a, b in sorted(pairs)]


# ---------------------------------------------------------------- IOI attachments (unofficial)


@needs_shared
@pytest.mark.parametrize("task_dir", ["day1/nile", "day1/tree"])
def test_attachments_become_an_unofficial_examples_task(task_dir: str) -> None:
    code = Path(task_dir).name
    archive = IOI / task_dir / f"{code}-attachments.zip"
    with zipfile.ZipFile(archive) as zf:
        examples = sorted(PurePosixPath(n).stem for n in zf.namelist() if re.fullmatch(r"examples/[^/]+\.in", n))
        expected_outputs = {PurePosixPath(n).stem: zf.read(n) for n in zf.namelist() if n.endswith(".out")}
    task = load_task(archive)
    assert detect_format(archive) == "attachments"
    assert task.code == code and task.task_type == "Batch"
    assert task.task_type_params == {"compilation": "grader", "unofficial": True}
    assert list(task.test_names) == examples and task.public_tests == tuple(examples)
    for test in task.tests:
        assert test.output is not None and test.output.read_bytes() == expected_outputs[test.name]
    assert [(s.name, s.points, s.tests) for s in task.subtasks] == [("examples", 100, tuple(examples))]
    assert set(task.graders) == {"grader.cpp", f"{code}.h"}  # not the contestant's template
    assert task.checker is None
    assert task.limits.memory_bytes == 2 << 30  # from run_cpp.sh's `ulimit -v` in KiB
    assert task.statement == IOI / task_dir / "statement.en.md"
    assert task.attachments == (archive,)


def write_attachments(root: Path, sources: dict[str, str]) -> Path:
    (root / "examples").mkdir(parents=True)
    (root / "examples" / "01.in").write_text("1\n")
    (root / "examples" / "01.out").write_text("2\n")
    if sources:
        (root / "cpp").mkdir()
    for name, text in sources.items():
        (root / "cpp" / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("sources", "task_type", "params"),
    [
        ({"manager.cpp": "", "stub.cpp": "", "duo.h": "", "duo.cpp": ""}, "Communication", {"num_processes": 1}),
        ({"duo.cpp": "", "duo.h": ""}, "Batch", {"compilation": "alone"}),
        ({}, "OutputOnly", {}),
    ],
)
def test_attachments_task_type_follows_the_files(tmp_path: Path, sources: dict, task_type: str, params: dict) -> None:
    task = load_task(write_attachments(tmp_path / "duo-attachments", sources))
    assert task.code == "duo" and task.task_type == task_type
    assert task.task_type_params == {**params, "unofficial": True}
    assert "duo.cpp" not in task.graders


# ---------------------------------------------------------------- Polygon


POLYGON_XML = """<?xml version="1.0" encoding="utf-8"?>
<problem revision="3" short-name="sumab">
  <names><name language="russian" value="Сумма"/><name language="english" value="Sum A B"/></names>
  <judging>
    <testset name="tests">
      <time-limit>1500</time-limit>
      <memory-limit>268435456</memory-limit>
      <test-count>{count}</test-count>
      <input-path-pattern>tests/%02d</input-path-pattern>
      <answer-path-pattern>tests/%02d.a</answer-path-pattern>
      <tests>{tests}</tests>
      {groups}
    </testset>
  </judging>
  <assets>
    <checker name="std::ncmp.cpp" type="testlib"><source path="files/check.cpp" type="cpp.g++17"/></checker>
  </assets>
</problem>
"""


def write_polygon(root: Path, tests: list[str], groups: str = "", count: int | None = None) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "files").mkdir()
    (root / "statements" / "english").mkdir(parents=True)
    (root / "statements" / "english" / "problem.tex").write_text("Add two numbers.")
    (root / "files" / "check.cpp").write_text("// checker\n")
    for i in range(1, len(tests) + 1):
        (root / "tests" / f"{i:02d}").write_text(f"{i} {i}\n")
        (root / "tests" / f"{i:02d}.a").write_text(f"{2 * i}\n")
    xml = POLYGON_XML.format(count=len(tests) if count is None else count, tests="".join(tests), groups=groups)
    (root / "problem.xml").write_text(xml, encoding="utf-8")
    return root


def test_polygon_without_groups_is_one_subtask(tmp_path: Path) -> None:
    task = load_task(write_polygon(tmp_path / "sumab", ['<test method="manual"/>'] * 3))
    assert detect_format(tmp_path / "sumab") == "polygon"
    assert (task.code, task.name, task.task_type) == ("sumab", "Sum A B", "Batch")
    assert task.task_type_params == {"compilation": "alone"}
    assert task.limits.time_s == 1.5 and task.limits.memory_bytes == 268435456
    assert task.test_names == ("01", "02", "03")
    assert all(t.output is not None and t.output.read_text() == f"{2 * int(t.name)}\n" for t in task.tests)
    assert [(s.name, s.points, s.tests) for s in task.subtasks] == [("all", 100, ("01", "02", "03"))]
    assert task.public_tests == ("01",)
    assert task.checker == tmp_path / "sumab" / "files" / "check.cpp"
    assert task.statement == tmp_path / "sumab" / "statements" / "english" / "problem.tex"


def test_polygon_groups_become_subtasks(tmp_path: Path) -> None:
    tests = [
        '<test sample="true" group="0" points="0"/>',
        '<test group="1" points="0"/>',
        '<test group="1" points="0"/>',
        '<test group="2" points="10"/>',
        '<test group="2" points="15"/>',
    ]
    groups = """<groups>
      <group name="0" points="0" points-policy="complete-group"/>
      <group name="1" points="75" points-policy="complete-group">
        <dependencies><dependency group="0"/></dependencies>
      </group>
      <group name="2" points-policy="each-test"/>
    </groups>"""
    task = load_task(write_polygon(tmp_path / "sumab", tests, groups))
    assert [(s.name, s.points, s.tests) for s in task.subtasks] == [
        ("0", 0, ("01",)),
        ("1", 75, ("01", "02", "03")),  # the dependency's tests are folded in
        ("2", 25, ("04", "05")),  # each-test: every test earns its own points
    ]
    assert (task.subtasks[2].aggregation, task.subtasks[2].test_points) == ("sum", (10, 15))
    assert task.max_score == 100 and task.public_tests == ("01",)


def test_polygon_missing_test_file(tmp_path: Path) -> None:
    root = write_polygon(tmp_path / "sumab", ["<test/>"] * 2, count=3)
    with pytest.raises(PackageError, match="test-count is 3 but 2"):
        load_task(root)
    root = write_polygon(tmp_path / "other", [])
    (root / "problem.xml").write_text((root / "problem.xml").read_text().replace("<test-count>0<", "<test-count>2<"))
    with pytest.raises(PackageError) as exc:
        load_task(root)
    assert exc.value.path.endswith("tests/01") and "missing" in one_line(exc.value)


def test_polygon_bad_xml(tmp_path: Path) -> None:
    root = write_polygon(tmp_path / "sumab", ["<test/>"])
    (root / "problem.xml").write_text("<problem>\n  <judging>\n</problem>")
    with pytest.raises(PackageError, match="line 3 column") as exc:
        load_task(root)
    assert exc.value.path.endswith("problem.xml")


def test_polygon_zip(tmp_path: Path) -> None:
    archive = zip_dir(write_polygon(tmp_path / "sumab", ["<test/>"] * 2), tmp_path / "sumab.zip")
    task = load_task(archive)
    assert task.code == "sumab" and all(t.input.is_file() for t in task.tests)


# ---------------------------------------------------------------- plain folders


def write_plain(root: Path, n: int = 3, meta: tuple[str, str] | None = None) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "statement.md").write_text("# Double\nPrint twice the number.")
    for i in range(1, n + 1):
        (root / "tests" / f"{i:02d}").write_text(f"{i}\n")
        (root / "tests" / f"{i:02d}.a").write_text(f"{2 * i}\n")
    if meta:
        (root / meta[0]).write_text(meta[1])
    return root


def test_plain_folder_defaults(tmp_path: Path) -> None:
    task = load_task(write_plain(tmp_path / "double", n=11))
    assert detect_format(tmp_path / "double") == "plain"
    assert (task.code, task.name, task.task_type) == ("double", "double", "Batch")
    assert task.limits.time_s == 2.0 and task.limits.memory_bytes == 256 << 20
    assert task.test_names == tuple(f"{i:02d}" for i in range(1, 12))
    assert [(s.name, s.points, len(s.tests)) for s in task.subtasks] == [("all", 100, 11)]
    assert task.statement == tmp_path / "double" / "statement.md" and task.checker is None
    assert task.public_tests == ("01",)


@pytest.mark.parametrize(
    "meta",
    [
        ("problem.toml", 'name = "Double It"\ntime_limit = 0.5\nmemory_limit = 64\n'),
        ("problem.yaml", "name: Double It\ntime_limit: 0.5\nmemory_limit: 67108864\n"),
        ("problem.json", '{"name": "Double It", "time_limit": 0.5, "memory_limit": 64}'),
    ],
)
def test_plain_folder_metadata(tmp_path: Path, meta: tuple[str, str]) -> None:
    root = write_plain(tmp_path / "double", meta=meta)
    (root / "checker.cpp").write_text("// checker\n")
    task = load_task(root)
    assert detect_format(root) == "plain"
    assert task.name == "Double It" and task.limits.time_s == 0.5 and task.limits.memory_bytes == 64 << 20
    assert task.checker == root / "checker.cpp"


@pytest.mark.parametrize(
    ("meta", "words"),
    [
        (("problem.toml", "timelimit = 1\n"), "unknown setting 'timelimit'"),
        (("problem.toml", "time_limit = \n"), "invalid TOML"),
        (("problem.yaml", "time_limit: -1\n"), "time_limit must be a positive number"),
        (("problem.json", "[1, 2]"), "must hold a table"),
    ],
)
def test_plain_folder_bad_metadata(tmp_path: Path, meta: tuple[str, str], words: str) -> None:
    with pytest.raises(PackageError) as exc:
        load_task(write_plain(tmp_path / "double", meta=meta))
    assert exc.value.path.endswith(meta[0]) and words in one_line(exc.value)


def test_plain_answer_without_input(tmp_path: Path) -> None:
    root = write_plain(tmp_path / "double")
    (root / "tests" / "02").unlink()
    with pytest.raises(PackageError) as exc:
        load_task(root)
    assert exc.value.path.endswith("tests/02")


def test_plain_tar_xz_with_wrapper_folder(tmp_path: Path) -> None:
    root = write_plain(tmp_path / "double")
    archive = tmp_path / "double-v2.tar.xz"
    with tarfile.open(archive, "w:xz") as tf:
        tf.add(root, arcname="double")
    shutil.rmtree(root)
    task = load_task(archive)
    assert task.code == "double" and len(task.tests) == 3 and task.statement is not None
