"""Laying a view out as `rich.console.Console.print` would (`rich.console`, `rich.segment`,
`rich.padding`, `rich.table`): every renderable becomes segments, pieces of text with
their style, in lines at a width; piped, the text alone (`plain_text`). A table's columns
are measured, given their share of the room (`mentee.render.table`'s ratio arithmetic),
shrunk when too wide and padded as rich does it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any

from mentee.render.table import (
    Column,
    Fit,
    Group,
    Table,
    collapse_widths,
    ratio_distribute,
    ratio_reduce,
)
from mentee.render.text import NotLaidOutError, Text, cell_len, set_cell_size

Segment = tuple[str, Any]  # text, style (None: none)
Line = list[Segment]


class Options:
    """How a renderable is to be laid out: the width it has and, when set, how its text is
    justified, cut or kept on one line (rich's `ConsoleOptions`)."""

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


class Styles:
    """How styles combine: none at all for plain output (the default), or rich's."""

    plain = True

    def get(self, name: Any) -> Any:  # noqa: ARG002 - the plain styles are none
        """The style called `name`: none in plain output."""
        return None

    def add(self, base: Any, top: Any) -> Any:  # noqa: ARG002
        """`top` over `base`: none in plain output."""
        return None

    def combine(self, styles: Sequence[Any]) -> Any:  # noqa: ARG002
        """The styles one over the other: none in plain output."""
        return None


class Padded:
    """A cell's renderable with the spaces left and right of it (rich.padding.Padding,
    expanded, no vertical padding)."""

    __slots__ = ("left", "renderable", "right", "style")

    def __init__(self, renderable: Any, left: int, right: int, style: Any) -> None:
        self.renderable = renderable
        self.left = left
        self.right = right
        self.style = style


def normalize(low: int, high: int) -> tuple[int, int]:
    """`low` and `high` put in 0..high and in order (rich's `Segment`'s range arithmetic)."""
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def split_and_crop(
    segments: Iterable[Segment], length: int, style: Any, pad: bool, newlines: bool = False
) -> Iterator[Line]:
    """Segments in lines of exactly `length` cells: cut where longer, padded with `style` spaces
    when `pad`; each line ends in ("\n", None) when `newlines` (rich's
    `Segment.split_and_crop_lines`)."""
    line: Line = []
    for segment_text, seg_style in segments:
        text = segment_text
        while text:
            part, newline, text = text.partition("\n")
            if part:
                line.append((part, seg_style))
            if newline:
                cropped = adjust(line, length, style, pad)
                if newlines:
                    cropped.append(("\n", None))
                yield cropped
                line = []
    if line:
        yield adjust(line, length, style, pad)


def adjust(line: Line, length: int, style: Any, pad: bool) -> Line:
    """One line made `length` cells wide: padded with `style` spaces when `pad` and shorter, cut at
    the last cell when longer (rich's `Segment.adjust_line_length`)."""
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


def lines(
    renderable: Any, width: int, styles: Styles | None = None, soft_wrap: bool = False
) -> list[Line]:
    """What `rich.console.Console.print(renderable)` writes at `width`, as lines of
    (text, style) pieces, each ending in ("\n", None) when rich ends it with a newline;
    NotLaidOutError for anything this package does not lay out. `soft_wrap`: as rich's
    `print(..., soft_wrap=True)`, lines are neither wrapped nor cut."""
    layout = Layout(styles or Styles())
    options = Options(width)
    if soft_wrap:
        options = options.update(no_wrap=True, overflow="ignore")
    segments = layout.render(renderable, options)
    if soft_wrap:
        return [segments]
    return list(split_and_crop(segments, width, None, pad=False, newlines=True))


def plain_text(renderable: Any, width: int, soft_wrap: bool = False) -> str:
    """The renderable as rich writes it to a stream without styles."""
    return "".join(
        text for line in lines(renderable, width, soft_wrap=soft_wrap) for text, _ in line
    )


class Layout:
    """Renderables laid out into segments, with `styles` (`Styles()`: none, plain text)."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles

    # Every renderable becomes a flat list of segments with "\n" where lines end, as rich's
    # `Console.render` yields them.
    def render(self, renderable: Any, options: Options) -> list[Segment]:
        """The renderable at `options`' width as segments, with "\n" where each line ends (as rich's
        `Console.render` yields them); NotLaidOutError for a renderable this package does not lay
        out."""
        if options.max_width < 1:
            return []  # no room: rich renders nothing
        if isinstance(renderable, Text):
            return self._text(renderable, options)
        if isinstance(renderable, str):
            return self._text(Text(renderable), options)
        if isinstance(renderable, Table):
            return table_segments(self, renderable, options)
        if isinstance(renderable, Group):
            out: list[Segment] = []
            for item in renderable.renderables:
                out += self.render(item, options)
            return out
        if isinstance(renderable, Fit):
            return self.render(renderable.build(options.max_width), options)
        if isinstance(renderable, Padded):
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
        elif isinstance(renderable, Padded):
            extra = renderable.left + renderable.right
            if width - extra < 1:
                return (width, width)
            inner = self.measure(renderable.renderable, options)
            low, high = inner[0] + extra, inner[1] + extra
        elif isinstance(renderable, Fit):
            return self.measure(renderable.build(width), options)
        else:
            raise NotLaidOutError(type(renderable).__name__)
        low, high = normalize(low, high)
        low, high = min(low, width), min(high, width)
        if high < 1:
            return (0, 0)
        return normalize(low, high)

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
        """The renderable as lines of exactly the width (padded when `pad`), `style` under every
        piece of it (rich's `Console.render_lines`)."""
        segments = self.render(renderable, options)
        if style is not None and not self.styles.plain and style:
            segments = [(text, style + seg_style) for text, seg_style in segments]
        return list(split_and_crop(segments, options.max_width, style, pad=pad, newlines=False))

    def _padding(self, padded: Padded, options: Options) -> list[Segment]:
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


# -- tables ------------------------------------------------------------------------------


def _padding_width(table: Table, index: int) -> int:
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


def _cells(styles: Styles, table: Table, column: Column) -> list[tuple[Any, Any]]:
    """The column's cells (header first) with their styles, wrapped in their padding."""
    top, right, bottom, left = table.padding
    first_column = column.index == 0
    last_column = column.index == len(table.columns) - 1
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
        padded.append((style, Padded(renderable, lft, r, styles.get("none"))))
    return padded


def _measure_column(
    layout: Layout, table: Table, column: Column, options: Options
) -> tuple[int, int]:
    width = options.max_width
    if width < 1:
        return (0, 0)
    padding = _padding_width(table, column.index)
    if column.width is not None:
        fixed = column.width + padding
        return (min(fixed, width), min(fixed, width))
    lows, highs = [], []
    for _, cell in _cells(layout.styles, table, column):
        low, high = layout.measure(cell, options)
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


def _widths(layout: Layout, table: Table, options: Options) -> list[int]:
    max_width = options.max_width
    columns = table.columns
    ranges = [_measure_column(layout, table, c, options) for c in columns]
    widths = [high or 1 for _, high in ranges]
    if table.expand:
        ratios = [c.ratio or 0 for c in columns if c.ratio is not None]
        if any(ratios):
            fixed = [
                0 if c.ratio is not None else high
                for (_, high), c in zip(ranges, columns, strict=True)
            ]
            flex_minimum = [
                (c.width or 1) + _padding_width(table, c.index)
                for c in columns
                if c.ratio is not None
            ]
            flex = iter(ratio_distribute(max_width - sum(fixed), ratios, flex_minimum))
            for index, column in enumerate(columns):
                if column.ratio is not None:
                    widths[index] = fixed[index] + next(flex)
    table_width = sum(widths)
    if table_width > max_width:
        widths = collapse_widths(
            widths, [c.width is None and not c.no_wrap for c in columns], max_width
        )
        table_width = sum(widths)
        if table_width > max_width:
            excess = table_width - max_width
            widths = ratio_reduce(excess, [1] * len(widths), widths, widths)
            table_width = sum(widths)
        ranges = [
            _measure_column(layout, table, c, options.update(max_width=w))
            for w, c in zip(widths, columns, strict=True)
        ]
        widths = [high or 0 for _, high in ranges]
    if table_width < max_width and table.expand:
        pad = ratio_distribute(max_width - table_width, widths)
        widths = [w + p for w, p in zip(widths, pad, strict=True)]
    return widths


def table_segments(layout: Layout, table: Table, options: Options) -> list[Segment]:
    """A table's segments at `options`' width: its columns measured and shared out, its title,
    header, rows and the lines of its box as rich draws them."""
    if not table.columns:
        return [("\n", None)]
    extra = (len(table.columns) - 1) if table.box else 0
    widths = _widths(layout, table, options.update(max_width=options.max_width - extra))
    table_width = sum(widths) + extra
    render_options = options.update(max_width=table_width)
    out: list[Segment] = []
    styles = layout.styles
    null = styles.get("")
    columns = table.columns
    cells_by_column = [_cells(layout.styles, table, column) for column in columns]
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
            rendered.append(layout.render_lines(cell, cell_options, style=base))
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
            lines_ = [adjust(line, width, None, pad=True) for line in aligned]
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


def _rule(widths: Sequence[int]) -> str:
    """The line under a SIMPLE_HEAD header, without edges."""
    return "─".join("─" * width for width in widths)
