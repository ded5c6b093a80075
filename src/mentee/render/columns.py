"""Tables laid out as rich lays them out (`rich.table`, `rich._ratio`): each column's
measured width, the share of room ratio columns get, how a table too wide shrinks its
wrapping columns, the padding of cells, the rule under the header."""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from typing import TYPE_CHECKING, Any

from mentee.render.segments import Line, Options, Padded, Segment, Styles, adjust
from mentee.render.table import Column, Table
from mentee.render.text import NotLaidOutError

if TYPE_CHECKING:
    from mentee.render.layout import Layout


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
            _measure_column(layout, table, c, options.update(max_width=w))
            for w, c in zip(widths, columns, strict=True)
        ]
        widths = [high or 0 for _, high in ranges]
    if table_width < max_width and table.expand:
        pad = _ratio_distribute(max_width - table_width, widths)
        widths = [w + p for w, p in zip(widths, pad, strict=True)]
    return widths


def table_segments(layout: Layout, table: Table, options: Options) -> list[Segment]:
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
