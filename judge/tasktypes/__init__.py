"""Task types by name, as problem.json spells them."""
from __future__ import annotations

from judge.errors import PackageError
from judge.model import Task
from judge.tasktypes.base import Submission, TaskType
from judge.tasktypes.batch import Batch
from judge.tasktypes.communication import Communication
from judge.tasktypes.interactive import Interactive
from judge.tasktypes.output_only import OutputOnly

TASK_TYPES: dict[str, type[TaskType]] = {cls.name: cls for cls in (Batch, Communication, OutputOnly, Interactive)}


def make_task_type(task: Task) -> TaskType:
    try:
        cls = TASK_TYPES[task.task_type]
    except KeyError:
        raise PackageError(task.root / "problem.json", f"unknown task type {task.task_type!r}") from None
    return cls(task)


__all__ = ["TASK_TYPES", "Submission", "TaskType", "make_task_type"]
