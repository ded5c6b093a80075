"""Laying a view out as `rich.console.Console.print` would: every renderable becomes
lines of (text, style) pieces at a width; piped, the text alone (`plain_text`)."""

from __future__ import annotations

import os
from itertools import pairwise
from typing import Any

from mentee.render.columns import table_segments
from mentee.render.segments import (
    Line,
    Options,
    Padded,
    Segment,
    Styles,
    normalize,
    split_and_crop,
)
from mentee.render.table import Fit, Group, Table
from mentee.render.text import NotLaidOutError, Text


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
