"""The views on a terminal, and what `mentee.render` leaves to rich: rich's own styles
turned into the terminal's codes (`styled_text`), and any view as rich's renderables
(`to_rich`). rich is imported only when one of these runs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from mentee.render.layout import Styles, lines
from mentee.render.table import Fit, Group, Table
from mentee.render.text import Text


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
        """The rich `Style` called `name` (a theme name or a style definition), parsed once; a Style
        is returned as is and nothing is the null style."""
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
        """`top` over `base`, as rich adds styles."""
        return base + top

    def combine(self, styles: Sequence[Any]) -> Any:
        """The styles one over the other, as rich's `Style.combine`."""
        return self._style.combine(styles)


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
