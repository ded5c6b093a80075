"""What a layout is made of (`rich.segment`, `rich.console.ConsoleOptions`,
`rich.padding`): pieces of text with their style, lines of them, the options a renderable
is laid out with, how styles combine, and cutting or padding a line to a width."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from mentee.render.text import cell_len, set_cell_size

Segment = tuple[str, Any]  # text, style (None: none)
Line = list[Segment]


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


class Styles:
    """How styles combine: none at all for plain output (the default), or rich's."""

    plain = True

    def get(self, name: Any) -> Any:  # noqa: ARG002 - the plain styles are none
        return None

    def add(self, base: Any, top: Any) -> Any:  # noqa: ARG002
        return None

    def combine(self, styles: Sequence[Any]) -> Any:  # noqa: ARG002
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
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def split_and_crop(
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
                cropped = adjust(line, length, style, pad)
                if newlines:
                    cropped.append(("\n", None))
                yield cropped
                line = []
    if line:
        yield adjust(line, length, style, pad)


def adjust(line: Line, length: int, style: Any, pad: bool) -> Line:
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
