"""What the views are made of besides text: tables (the part of `rich.table.Table` the
views use), groups of renderables one below the other, and `Fit`, a renderable decided
once the width is known."""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Any

from mentee.render.text import Text


class Column:
    """One column of a `Table`: its header, cells and how they are sized, justified and cut."""

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
        """A table with no box, header or padding, as rich's `Table.grid`: for laying renderables
        side by side."""
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
        """Add a column headed `header`; `options` as rich's (justify, overflow, no_wrap, min_width,
        max_width, ratio, style)."""
        self.columns.append(Column(len(self.columns), header, **options))

    def add_row(self, *cells: Any) -> None:
        """Add a row; missing cells are empty and extra ones add headerless columns (as rich
        does)."""
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


# -- sharing a width among columns (`rich._ratio`) ----------------------------------------


def collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Column widths shrunk to fit `max_width`: the widest wrapable columns lose cells first, down
    to the next widest, until it fits or none can wrap (rich's `Table._collapse_widths`)."""
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
            widths = ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """`values` less `total` shared by `ratios`, each taking off at most its `maximums` entry
    (rich's `ratio_reduce`)."""
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


def ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    """`total` shared by `ratios`, rounded up, each at least its `minimums` entry (rich's
    `ratio_distribute`); the shares add up to `total`."""
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
