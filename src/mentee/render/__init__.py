"""The views' text, tables and groups, laid out exactly as rich lays them out, without
rich's console: the same column widths, the same word wrapping and cut-offs, the same
padding, character for character.

`ui` builds its views from the classes here (`Text`, `Table`, `Group`): piped, they are
written as plain text by the layout (rich's console, table and text layers cost several
times the start of Python to import and about a millisecond a row to lay out); on a
terminal the same layout carries each piece's style, which rich's own `Style` turns into
the terminal's codes (`mentee.render.terminal`, see `mentee.cli.env`). Anything this
package does not know how to lay out (a rich renderable, a tab in text) is left to rich.

The algorithms follow rich 14.3 to 15 (`rich.table`, `rich.text`, `rich._wrap`,
`rich.segment`, `rich.padding`, `rich._ratio`; MIT licence, Will McGugan), one module for
each part: `text` (character widths, a text's spans, words and folding, ellipses), `table`
(tables, groups, `Fit`, and the arithmetic that shares a width among columns), `layout`
(a view as lines of styled segments at a width: text, padding, a table's measured, shared,
shrunk and padded columns), `terminal` (rich's styles, and rich's own renderables for what
is left to rich; imported only for a terminal). tests/test_render.py lays out random
tables and texts with both and compares them byte for byte; the golden outputs pin every
view.
"""

from mentee.render.layout import console_width, lines, plain_text
from mentee.render.table import Fit, Group, Renderable, Table
from mentee.render.text import NotLaidOutError, Text

__all__ = [
    "Fit",
    "Group",
    "NotLaidOutError",
    "Renderable",
    "Table",
    "Text",
    "console_width",
    "lines",
    "plain_text",
]
