"""Replay: completions read from disk instead of a model (the default where no model is configured).

Two layouts are understood:
- a folder of C++ sources: `PATH/<task code>/candidates/*.cpp`, `PATH/<task code>/*.cpp`, or, for a single
  pool, `PATH/candidates/*.cpp` or `PATH/*.cpp` (served to every prompt);
- a JSONL file, one completion per line: `{"text": ..., "task": code, "subtask": index, "prompt_id": id,
  "finish_reason": ..., "cumulative_logprob": ..., "num_tokens": ...}`; only `text` is required. A prompt
  gets the records carrying its exact `prompt_id`, else those of its task (and subtask, when both say).

Order is deterministic (natural file-name order, or file order) and every call returns the same first
`n`; when fewer exist, all of them are returned.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..params import SamplingParams
from ..prompts import Prompt
from .base import Completion, SamplerError

SOURCE_SUFFIXES = frozenset({".cpp", ".cc", ".cxx", ".c++"})


class ReplaySampler:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = f"replay:{self.path}"
        if not self.path.exists():
            raise SamplerError(f"{self.path}: replay source does not exist")
        self._records = _read_jsonl(self.path) if self.path.is_file() else None
        self._folders: dict[str | None, list[Path]] = {}

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        return [self._for_prompt(p)[: params.n] for p in prompts]

    def _for_prompt(self, prompt: Prompt) -> list[Completion]:
        if self._records is not None:
            return self._from_records(prompt)
        files = self._sources(prompt.task_code)
        return [
            Completion(text=f.read_text(encoding="utf-8", errors="replace"), finish_reason="stop",
                       prompt_id=prompt.id, sampler=self.name, index=i, origin=str(f))
            for i, f in enumerate(files)
        ]

    def _sources(self, task_code: str | None) -> list[Path]:
        if task_code not in self._folders:
            folders = [self.path / task_code / "candidates", self.path / task_code] if task_code else []
            folders += [self.path / "candidates", self.path]
            found: list[Path] = []
            for folder in folders:
                found = _source_files(folder)
                if found:
                    break
            self._folders[task_code] = found
        return self._folders[task_code]

    def _from_records(self, prompt: Prompt) -> list[Completion]:
        assert self._records is not None
        chosen = [r for r in self._records if r[1].get("prompt_id") == prompt.id]
        if not chosen:
            chosen = [
                r for r in self._records
                if r[1].get("task") == prompt.task_code
                and (r[1].get("subtask") is None or prompt.subtask_index is None
                     or r[1]["subtask"] == prompt.subtask_index)
            ]
        return [
            Completion(text=rec["text"], finish_reason=rec.get("finish_reason", "stop"), prompt_id=prompt.id,
                       sampler=self.name, index=i, cumulative_logprob=rec.get("cumulative_logprob"),
                       num_tokens=rec.get("num_tokens"), origin=f"{self.path}:{line}")
            for i, (line, rec) in enumerate(chosen)
        ]


def _source_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES]
    return sorted(files, key=lambda p: _natural_key(p.name))


def _natural_key(name: str) -> list[Any]:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name) if part]


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,), "prompt_id": (str,), "task": (str,), "subtask": (int,), "finish_reason": (str,),
    "cumulative_logprob": (float, int), "num_tokens": (int,),
}


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, record) for every non-blank line, each checked so that bad files fail early
    with the line to fix."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SamplerError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise SamplerError(f"{path}:{number}: a completion must be an object with a string \"text\"")
            for key, types in _FIELD_TYPES.items():
                value = record.get(key)
                if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
                    raise SamplerError(f"{path}:{number}: field {key!r} has the wrong type ({value!r})")
            records.append((number, record))
    return records
