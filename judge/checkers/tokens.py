"""The default output comparison (Kattis' default validator, CMS's white-diff), streaming.

Both files are read in fixed-size chunks and compared token by token, so judging a 64 MiB output
costs a few chunks of memory, not a list of millions of `bytes` objects. A token longer than
`MAX_TOKEN` is compared by digest (exactly, in constant memory); only shorter ones can be numbers.

Options follow Kattis' default validator: comparison is case-insensitive unless `case_sensitive`;
any run of whitespace equals any other unless `space_change_sensitive`; with a float tolerance an
answer token that is a floating-point number (not an integer) accepts any output number within
the absolute *or* the relative tolerance.
"""
from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

CHUNK = 1 << 16
MAX_TOKEN = 1 << 16
_WHITESPACE = b" \t\n\r\v\f"
_INTEGER = re.compile(rb"[+-]?\d+")
_FLOAT = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class CompareOptions:
    case_sensitive: bool = False
    space_change_sensitive: bool = False
    float_absolute: float | None = None
    float_relative: float | None = None

    @classmethod
    def parse(cls, flags: Sequence[str]) -> "CompareOptions":
        """Read validator flags (`case_sensitive`, `float_tolerance 1e-6`, ...). Unknown or
        malformed flags raise ValueError naming them: a package typo must not be silently ignored."""
        opts: dict = {}
        args = list(flags)
        i = 0
        while i < len(args):
            flag = args[i]
            if flag in ("case_sensitive", "space_change_sensitive"):
                opts[flag] = True
            elif flag in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
                if i + 1 >= len(args):
                    raise ValueError(f"validator flag {flag} needs a value")
                try:
                    eps = float(args[i + 1])
                except ValueError:
                    raise ValueError(f"validator flag {flag} needs a number, got {args[i + 1]!r}") from None
                if not eps >= 0:
                    raise ValueError(f"validator flag {flag} must be non-negative, got {eps}")
                if flag != "float_relative_tolerance":
                    opts["float_absolute"] = eps
                if flag != "float_absolute_tolerance":
                    opts["float_relative"] = eps
                i += 1
            else:
                raise ValueError(f"unknown default-validator flag {flag!r}")
            i += 1
        return cls(**opts)

    @property
    def has_tolerance(self) -> bool:
        return self.float_absolute is not None or self.float_relative is not None


WORD, SPACE, LONG_WORD, LONG_SPACE = 0, 1, 2, 3
Token = tuple[int, bytes]  # (kind, text); a LONG_* token's text is the digest of its bytes


def tokens(stream: BinaryIO, keep_space: bool = False, fold_case: bool = False) -> Iterator[Token]:
    """The tokens of `stream`, read `CHUNK` bytes at a time; whitespace runs too when `keep_space`.
    Memory stays below CHUNK + MAX_TOKEN whatever the input."""
    pending = bytearray()
    pending_space = False
    digest = None  # set while the current token is longer than MAX_TOKEN

    def flush() -> Token:
        nonlocal digest
        if digest is not None:
            digest.update(pending)
            tok = (LONG_SPACE if pending_space else LONG_WORD, digest.digest())
            digest = None
        else:
            tok = (SPACE if pending_space else WORD, bytes(pending))
        pending.clear()
        return tok

    while chunk := stream.read(CHUNK):
        if fold_case:
            chunk = chunk.lower()
        for part in re.split(rb"([ \t\n\r\v\f]+)", chunk):
            if not part:
                continue
            is_space = part[0] in _WHITESPACE
            if (pending or digest is not None) and is_space != pending_space:
                tok = flush()
                if keep_space or tok[0] in (WORD, LONG_WORD):
                    yield tok
            pending_space = is_space
            if is_space and not keep_space:
                pending[:] = b" "  # only the fact that whitespace came matters
                continue
            pending.extend(part)
            if len(pending) > MAX_TOKEN:
                if digest is None:
                    digest = hashlib.sha256()
                digest.update(pending)
                pending.clear()
    if pending or digest is not None:
        tok = flush()
        if keep_space or tok[0] in (WORD, LONG_WORD):
            yield tok


def _number(text: bytes) -> float | None:
    if not _FLOAT.fullmatch(text):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def tokens_match(expected: bytes, output: bytes, opts: CompareOptions) -> bool:
    if expected == output:
        return True
    if not opts.has_tolerance or _INTEGER.fullmatch(expected):
        return False
    want, got = _number(expected), _number(output)
    if want is None or got is None or not math.isfinite(got):
        return False
    diff = abs(want - got)
    if opts.float_absolute is not None and diff <= opts.float_absolute:
        return True
    return opts.float_relative is not None and diff <= opts.float_relative * abs(want)


def compare_streams(expected: BinaryIO, output: BinaryIO, opts: CompareOptions = CompareOptions()) -> tuple[bool, str]:
    """Whether `output` matches `expected`, and a short reason when it does not."""
    fold = not opts.case_sensitive
    want_it = tokens(expected, opts.space_change_sensitive, fold)
    got_it = tokens(output, opts.space_change_sensitive, fold)
    index = 0
    while True:
        want, got = next(want_it, None), next(got_it, None)
        if want is None and got is None:
            return True, "Output is correct"
        index += 1
        if want is None:
            return False, f"output has more tokens than the answer (extra token {index})"
        if got is None:
            return False, f"output ended early: token {index} missing"
        if want[0] != got[0] or not (tokens_match(want[1], got[1], opts) if want[0] == WORD else want[1] == got[1]):
            what = "whitespace" if SPACE in (want[0] & 1, got[0] & 1) else "token"
            return False, f"{what} {index} differs: expected {_show(want[1])}, got {_show(got[1])}"


def _show(text: bytes) -> str:
    return repr(text[:20].decode(errors="replace")) + ("..." if len(text) > 20 else "")


def tokens_equal(expected: bytes, output: bytes, opts: CompareOptions = CompareOptions(case_sensitive=True)) -> bool:
    """In-memory convenience form (CMS white-diff: case matters, any whitespace run is one)."""
    return compare_streams(io.BytesIO(expected), io.BytesIO(output), opts)[0]
