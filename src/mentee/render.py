"""The views' text, tables and groups, laid out exactly as rich lays them out, without
rich's console: the same column widths, the same word wrapping and cut-offs, the same
padding, character for character.

`ui` builds its views from the classes here (`Text`, `Table`, `Group`): piped, they are
written as plain text by the layout below (rich's console, table and text layers cost
several times the start of Python to import and about a millisecond a row to lay out);
on a terminal the same layout carries each piece's style, which rich's own `Style`
turns into the terminal's codes (see `mentee.cli.env`). Anything this module does not
know how to lay out (a rich renderable, a tab in text) is left to rich.

The algorithms follow rich 13 to 15 (`rich.table`, `rich.text`, `rich._wrap`,
`rich.segment`, `rich.padding`, `rich._ratio`; MIT licence, Will McGugan): a column's
measured width, the share of room ratio columns get, how a table too wide shrinks its
wrapping columns, words and folding, ellipses, the padding of cells. Character widths come
from `rich.cells` itself (for text beyond printable ASCII, which is one cell a character).
tests/test_render.py lays out random tables and texts with both and compares them byte for
byte; the golden outputs pin every view.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from math import ceil
from typing import Any

Span = tuple[int, int, Any]  # start, end, style
Segment = tuple[str, Any]  # text, style (None: none)
Line = list[Segment]

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
        return cell_len(self.plain)

    @classmethod
    def assemble(cls, *parts: str | Text | tuple[str, Any], style: Any = "") -> Text:
        text = cls(style=style)
        for part in parts:
            if isinstance(part, str | Text):
                text.append(part)
            else:
                text.append(*part)
        return text

    def copy(self) -> Text:
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
        offset = len(self.plain)
        if text.style:
            self.spans.append((offset, offset + len(text.plain), text.style))
        self.plain += text.plain
        self.spans.extend((start + offset, end + offset, s) for start, end, s in text.spans)
        return self

    def stylize(self, style: Any, start: int = 0, end: int | None = None) -> None:
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


# -- tables and groups ---------------------------------------------------------------------


class Column:
    __slots__ = (
        "cells",
        "header",
        "index",
        "justify",
        "max_width",
        "min_width",
        "no_wrap",
        "overflow",
        "ratio",
        "style",
        "width",
    )

    def __init__(self, index: int, header: str, **options: Any) -> None:
        self.index = index
        self.header = header
        self.justify: str = options.get("justify", "left")
        self.overflow: str = options.get("overflow", "ellipsis")
        self.no_wrap: bool = options.get("no_wrap", False)
        self.min_width: int | None = options.get("min_width")
        self.max_width: int | None = options.get("max_width")
        self.ratio: int | None = options.get("ratio")
        self.width: int | None = options.get("width")
        self.style: Any = options.get("style") or ""
        self.cells: list[Any] = []


class Table:
    """The part of `rich.table.Table` the views use."""

    def __init__(
        self,
        *,
        box: str | None = "simple_head",
        title: str | Text | None = None,
        title_justify: str = "center",
        padding: int | tuple[int, ...] = (0, 1),
        collapse_padding: bool = False,
        pad_edge: bool = True,
        expand: bool = False,
        show_header: bool = True,
        show_edge: bool = True,
    ) -> None:
        if box not in (None, "simple_head"):
            raise ValueError(box)
        if title is not None or (box and show_edge):
            raise ValueError("a title or a table's edges: not laid out here (use rich)")
        self.box = box
        self.title = title
        self.title_justify = title_justify
        self.padding = _unpack(padding)
        self.collapse_padding = collapse_padding
        self.pad_edge = pad_edge
        self.expand = expand
        self.show_header = show_header
        self.show_edge = show_edge
        self.columns: list[Column] = []
        self.rows = 0

    @classmethod
    def grid(
        cls,
        *,
        padding: int | tuple[int, ...] = 0,
        collapse_padding: bool = True,
        pad_edge: bool = False,
        expand: bool = False,
    ) -> Table:
        return cls(
            box=None,
            padding=padding,
            collapse_padding=collapse_padding,
            show_header=False,
            show_edge=False,
            pad_edge=pad_edge,
            expand=expand,
        )

    def __repr__(self) -> str:
        options = {k: v for k, v in vars(self).items() if k not in ("columns", "rows")}
        columns = [
            (c.header, {k: getattr(c, k) for k in Column.__slots__ if k not in ("cells", "header")})
            for c in self.columns
        ]
        cells = [[c.cells[row] for c in self.columns] for row in range(self.rows)]
        return f"Table({options}, columns={columns}, rows={cells})"

    def add_column(self, header: str = "", **options: Any) -> None:
        self.columns.append(Column(len(self.columns), header, **options))

    def add_row(self, *cells: Any) -> None:
        cells_list = list(cells)
        if len(cells_list) < len(self.columns):
            cells_list += [None] * (len(self.columns) - len(cells_list))
        for index, cell in enumerate(cells_list):
            if index == len(self.columns):
                self.add_column()
                self.columns[-1].cells = [""] * self.rows
            self.columns[index].cells.append("" if cell is None else cell)
        self.rows += 1


class Group:
    """Renderables one below the other (rich.console.Group)."""

    def __init__(self, *renderables: Any) -> None:
        self.renderables = list(renderables)

    def __repr__(self) -> str:
        return f"Group{tuple(self.renderables)!r}"


class Fit:
    """A renderable decided when the width is known: `build(width)` gives it (the views'
    tables that shorten some columns first)."""

    def __init__(self, build: Callable[[int], Any]) -> None:
        self.build = build


# What the views are made of (and `str`, read as plain text).
Renderable = Text | Table | Group | Fit | str


def _unpack(pad: int | tuple[int, ...]) -> tuple[int, int, int, int]:
    if isinstance(pad, int):
        return (pad, pad, pad, pad)
    if len(pad) == 1:
        return (pad[0], pad[0], pad[0], pad[0])
    if len(pad) == 2:
        return (pad[0], pad[1], pad[0], pad[1])
    top, right, bottom, left = pad
    return (top, right, bottom, left)


# -- layout ----------------------------------------------------------------------------------


class Styles:
    """How styles combine: none at all for plain output (the default), or rich's."""

    plain = True

    def get(self, name: Any) -> Any:  # noqa: ARG002 - the plain styles are none
        return None

    def add(self, base: Any, top: Any) -> Any:  # noqa: ARG002
        return None

    def combine(self, styles: Sequence[Any]) -> Any:  # noqa: ARG002
        return None


class RichStyles(Styles):
    """rich's styles (`rich.style.Style`, with rich's default theme), for a terminal."""

    plain = False

    def __init__(self) -> None:
        from rich.default_styles import DEFAULT_STYLES
        from rich.style import Style

        self._style = Style
        self._theme = DEFAULT_STYLES
        self._null = Style.null()
        self._cache: dict[Any, Any] = {}

    def get(self, name: Any) -> Any:
        if not name:
            return self._null
        if not isinstance(name, str):
            return name
        found = self._cache.get(name)
        if found is None:
            theme = self._theme.get(name)
            found = theme if theme is not None else self._style.parse(name)
            self._cache[name] = found
        return found

    def add(self, base: Any, top: Any) -> Any:
        return base + top

    def combine(self, styles: Sequence[Any]) -> Any:
        return self._style.combine(styles)


class Options:
    __slots__ = ("justify", "max_width", "no_wrap", "overflow")

    def __init__(
        self,
        max_width: int,
        justify: str | None = None,
        overflow: str | None = None,
        no_wrap: bool = False,
    ) -> None:
        self.max_width = max_width
        self.justify = justify
        self.overflow = overflow
        self.no_wrap = no_wrap

    def update(self, **changes: Any) -> Options:
        """A copy with `changes`; a width is never below 0 (as rich's `update_width`)."""
        new = Options(self.max_width, self.justify, self.overflow, self.no_wrap)
        for key, value in changes.items():
            setattr(new, key, max(0, value) if key == "max_width" else value)
        return new


def lines(
    renderable: Any, width: int, styles: Styles | None = None, soft_wrap: bool = False
) -> list[Line]:
    """What `rich.console.Console.print(renderable)` writes at `width`, as lines of
    (text, style) pieces, each ending in ("\n", None) when rich ends it with a newline;
    NotLaidOutError for anything this module does not lay out. `soft_wrap`: as rich's
    `print(..., soft_wrap=True)`, lines are neither wrapped nor cut."""
    layout = _Layout(styles or Styles())
    options = Options(width)
    if soft_wrap:
        options = options.update(no_wrap=True, overflow="ignore")
    segments = layout.render(renderable, options)
    if soft_wrap:
        return [segments]
    return list(_split_and_crop(segments, width, None, pad=False, newlines=True))


def plain_text(renderable: Any, width: int, soft_wrap: bool = False) -> str:
    """The renderable as rich writes it to a stream without styles."""
    return "".join(
        text for line in lines(renderable, width, soft_wrap=soft_wrap) for text, _ in line
    )


class _Layout:
    def __init__(self, styles: Styles) -> None:
        self.styles = styles

    # Every renderable becomes a flat list of segments with "\n" where lines end, as rich's
    # `Console.render` yields them.
    def render(self, renderable: Any, options: Options) -> list[Segment]:
        if options.max_width < 1:
            return []  # no room: rich renders nothing
        if isinstance(renderable, Text):
            return self._text(renderable, options)
        if isinstance(renderable, str):
            return self._text(Text(renderable), options)
        if isinstance(renderable, Table):
            return self._table(renderable, options)
        if isinstance(renderable, Group):
            out: list[Segment] = []
            for item in renderable.renderables:
                out += self.render(item, options)
            return out
        if isinstance(renderable, Fit):
            return self.render(renderable.build(options.max_width), options)
        if isinstance(renderable, _Padded):
            return self._padding(renderable, options)
        raise NotLaidOutError(type(renderable).__name__)

    def measure(self, renderable: Any, options: Options) -> tuple[int, int]:
        """rich's `Measurement.get`: (minimum, maximum) width, normalised, at most the
        available width."""
        width = options.max_width
        if width < 1:
            return (0, 0)
        if isinstance(renderable, str):
            renderable = Text(renderable)
        if isinstance(renderable, Text):
            low, high = renderable._measure()
        elif isinstance(renderable, Group):
            found = [self.measure(item, options) for item in renderable.renderables]
            low = max((m[0] for m in found), default=0)
            high = max((m[1] for m in found), default=0)
        elif isinstance(renderable, _Padded):
            extra = renderable.left + renderable.right
            if width - extra < 1:
                return (width, width)
            inner = self.measure(renderable.renderable, options)
            low, high = inner[0] + extra, inner[1] + extra
        elif isinstance(renderable, Fit):
            return self.measure(renderable.build(width), options)
        else:
            raise NotLaidOutError(type(renderable).__name__)
        low, high = _normalize(low, high)
        low, high = min(low, width), min(high, width)
        if high < 1:
            return (0, 0)
        return _normalize(low, high)

    def _text(self, text: Text, options: Options) -> list[Segment]:
        justify = text.justify or options.justify or "default"
        overflow = text.overflow or options.overflow or "fold"
        no_wrap = text.no_wrap if text.no_wrap is not None else options.no_wrap
        wrapped = text._wrap(options.max_width, justify, overflow, bool(no_wrap))
        if self.styles.plain:
            body = "\n".join(line.plain for line in wrapped)
            out: list[Segment] = [(body, None)] if body else []
            if text.end:
                out.append((text.end, None))
            return out
        joined = Text()
        for number, line in enumerate(wrapped):
            if number:
                joined.plain += "\n"
            offset = len(joined.plain)
            if line.style:
                joined.spans.append((offset, offset + len(line.plain), line.style))
            joined.plain += line.plain
            joined.spans += [(s + offset, e + offset, st) for s, e, st in line.spans]
        return self._styled(joined, text.end)

    def _styled(self, text: Text, end: str) -> list[Segment]:
        """rich's `Text.render`: pieces of text with the styles of the spans over them."""
        get = self.styles.get
        plain = text.plain
        if not text.spans:
            out: list[Segment] = [(plain, None)] if plain else []
            if end:
                out.append((end, None))
            return out
        spans = list(enumerate(text.spans, 1))
        style_of = {index: get(span[2]) for index, span in spans}
        style_of[0] = get(text.style)
        edges = [
            (0, False, 0),
            *((span[0], False, index) for index, span in spans),
            *((span[1], True, index) for index, span in spans),
            (len(plain), True, 0),
        ]
        edges.sort(key=lambda edge: (edge[0], edge[1]))
        stack: list[int] = []
        out = []
        for (offset, leaving, style_id), (following, _, _) in pairwise(edges):
            if leaving:
                stack.remove(style_id)
            else:
                stack.append(style_id)
            if following > offset:
                styles = tuple(style_of[i] for i in sorted(stack))
                out.append((plain[offset:following], self.styles.combine(styles)))
        if end:
            out.append((end, None))
        return out

    def render_lines(
        self, renderable: Any, options: Options, style: Any = None, pad: bool = True
    ) -> list[Line]:
        segments = self.render(renderable, options)
        if style is not None and not self.styles.plain and style:
            segments = [(text, style + seg_style) for text, seg_style in segments]
        return list(_split_and_crop(segments, options.max_width, style, pad=pad, newlines=False))

    def _padding(self, padded: _Padded, options: Options) -> list[Segment]:
        style = padded.style
        width = options.max_width
        inner = options.update(max_width=width - padded.left - padded.right)
        lines_ = self.render_lines(padded.renderable, inner, style=style, pad=True)
        out: list[Segment] = []
        left = (" " * padded.left, style) if padded.left else None
        right = [(" " * padded.right, style), ("\n", None)] if padded.right else [("\n", None)]
        for line in lines_:
            if left is not None:
                out.append(left)
            out += line
            out += right
        return out

    # -- tables --------------------------------------------------------------------------

    def _padding_width(self, table: Table, index: int) -> int:
        _, right, _, left = table.padding
        if table.collapse_padding:
            left = 0
            right = abs(left - right)
        if not table.pad_edge:
            if index == 0:
                left = 0
            if index == len(table.columns) - 1:
                right = 0
        return left + right

    def _cells(self, table: Table, column: Column) -> list[tuple[Any, Any]]:
        """The column's cells (header first) with their styles, wrapped in their padding."""
        top, right, bottom, left = table.padding
        first_column = column.index == 0
        last_column = column.index == len(table.columns) - 1
        styles = self.styles
        raw: list[tuple[Any, Any]] = []
        if table.show_header:
            raw.append((styles.add(styles.get("table.header"), styles.get("")), column.header))
        cell_style = styles.get(column.style)
        raw += [(cell_style, cell) for cell in column.cells]
        if not any(table.padding):
            return raw
        padded = []
        for number, (style, renderable) in enumerate(raw):
            first_row, last_row = number == 0, number == len(raw) - 1
            t, r, b, lft = top, right, bottom, left
            if table.collapse_padding:
                if not first_column:
                    lft = max(0, lft - r)
                if not last_row:
                    b = max(0, t - b)
            if not table.pad_edge:
                if first_column:
                    lft = 0
                if last_column:
                    r = 0
                if first_row:
                    t = 0
                if last_row:
                    b = 0
            if t or b:
                raise NotLaidOutError("vertical padding")
            padded.append((style, _Padded(renderable, lft, r, styles.get("none"))))
        return padded

    def _measure_column(self, table: Table, column: Column, options: Options) -> tuple[int, int]:
        width = options.max_width
        if width < 1:
            return (0, 0)
        padding = self._padding_width(table, column.index)
        if column.width is not None:
            fixed = column.width + padding
            return (min(fixed, width), min(fixed, width))
        lows, highs = [], []
        for _, cell in self._cells(table, column):
            low, high = self.measure(cell, options)
            lows.append(low)
            highs.append(high)
        low = max(lows) if lows else 1
        high = max(highs) if highs else width
        low, high = min(low, width), min(high, width)
        if column.min_width is not None:
            floor = column.min_width + padding
            low, high = max(floor, low), max(floor, high)
        if column.max_width is not None:
            ceiling = column.max_width + padding
            low, high = min(ceiling, low), min(ceiling, high)
        return (low, high)

    def _widths(self, table: Table, options: Options) -> list[int]:
        max_width = options.max_width
        columns = table.columns
        ranges = [self._measure_column(table, c, options) for c in columns]
        widths = [high or 1 for _, high in ranges]
        if table.expand:
            ratios = [c.ratio or 0 for c in columns if c.ratio is not None]
            if any(ratios):
                fixed = [
                    0 if c.ratio is not None else high
                    for (_, high), c in zip(ranges, columns, strict=True)
                ]
                flex_minimum = [
                    (c.width or 1) + self._padding_width(table, c.index)
                    for c in columns
                    if c.ratio is not None
                ]
                flex = iter(_ratio_distribute(max_width - sum(fixed), ratios, flex_minimum))
                for index, column in enumerate(columns):
                    if column.ratio is not None:
                        widths[index] = fixed[index] + next(flex)
        table_width = sum(widths)
        if table_width > max_width:
            widths = _collapse_widths(
                widths, [c.width is None and not c.no_wrap for c in columns], max_width
            )
            table_width = sum(widths)
            if table_width > max_width:
                excess = table_width - max_width
                widths = _ratio_reduce(excess, [1] * len(widths), widths, widths)
                table_width = sum(widths)
            ranges = [
                self._measure_column(table, c, options.update(max_width=w))
                for w, c in zip(widths, columns, strict=True)
            ]
            widths = [high or 0 for _, high in ranges]
        if table_width < max_width and table.expand:
            pad = _ratio_distribute(max_width - table_width, widths)
            widths = [w + p for w, p in zip(widths, pad, strict=True)]
        return widths

    def _table(self, table: Table, options: Options) -> list[Segment]:
        if not table.columns:
            return [("\n", None)]
        extra = (len(table.columns) - 1) if table.box else 0
        widths = self._widths(table, options.update(max_width=options.max_width - extra))
        table_width = sum(widths) + extra
        render_options = options.update(max_width=table_width)
        out: list[Segment] = []
        styles = self.styles
        null = styles.get("")
        columns = table.columns
        cells_by_column = [self._cells(table, column) for column in columns]
        rows = list(zip(*cells_by_column, strict=True))
        for number, row in enumerate(rows):
            header_row = number == 0 and table.show_header
            rendered: list[list[Line]] = []
            for width, (cell_style, cell), column in zip(widths, row, columns, strict=True):
                cell_options = render_options.update(
                    max_width=width,
                    justify=column.justify,
                    no_wrap=column.no_wrap,
                    overflow=column.overflow,
                )
                base = styles.add(cell_style, null) if not styles.plain else None
                rendered.append(self.render_lines(cell, cell_options, style=base))
            # rich aligns cells to the tallest one, then shapes every cell to at least a line.
            height = max(len(cell) for cell in rendered)
            shown = max(1, height)
            shaped = []
            for width, (cell_style, _), cell in zip(widths, row, rendered, strict=True):
                base = styles.add(cell_style, null) if not styles.plain else None
                blank = [(" " * width, base)]
                extra = height - len(cell)
                if extra:
                    aligned = [blank] * extra + cell if header_row else cell + [blank] * extra
                else:
                    aligned = cell
                lines_ = [_adjust(line, width, None, pad=True) for line in aligned]
                lines_ += [[(" " * width, None)]] * (shown - len(lines_))
                shaped.append(lines_)
            divider = (" ", null if not styles.plain else None)
            for line_number in range(shown):
                for index, cell in enumerate(shaped):
                    out += cell[line_number]
                    if table.box and index < len(shaped) - 1:
                        out.append(divider)
                out.append(("\n", None))
            if table.box and header_row:
                out.append((_rule(widths), null if not styles.plain else None))
                out.append(("\n", None))
        return out


class _Padded:
    """A cell's renderable with the spaces left and right of it (rich.padding.Padding,
    expanded, no vertical padding)."""

    __slots__ = ("left", "renderable", "right", "style")

    def __init__(self, renderable: Any, left: int, right: int, style: Any) -> None:
        self.renderable = renderable
        self.left = left
        self.right = right
        self.style = style


def _rule(widths: Sequence[int]) -> str:
    """The line under a SIMPLE_HEAD header, without edges."""
    return "─".join("─" * width for width in widths)


def _normalize(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _split_and_crop(
    segments: Iterable[Segment], length: int, style: Any, pad: bool, newlines: bool = False
) -> Iterator[Line]:
    line: Line = []
    for segment_text, seg_style in segments:
        text = segment_text
        while text:
            part, newline, text = text.partition("\n")
            if part:
                line.append((part, seg_style))
            if newline:
                cropped = _adjust(line, length, style, pad)
                if newlines:
                    cropped.append(("\n", None))
                yield cropped
                line = []
    if line:
        yield _adjust(line, length, style, pad)


def _adjust(line: Line, length: int, style: Any, pad: bool) -> Line:
    total = sum(cell_len(text) for text, _ in line)
    if total < length:
        return [*line, (" " * (length - total), style)] if pad else list(line)
    if total == length:
        return list(line)
    new: Line = []
    total = 0
    for text, seg_style in line:
        size = cell_len(text)
        if total + size < length:
            new.append((text, seg_style))
            total += size
        else:
            new.append((set_cell_size(text, length - total), seg_style))
            break
    return new


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(
                w if ok and w != widest else 0 for w, ok in zip(widths, wrapable, strict=True)
            )
            difference = widest - second
            ratios = [
                1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)
            ]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _ratio_distribute(
    total: int, ratios: list[int], minimums: list[int] | None = None
) -> list[int]:
    if minimums:
        ratios = [r if m else 0 for r, m in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    remaining = total
    result = []
    floors = minimums if minimums is not None else [0] * len(ratios)
    for ratio, floor in zip(ratios, floors, strict=True):
        distributed = (
            max(floor, ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        )
        result.append(distributed)
        total_ratio -= ratio
        remaining -= distributed
    return result


def styled_text(renderable: Any, width: int, color_system: str, soft_wrap: bool = False) -> str:
    """The renderable as rich writes it to a terminal with `color_system` (`standard`,
    `256` or `truecolor`): each piece of text in the codes of its style, by rich's `Style`."""
    from rich.color import ColorSystem

    system = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
    }[color_system]
    out: list[str] = []
    for line in lines(renderable, width, RichStyles(), soft_wrap):
        for text, style in line:
            out.append(style.render(text, color_system=system) if style else text)
    return "".join(out)


# -- where the output goes -------------------------------------------------------------------


def console_width() -> int:
    """The width rich gives a console that is not a terminal, or one: COLUMNS when it is a
    number, else the size of whichever standard stream is a terminal, else 80."""
    width: int | None = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


# -- rich, for what this module leaves to it ----------------------------------------------------


def to_rich(renderable: Any) -> Any:
    """The renderable as rich's own (a terminal's styles, or what is not laid out here);
    anything else is returned as it is (already rich's)."""
    from rich.console import Group as RichGroup
    from rich.text import Span as RichSpan
    from rich.text import Text as RichText

    if isinstance(renderable, Text):
        text = RichText(
            renderable.plain,
            style=renderable.style,
            justify=renderable.justify,  # type: ignore[arg-type]
            overflow=renderable.overflow,  # type: ignore[arg-type]
            no_wrap=renderable.no_wrap,
            end=renderable.end,
        )
        text.spans = [RichSpan(start, end, style) for start, end, style in renderable.spans]
        return text
    if isinstance(renderable, Table):
        from rich import box
        from rich.table import Table as RichTable

        table = RichTable(
            box=box.SIMPLE_HEAD if renderable.box else None,
            padding=renderable.padding,
            collapse_padding=renderable.collapse_padding,
            pad_edge=renderable.pad_edge,
            expand=renderable.expand,
            show_header=renderable.show_header,
            show_edge=renderable.show_edge,
        )
        for column in renderable.columns:
            table.add_column(
                column.header,
                justify=column.justify,  # type: ignore[arg-type]
                overflow=column.overflow,  # type: ignore[arg-type]
                no_wrap=column.no_wrap,
                min_width=column.min_width,
                max_width=column.max_width,
                ratio=column.ratio,
                width=column.width,
                style=column.style,
            )
        for row in range(renderable.rows):
            table.add_row(*(to_rich(column.cells[row]) for column in renderable.columns))
        return table
    if isinstance(renderable, Group):
        return RichGroup(*(to_rich(item) for item in renderable.renderables))
    if isinstance(renderable, Fit):
        return _RichFit(renderable)
    return renderable


class _RichFit:
    """A `Fit` for rich: built at the width rich lays it out in."""

    def __init__(self, fit: Fit) -> None:
        self.fit = fit

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        yield to_rich(self.fit.build(options.max_width))

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement.get(console, options, to_rich(self.fit.build(options.max_width)))
