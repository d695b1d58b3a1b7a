"""Task types describe themselves to the agent: what the contestant holds, what can run on a new
input, which programs are trusted, how a submission is read from a path. The agent asks these,
never a type's name."""
from __future__ import annotations

import re

import pytest
from conftest import REPO

from judge.errors import PackageError
from judge.loaders import load_task
from judge.tasktypes import TASK_TYPES, make_task_type

PROBLEMS = REPO / "problems"


@pytest.mark.parametrize(("code", "visible", "generated", "observable", "trusted"), [
    ("digitsum", False, True, True, set()),
    ("divsum", False, True, True, {"checker.cpp"}),
    ("peak", False, True, False, {"manager.cpp"}),
    ("tour", True, False, True, {"checker.cpp"}),
])
def test_each_shipped_task_type_says_what_the_agent_needs(code, visible, generated, observable, trusted):
    tt = make_task_type(load_task(PROBLEMS / code))
    assert (tt.inputs_visible, tt.runs_generated_inputs, tt.output_observable) == (visible, generated, observable)
    assert {p.name for p in tt.trusted_programs()} == trusted and all(p.is_file() for p in tt.trusted_programs())


def test_submissions_are_read_as_the_type_expects(tmp_path):
    batch = make_task_type(load_task(PROBLEMS / "digitsum"))
    src = tmp_path / "a.cpp"
    src.write_text("int main(){}")
    assert batch.read_submission(src).source == "int main(){}"
    for bad, why in ((tmp_path / "missing.cpp", "no such file"), (tmp_path, "directory")):
        with pytest.raises(PackageError, match=why):
            batch.read_submission(bad)
    (tmp_path / "bin.cpp").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PackageError, match="not a text file"):
        batch.read_submission(tmp_path / "bin.cpp")
    outputs = make_task_type(load_task(PROBLEMS / "tour"))
    folder = tmp_path / "outs"
    folder.mkdir()
    (folder / "output_1-01.txt").write_bytes(b"1 2\n")
    (folder / "0-01.out").write_bytes(b"3\n")
    assert outputs.read_submission(folder).outputs == {"1-01": b"1 2\n", "0-01": b"3\n"}


def test_every_registered_type_declares_the_traits():
    for cls in TASK_TYPES.values():
        for trait in ("inputs_visible", "runs_generated_inputs", "output_observable"):
            assert isinstance(getattr(cls, trait), bool), (cls.name, trait)


def test_the_agent_never_asks_a_task_for_its_types_name():
    pattern = re.compile(r"task_type\s*(==|!=|\bin\b)|[\"'](Batch|OutputOnly|Communication)[\"']")
    hits = [f"{p.relative_to(REPO)}:{i}" for p in sorted((REPO / "ioi_agent").rglob("*.py"))
            for i, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert hits == []
