"""Making user text safe to show on a terminal. Pure; no rich here.

SPEC: human-readable output shows C0 and C1 controls, DEL and the Unicode bidi controls
escaped (`\\u202e`), so a note can never clear the screen, set a window title, write the
clipboard or reorder what is shown. JSON carries the text exactly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Line and paragraph separators break one-line views the way a newline does.
_SEPARATORS = "\u2028\u2029"
# Lone surrogates: a file name's bytes that are not UTF-8 (read with surrogateescape).
_SURROGATES = "\ud800-\udfff"
_UNSAFE = f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}{_SURROGATES}]"
_UNSAFE_KEEP_NEWLINES = f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}{_SURROGATES}]"


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    # Compiled when first needed: these classes take a few milliseconds to compile, and most
    # text has nothing to escape (see `escape`).
    return re.compile(pattern)


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte a file name had
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Characters JSON may carry raw but a terminal would act on or reorder (C1 controls, DEL,
# bidi controls, line separators): written as `\uXXXX` escapes, which decode to the same
# text. json.dumps already escapes C0 controls.
_JSON_TERMINAL_UNSAFE = f"[\x7f-\x9f{_BIDI}{_SEPARATORS}{_SURROGATES}]"


def json_text(data: Any, indent: int | None = None, ascii_only: bool = False) -> str:
    """JSON that carries the text exactly and is safe to show on a terminal (with
    `ascii_only`, every non-ASCII character as an escape: for a stream that cannot
    write them)."""
    import json

    separators = None if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent, separators=separators)
    return _pattern(_JSON_TERMINAL_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 action`, `2 actions`, `0 actions` (`many`: a plural not made with s, `feedback`)."""
    return f"{count} {noun}" if count == 1 else f"{count} {many or noun + 's'}"


def has_crlf(value: Any) -> bool:
    """Whether any text in `value` (nested in tables and lists too) holds a CRLF: TOML's
    multi-line strings would lose the CR, so such a document is written without them."""
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(has_crlf(k) or has_crlf(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_crlf(v) for v in value)
    return False


def escape(text: str) -> str:
    """`text` on one line, every control and bidi character shown as an escape."""
    # Every character escaped is one Python does not count as printable (a control, a
    # format character such as a bidi control, a line separator, a surrogate).
    if text.isprintable():
        return text
    return _pattern(_UNSAFE).sub(_escape_char, text)


def escape_block(text: str) -> str:
    """Like `escape`, but newlines stay newlines (for multi-line fields in `show`)."""
    if text.isprintable():
        return text
    return _pattern(_UNSAFE_KEEP_NEWLINES).sub(_escape_char, text)


def escape_field(text: str) -> str:
    """User text for a field of a file another program reads (an iCalendar property, a CSV
    cell): line breaks (as LF) and tabs kept, every other control shown escaped.

    RFC 5545 allows no control characters in text but the tab (kept); a calendar would show
    them raw or reject the file, a spreadsheet would hold them invisibly.
    """
    lines = _pattern(r"\r\n|\r").sub("\n", text)
    return "\t".join(escape_block(part) for part in lines.split("\t"))


# How much of one field a terminal view prints: a 50 MB note would take minutes to lay
# out. The data stays whole; `--json` shows all of it.
VIEW_LIMIT = 100_000


def capped(text: str, hint: str = "--json shows all", limit: int = VIEW_LIMIT) -> str:
    """`text`, cut after `limit` characters with a note of how much more there is."""
    if len(text) <= limit:
        return text
    more = len(text[limit:].encode("utf-8", "surrogatepass"))
    return f"{text[:limit]}… ({size(more)} more; {hint})"


def size(count: int) -> str:
    """A number of bytes as a person reads it: `912 B`, `4.1 kB`, `48.2 MB`."""
    if count < 1000:
        return f"{count} B"
    value, unit = float(count), "B"
    for bigger in ("kB", "MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut."""
    # Cut before escaping (an escape is never shorter than its character): a long text
    # is not escaped whole to show its first words.
    one_line = escape(text[: max(width, 0) + 1])
    return one_line if len(one_line) <= width else one_line[: max(width - 1, 0)] + "…"


# Inline Markdown punctuation. With `[` and `<` escaped no link, image, autolink or HTML
# can form; newlines are escaped, so user text stays on its line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# A prefix such as "- " does not stop a block from starting: "- # x" is a heading inside a
# list item, "- 1. x" a nested list, "- ---" a rule, "-" and five spaces a code block. So
# the text's first character is neutralised when it could start one.
_BLOCK_START = re.compile(r"^(?:[#+\-=]|\d{1,9}(?=[.)])| )")


def _neutralise_block_start(match: re.Match[str]) -> str:
    start = match.group()
    if start == " ":
        return "&#32;"  # a space that cannot indent (a character reference is not whitespace)
    if start[0].isdigit():
        return start + "\\"  # `1\.`: the list marker's punctuation escaped
    return "\\" + start


def markdown_section(title: str, items: Sequence[str]) -> list[str]:
    """`## title`, the items (already Markdown), a blank line; nothing when there are none."""
    return [f"## {title}", "", *items, ""] if items else []


def markdown_inline(text: str) -> str:
    """User text as literal Markdown on one line: no structure, links, images or raw HTML.

    Inline Markdown punctuation is backslash-escaped (CommonMark reads an escaped
    punctuation character as itself), and control characters are shown escaped.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escape(text))
    return _BLOCK_START.sub(_neutralise_block_start, escaped, count=1)
