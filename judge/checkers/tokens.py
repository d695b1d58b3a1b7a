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


def word_batches(stream: BinaryIO, fold_case: bool = False) -> Iterator[list]:
    """The words of `stream` in batches, one per chunk read (split at C speed). A word longer than
    MAX_TOKEN comes as `("long", digest)` instead of its bytes, so memory stays bounded."""
    carry = b""
    digest = None  # set while the carried word has grown past MAX_TOKEN
    while chunk := stream.read(CHUNK):
        if fold_case:
            chunk = chunk.lower()
        ends_in_word = chunk[-1] not in _WHITESPACE
        starts_in_word = chunk[0] not in _WHITESPACE
        words = chunk.split()
        batch: list = []
        if (carry or digest is not None) and words and starts_in_word:
            head = words.pop(0)
            if not words and ends_in_word:  # the chunk is one piece of the carried word
                carry += head
                if len(carry) > MAX_TOKEN:
                    digest = digest or hashlib.sha256()
                    digest.update(carry)
                    carry = b""
                continue
            carry += head
        if carry or digest is not None:
            batch.append(_finish(carry, digest))
            carry, digest = b"", None
        if ends_in_word and words:
            carry = words.pop()
        if words and max(map(len, words)) > MAX_TOKEN:
            words = [_finish(w, None) for w in words]
        batch.extend(words)
        if batch:
            yield batch
    if carry or digest is not None:
        yield [_finish(carry, digest)]


def _finish(carry: bytes, digest) -> bytes | tuple[str, bytes]:
    """A finished word: its bytes, or the digest of a word longer than MAX_TOKEN however it arrived."""
    if digest is None:
        if len(carry) <= MAX_TOKEN:
            return carry
        digest = hashlib.sha256()
    digest.update(carry)
    return ("long", digest.digest())


def compare_streams(expected: BinaryIO, output: BinaryIO, opts: CompareOptions = CompareOptions()) -> tuple[bool, str]:
    """Whether `output` matches `expected`, and a short reason when it does not."""
    if opts.space_change_sensitive:
        return _compare_tokens(expected, output, opts)
    fold = not opts.case_sensitive
    want_it, got_it = word_batches(expected, fold), word_batches(output, fold)
    want: list = []
    got: list = []
    seen = 0  # words compared so far
    while True:
        if not want:
            want = next(want_it, [])
        if not got:
            got = next(got_it, [])
        if not want and not got:
            return True, "Output is correct"
        if not want:
            return False, f"output has more tokens than the answer (extra token {seen + 1})"
        if not got:
            return False, f"output ended early: token {seen + 1} missing"
        n = min(len(want), len(got))
        if want[:n] != got[:n]:
            for i in range(n):
                a, b = want[i], got[i]
                if a != b and not (isinstance(a, bytes) and isinstance(b, bytes) and tokens_match(a, b, opts)):
                    return False, f"token {seen + i + 1} differs: expected {_show(a)}, got {_show(b)}"
        seen += n
        want, got = want[n:], got[n:]


def _compare_tokens(expected: BinaryIO, output: BinaryIO, opts: CompareOptions) -> tuple[bool, str]:
    """Token by token, whitespace runs included (`space_change_sensitive`)."""
    fold = not opts.case_sensitive
    want_it = tokens(expected, True, fold)
    got_it = tokens(output, True, fold)
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


def _show(text) -> str:
    if not isinstance(text, bytes):
        return "a very long token"
    return repr(text[:20].decode(errors="replace")) + ("..." if len(text) > 20 else "")


def tokens_equal(expected: bytes, output: bytes, opts: CompareOptions = CompareOptions(case_sensitive=True)) -> bool:
    """In-memory convenience form (CMS white-diff: case matters, any whitespace run is one)."""
    return compare_streams(io.BytesIO(expected), io.BytesIO(output), opts)[0]
