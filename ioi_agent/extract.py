"""The one place that turns a model's answer into a C++ source, and that checks the source fits the
task's grader interface before anything is compiled.

Extraction is tolerant by design: models wrap code in ``` or ~~~ fences with many language tags, stop
mid-block when they run out of tokens, use CRLF, think aloud inside `<think>` sections, or answer with
bare code. `extract_cpp` never raises; it returns None when the answer holds no program.

The interface check is a cheap filter, not a compiler: a tolerant lexer strips comments and literals,
and regexes find declarations (header) and definitions (candidate) by name and parameter count.
Return types are recorded but not compared (`vector<ll>` and `std::vector<long long>` are the same).
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

# --- extraction ---------------------------------------------------------------------------------

_OPEN_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
_CPP_TAGS = frozenset({"", "c", "cc", "cpp", "cxx", "c++", "h", "hpp", "hh", "cplusplus", "cpp17", "cpp20",
                       "c++17", "c++20", "c++11", "c++14", "cpp11", "cpp14", "gnu++17", "gnu++20"})
_INCLUDE = re.compile(r"^[ \t]*#[ \t]*include\b", re.M)
_MAIN = re.compile(r"\bint\s+main\s*\(")
_FUNCTION_DEF = re.compile(r"(?m)^[ \t]*[A-Za-z_][\w:<>,*& \t]{0,120}?[ \t*&>][A-Za-z_]\w*[ \t]*\([^;{}]{0,400}\)"
                           r"\s*(?:const\s*)?(?:noexcept\s*)?(?:->[^;{}]{0,80})?\{")
_CODE_START = re.compile(
    r"^[ \t]*(#[ \t]*(include|define|pragma|ifndef|if)\b|using\s+namespace\b|typedef\b|template\s*<)"
)
_COMMENT_LINE = re.compile(r"^[ \t]*(//|/\*|\*)")
_THINK = re.compile(r"<think>(.*?)</think>", re.S)


@dataclass(frozen=True, slots=True)
class _Block:
    info: str
    body: str
    complete: bool


def extract_cpp(answer: str) -> str | None:
    """The C++ program in a model answer, or None when there is none.

    Picks the last complete fenced block that is tagged as C/C++ (or untagged) and looks like C++;
    failing that, the last unterminated such block (the model ran out of tokens inside it); failing
    that, bare code outside any fence. Text inside `<think>` sections is searched only when the answer
    proper has no program, since a draft written while thinking is better than nothing.
    The result has LF line endings, no leading or trailing blank lines and one final newline.
    """
    text = answer.replace("\r\n", "\n").replace("\r", "\n")
    visible, thoughts = _split_thinking(text)
    for part in (visible, thoughts):
        found = _extract_from(part)
        if found is not None:
            return found
    return None


def looks_like_cpp(code: str) -> bool:
    """Whether a snippet is plausibly C++ source rather than sample data, prose or another language."""
    if "{" not in code or "}" not in code:
        return False
    return bool(_INCLUDE.search(code) or _MAIN.search(code) or _FUNCTION_DEF.search(code))


def _split_thinking(text: str) -> tuple[str, str]:
    """(answer text, thinking text). An unmatched `</think>` ends thinking that began before the
    answer (chat templates often put `<think>` in the prompt); an unmatched `<think>` runs to the end."""
    thoughts: list[str] = []
    if "</think>" in text and "<think>" not in text.split("</think>", 1)[0]:
        head, text = text.split("</think>", 1)
        thoughts.append(head)
    thoughts.extend(_THINK.findall(text))
    text = _THINK.sub("\n", text)
    if "<think>" in text:
        text, tail = text.split("<think>", 1)
        thoughts.append(tail)
    return text, "\n".join(thoughts)


def _extract_from(text: str) -> str | None:
    blocks, outside = _fenced_blocks(text)
    candidates = [b for b in blocks if _is_cpp_tag(b.info) and _plausible(b)]
    complete = [b for b in candidates if b.complete]
    if complete:
        return _tidy(complete[-1].body)
    if candidates:
        return _tidy(candidates[-1].body)
    return _bare_code(outside)


def _fenced_blocks(text: str) -> tuple[list[_Block], str]:
    """Fenced blocks in order, plus the text outside every fence (CommonMark's fence rules: a block
    closes on a line of at least as many of the same fence character and nothing else)."""
    blocks: list[_Block] = []
    outside: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opening = _OPEN_FENCE.match(lines[i])
        if not opening:
            outside.append(lines[i])
            i += 1
            continue
        fence = opening.group("fence")
        body: list[str] = []
        i += 1
        closed = False
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                closed = True
                i += 1
                break
            body.append(lines[i])
            i += 1
        blocks.append(_Block(opening.group("info"), "\n".join(body), closed))
    return blocks, "\n".join(outside)


def _tag(info: str) -> str:
    words = info.strip().strip("{}").split()
    return words[0].lstrip(".").lower() if words else ""


def _is_cpp_tag(info: str) -> bool:
    return _tag(info) in _CPP_TAGS


def _plausible(block: _Block) -> bool:
    """A complete block must look like C++; a cut-off one may lack its closing braces, so an explicit
    C++ tag is enough for it."""
    if looks_like_cpp(block.body):
        return True
    return not block.complete and _tag(block.info) != "" and bool(block.body.strip())


def _bare_code(text: str) -> str | None:
    """Unfenced code: from the first line that can only start C++ (keeping the comment block right
    above it) to the last line closing a brace; or the whole text when no such line exists but the
    text as a whole looks like C++."""
    if not looks_like_cpp(text):
        return None
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if _CODE_START.match(line)), None)
    if start is None:
        return _tidy(text)
    while start > 0 and _COMMENT_LINE.match(lines[start - 1]):
        start -= 1
    end = max((i for i in range(start, len(lines)) if lines[i].rstrip().endswith(("}", "};"))), default=None)
    if end is None:
        return None
    code = "\n".join(lines[start:end + 1])
    return _tidy(code) if looks_like_cpp(code) else None


def _tidy(code: str) -> str:
    lines = code.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


# --- interface check ----------------------------------------------------------------------------

_KEYWORDS = frozenset({
    "if", "for", "while", "switch", "return", "sizeof", "catch", "do", "else", "case", "new", "delete",
    "throw", "alignof", "decltype", "static_assert", "typeid", "operator", "defined", "assert",
})
_IDENT_CALL = re.compile(r"(?<![\w.])(?<!->)([A-Za-z_]\w*)\s*\(")
_HEADER_DECL = re.compile(r"^(?P<ret>[^()]*?[\w>&*])\s*\b(?P<name>[A-Za-z_]\w*)\s*\((?P<params>.*)\)"
                          r"\s*(?:noexcept\s*)?$", re.S)
_AFTER_PARAMS = re.compile(r"\s*(?:(?:const|noexcept|override|final)\b\s*)*(?:->\s*[\w:<>,*&\s]+?)?\s*\{")
_NOT_RETURN_TYPES = re.compile(r"\b(typedef|using|return|struct|class|enum|union|define|friend)\b")


@dataclass(frozen=True, slots=True)
class FunctionDecl:
    """A function as the interface check sees it."""

    return_type: str
    name: str
    n_params: int


def header_functions(header_text: str) -> list[FunctionDecl]:
    """Functions declared (not defined inline) in a header, in order of appearance."""
    code = re.sub(r'\bextern\s*""', " ", strip_code(header_text))
    decls: list[FunctionDecl] = []
    for chunk, terminator in re.findall(r"([^;{}]*)([;{}]|$)", code):
        if terminator != ";":
            continue
        match = _HEADER_DECL.match(chunk.strip())
        if not match:
            continue
        ret = " ".join(match.group("ret").split())
        name = match.group("name")
        if name in _KEYWORDS or "=" in ret or _NOT_RETURN_TYPES.search(ret) or not re.search(r"[A-Za-z_]", ret):
            continue
        decls.append(FunctionDecl(ret, name, count_params(match.group("params"))))
    return decls


def count_params(params: str) -> int:
    """Number of parameters in a parameter list, counting only commas outside brackets and templates."""
    params = params.strip()
    if params in ("", "void"):
        return 0
    depth, count = 0, 1
    for ch in params:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            count += 1
    return count


def defined_functions(source: str) -> dict[str, set[int]]:
    """Names of functions the source defines (a parameter list followed by a body), each with the
    parameter counts of its definitions."""
    return _scan(strip_code(source))[0]


def defines_function(source: str, name: str, n_params: int | None = None) -> bool:
    """Whether the source defines `name` (with `n_params` parameters, when given)."""
    counts = defined_functions(source).get(name, set())
    return bool(counts) if n_params is None else n_params in counts


def grader_functions(grader_source: str, header_text: str) -> set[str]:
    """Header functions the grader (or stub) itself defines: the contestant calls them, never defines them."""
    defined = defined_functions(grader_source)
    return {d.name for d in header_functions(header_text) if d.n_params in defined.get(d.name, set())}


def declares_required_functions(source: str, header_text: str, provided: Collection[str] | None = None) -> bool:
    """Whether a candidate defines every function of the header it has to implement.

    `provided` names the header functions the grader supplies (see `grader_functions`); they are not
    required. When it is None, a header function that the candidate only calls or re-declares is taken
    to be grader-provided, so a good candidate is never dropped for lack of that knowledge; a
    candidate that defines a header function with the wrong parameter count is always rejected.
    """
    definitions, mentions = _scan(strip_code(source))
    for decl in header_functions(header_text):
        if provided is not None and decl.name in provided:
            continue
        counts = definitions.get(decl.name)
        if counts:
            if decl.n_params not in counts:
                return False
            continue
        if provided is None and decl.name in mentions:
            continue
        return False
    return True


def _scan(code: str) -> tuple[dict[str, set[int]], set[str]]:
    """(definitions: name -> parameter counts, other mentions followed by a parameter list)."""
    definitions: dict[str, set[int]] = {}
    mentions: set[str] = set()
    for match in _IDENT_CALL.finditer(code):
        name = match.group(1)
        if name in _KEYWORDS:
            continue
        close = _matching_paren(code, match.end() - 1)
        if close is None:
            mentions.add(name)
            continue
        if _AFTER_PARAMS.match(code, close + 1):
            definitions.setdefault(name, set()).add(count_params(code[match.end():close]))
        else:
            mentions.add(name)
    return definitions, mentions


def _matching_paren(code: str, open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def strip_code(code: str) -> str:
    """Source with comments, string and character literals and preprocessor lines blanked out, so that
    regexes only see declarations and statements. Never raises, whatever the input."""
    out: list[str] = []
    i, n = 0, len(code)
    line_start = True
    while i < n:
        ch = code[i]
        if line_start and ch == "#":
            while i < n and code[i] != "\n":  # a directive, with its backslash-continued lines
                i += 2 if code[i] == "\\" and i + 1 < n else 1
            continue
        if ch == "/" and code.startswith("//", i):
            end = code.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch == "/" and code.startswith("/*", i):
            end = code.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
            continue
        if ch == "R" and code.startswith('R"', i) and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
            raw = re.match(r'R"([^()\\ \n]{0,16})\(', code[i:])
            if raw:
                end = code.find(f"){raw.group(1)}\"", i + raw.end())
                i = n if end < 0 else end + len(raw.group(1)) + 2
                out.append('""')
                continue
        if ch == '"' or (ch == "'" and not (i > 0 and code[i - 1].isalnum())):
            i = _skip_literal(code, i)
            out.append('""' if ch == '"' else "' '")
            continue
        out.append(ch)
        if ch == "\n":
            line_start = True
        elif not ch.isspace():
            line_start = False
        i += 1
    return "".join(out)


def _skip_literal(code: str, i: int) -> int:
    quote = code[i]
    i += 1
    while i < len(code) and code[i] != quote and code[i] != "\n":
        i += 2 if code[i] == "\\" else 1
    return min(i + 1, len(code))
