"""Text with styled spans, and how rich wraps and cuts it (`rich.text`, `rich._wrap`):
words and folding, ellipses, justification. Character widths are rich's own (`rich.cells`,
imported only for text beyond printable ASCII, which is one cell a character)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

Span = tuple[int, int, Any]  # start, end, style

_CONTROL = dict.fromkeys((7, 8, 11, 12, 13))  # what rich strips from text (BEL, BS, VT, FF, CR)
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


# -- character widths: rich's own (`rich.cells`), imported only for text beyond ASCII ----------


def cell_len(text: str) -> int:
    """How many terminal cells `text` takes (`rich.cells.cell_len`)."""
    if text.isascii() and text.isprintable():
        return len(text)  # what rich counts too: one cell for each printable ASCII character
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def set_cell_size(text: str, total: int) -> str:
    """`text` cut or padded to `total` cells (`rich.cells.set_cell_size`)."""
    if text.isascii() and text.isprintable():
        size = len(text)
        return text + " " * (total - size) if size < total else text[:total]
    from rich.cells import set_cell_size as rich_set_cell_size

    return rich_set_cell_size(text, total)


def chop_cells(text: str, width: int) -> list[str]:
    """`text` in pieces of at most `width` cells (`rich.cells.chop_cells`)."""
    if text.isascii() and text.isprintable():
        return [text[index : index + width] for index in range(0, len(text), width)]
    from rich.cells import chop_cells as rich_chop_cells

    return rich_chop_cells(text, width)


class NotLaidOutError(Exception):
    """Something this module does not lay out as rich would: rich does it instead."""


# -- text ------------------------------------------------------------------------------------


class Text:
    """Text with styled spans: the part of `rich.text.Text` the views use."""

    __slots__ = ("end", "justify", "no_wrap", "overflow", "plain", "spans", "style")

    def __init__(
        self,
        text: str = "",
        style: Any = "",
        *,
        justify: str | None = None,
        overflow: str | None = None,
        no_wrap: bool | None = None,
        end: str = "\n",
    ) -> None:
        self.plain = text.translate(_CONTROL)
        self.style = style
        self.justify = justify
        self.overflow = overflow
        self.no_wrap = no_wrap
        self.end = end
        self.spans: list[Span] = []

    def __len__(self) -> int:
        return len(self.plain)

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"Text({self.plain!r}, {self.style!r}, spans={self.spans!r})"

    @property
    def cell_len(self) -> int:
        """How many terminal cells the text takes."""
        return cell_len(self.plain)

    @classmethod
    def assemble(cls, *parts: str | Text | tuple[str, Any], style: Any = "") -> Text:
        """A text of `parts` one after the other: strings, texts or (string, style) pairs (rich's
        `Text.assemble`)."""
        text = cls(style=style)
        for part in parts:
            if isinstance(part, str | Text):
                text.append(part)
            else:
                text.append(*part)
        return text

    def copy(self) -> Text:
        """A copy with its own spans, so changing one does not change the other."""
        copied = Text(
            self.plain,
            self.style,
            justify=self.justify,
            overflow=self.overflow,
            no_wrap=self.no_wrap,
            end=self.end,
        )
        copied.spans = list(self.spans)
        return copied

    def append(self, text: str | Text, style: Any = None) -> Text:
        """Add a string (styled `style` when given; control characters rich strips are left out) or
        a text with its spans at the end; returns this text."""
        if not len(text):
            return self
        offset = len(self.plain)
        if isinstance(text, str):
            clean = text.translate(_CONTROL)
            if style:
                self.spans.append((offset, offset + len(clean), style))
            self.plain += clean
            return self
        if style is not None:
            raise ValueError("style must not be set when appending Text instance")
        if text.style:
            self.spans.append((offset, offset + len(text.plain), text.style))
        self.plain += text.plain
        self.spans.extend((start + offset, end + offset, s) for start, end, s in text.spans)
        return self

    def append_text(self, text: Text) -> Text:
        """Add a text at the end, keeping its style and spans; returns this text."""
        offset = len(self.plain)
        if text.style:
            self.spans.append((offset, offset + len(text.plain), text.style))
        self.plain += text.plain
        self.spans.extend((start + offset, end + offset, s) for start, end, s in text.spans)
        return self

    def stylize(self, style: Any, start: int = 0, end: int | None = None) -> None:
        """Style the characters from `start` to `end` (negative counts from the end; nothing when
        the range is empty or past the end)."""
        if not style:
            return
        length = len(self.plain)
        if start < 0:
            start = length + start
        if end is None:
            end = length
        if end < 0:
            end = length + end
        if start >= length or end <= start:
            return
        self.spans.append((start, min(length, end), style))

    # -- what rich does when it lays text out ----------------------------------------------

    def _divide(self, offsets: Sequence[int]) -> list[Text]:
        if not offsets:
            return [self.copy()]
        text = self.plain
        bounds = [0, *offsets, len(text)]
        ranges = list(pairwise(bounds))
        lines = []
        for start, end in ranges:
            line = Text(text[start:end], self.style, justify=self.justify, overflow=self.overflow)
            lines.append(line)
        for span_start, span_end, style in self.spans:
            for number, (start, end) in enumerate(ranges):
                if span_end < start or span_start > end:
                    continue
                new_start = max(0, span_start - start)
                new_end = min(span_end - start, end - start)
                if new_end > new_start:
                    lines[number].spans.append((new_start, new_end, style))
        return lines

    def _split_lines(self) -> list[Text]:
        """The text's lines (rich's `split("\\n", allow_blank=True)`)."""
        text = self.plain
        if "\n" not in text:
            return [self.copy()]
        offsets: list[int] = []
        for match in re.finditer("\n", text):
            offsets += [match.start(), match.end()]
        return [line for line in self._divide(offsets) if line.plain != "\n"]

    def _right_crop(self, amount: int) -> None:
        limit = len(self.plain) - amount
        self.spans = [
            span if span[1] < limit else (span[0], min(limit, span[1]), span[2])
            for span in self.spans
            if span[0] < limit
        ]
        self.plain = self.plain[:-amount]

    def _set_plain(self, plain: str) -> None:
        """rich's `Text.plain = ...`: the spans are trimmed to the new length."""
        if plain != self.plain:
            self.plain = plain.translate(_CONTROL)
            limit = len(self.plain)
            self.spans = [
                span if span[1] < limit else (span[0], min(limit, span[1]), span[2])
                for span in self.spans
                if span[0] < limit
            ]

    def _truncate(self, width: int, overflow: str, pad: bool = False) -> None:
        if overflow != "ignore":
            length = cell_len(self.plain)
            if length > width:
                if overflow == "ellipsis":
                    self._set_plain(set_cell_size(self.plain, width - 1) + "…")
                else:
                    self._set_plain(set_cell_size(self.plain, width))
            if pad and length < width:
                self.plain = self.plain + " " * (width - length)

    def _wrap(self, width: int, justify: str, overflow: str, no_wrap: bool) -> list[Text]:
        lines: list[Text] = []
        for line in self._split_lines():
            if "\t" in line.plain:
                raise NotLaidOutError("a tab")
            if no_wrap:
                new_lines = [line]
            else:
                new_lines = line._divide(_divide_line(line.plain, width, overflow == "fold"))
                for new in new_lines:
                    excess = len(new.plain) - width
                    if excess > 0:
                        found = _TRAILING_SPACE.search(new.plain)
                        if found is not None:
                            new._right_crop(min(len(found.group(0)), excess))
            if justify == "left":
                for new in new_lines:
                    new._truncate(width, overflow, pad=True)
            elif justify == "right":
                for new in new_lines:
                    new._set_plain(new.plain.rstrip())
                    new._truncate(width, overflow)
                    pad = width - cell_len(new.plain)
                    if pad:
                        new.plain = " " * pad + new.plain
                        new.spans = [(s + pad, e + pad, st) for s, e, st in new.spans]
            elif justify in ("center", "full"):
                raise NotLaidOutError(f"justify={justify}")
            for new in new_lines:
                new._truncate(width, overflow)
            lines += new_lines
        return lines

    def _measure(self) -> tuple[int, int]:
        text = self.plain
        if text.isascii() and text.isprintable():  # one line, one cell a character
            words = text.split()
            return (max(map(len, words)) if words else len(text)), len(text)
        lines = text.splitlines()
        widest = max(cell_len(line) for line in lines) if lines else 0
        words = text.split()
        return (max(cell_len(word) for word in words) if words else widest), widest


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    """Where rich breaks a line of text to fit `width` cells (rich._wrap.divide_line)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        word_length = cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += cell_len(word)
        elif word_length > width:
            if fold:
                folded = chop_cells(word, width)
                for number, piece in enumerate(folded):
                    if start:
                        breaks.append(start)
                    if number == len(folded) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks
