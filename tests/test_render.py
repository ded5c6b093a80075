"""mentee.render lays views out exactly as rich does: random texts and tables, any width."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee import render
from mentee.render import Fit, Group, Table, Text, plain_text, terminal
from mentee.render.terminal import to_rich

WORDS = st.sampled_from(
    [
        "a",
        "an",
        "launch",
        "review",
        "architecture",
        "x" * 30,
        "设计评审",
        "🚀",
        "é",
        "naïve",
        "2026-11-21",
        "(mentor's promise)",
        "…",
        "-",
        "",
        "supercalifragilisticexpialidocious",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", " \n "])
STYLES = st.sampled_from(["", "bold", "dim", "red", "bold red", "green", "yellow", "magenta"])


@st.composite
def texts(draw: st.DrawFn) -> Text:
    words = draw(st.lists(WORDS, max_size=12))
    plain = ""
    for word in words:
        plain += word + draw(SEPARATORS)
    if draw(st.booleans()):
        plain = plain.strip()
    text = Text(plain, draw(STYLES))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, max(len(plain), 0)))
        end = draw(st.integers(start, max(len(plain), start)))
        text.stylize(draw(STYLES), start, end)
    if draw(st.booleans()):
        text.append(draw(WORDS), draw(STYLES))
    return text


CELLS = st.one_of(texts(), WORDS, st.builds(Group, texts(), texts()))


Padding = int | tuple[int, ...]
TABLE_PADDINGS: list[Padding] = [(0, 1), (0, 2), 0, (0, 1, 0, 0)]
GRID_PADDINGS: list[Padding] = [0, (0, 1), (0, 2)]


@st.composite
def tables(draw: st.DrawFn) -> Table:
    if draw(st.booleans()):
        table = Table(
            box="simple_head",
            pad_edge=draw(st.booleans()),
            expand=draw(st.booleans()),
            show_edge=False,
            collapse_padding=draw(st.booleans()),
            padding=draw(st.sampled_from(TABLE_PADDINGS)),
        )
    else:
        table = Table.grid(
            padding=draw(st.sampled_from(GRID_PADDINGS)),
            expand=draw(st.booleans()),
        )
    for number in range(draw(st.integers(1, 6))):
        options: dict[str, Any] = {}
        if draw(st.booleans()):
            options["no_wrap"] = True
        if draw(st.booleans()):
            options["overflow"] = draw(st.sampled_from(["fold", "ellipsis", "crop"]))
        if draw(st.booleans()):
            options["justify"] = draw(st.sampled_from(["left", "right"]))
        if draw(st.booleans()):
            options["min_width"] = draw(st.integers(0, 20))
        if draw(st.booleans()):
            options["max_width"] = draw(st.integers(1, 30))
        if draw(st.booleans()):
            options["ratio"] = draw(st.integers(1, 3))
        if draw(st.booleans()):
            options["style"] = draw(STYLES)
        table.add_column(
            draw(st.sampled_from(["id", "title", "", "mentor", f"c{number}"])), **options
        )
    for _ in range(draw(st.integers(0, 5))):
        table.add_row(*(draw(CELLS) for _ in table.columns))
    return table


RENDERABLES = st.one_of(
    texts(),
    tables(),
    st.builds(Group, texts(), tables(), texts()),
)


def rich_plain(renderable: Any, width: int, soft_wrap: bool = False) -> str:
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        color_system=None,
        force_terminal=False,
        no_color=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(to_rich(renderable), soft_wrap=soft_wrap)
    return out.getvalue()


@settings(max_examples=examples(1500))
@given(renderable=RENDERABLES, width=st.integers(1, 130))
def test_plain_layout_is_riches_character_for_character(renderable, width):
    """Any text, table or group, at any width, is written exactly as rich writes it."""
    assert plain_text(renderable, width) == rich_plain(renderable, width)


@settings(max_examples=examples(300))
@given(text=texts(), width=st.integers(1, 60))
def test_soft_wrapped_text_is_riches(text, width):
    """A message printed soft-wrapped (never cut at the width) is as rich prints it."""
    assert plain_text(text, width, soft_wrap=True) == rich_plain(text, width, soft_wrap=True)


def test_a_fit_is_built_at_the_width_it_is_laid_out_in():
    """`Fit` builds its renderable for the width it gets, for rich too."""
    seen: list[int] = []

    def build(width: int) -> Text:
        seen.append(width)
        return Text(f"{width} wide")

    assert plain_text(Fit(build), 42) == "42 wide\n"
    assert rich_plain(Fit(build), 37) == "37 wide\n"
    assert seen == [42, 37]


def test_what_is_not_laid_out_here_is_said():
    """A tab, or a renderable of rich's own, is left to rich (NotLaidOutError)."""
    from rich.rule import Rule

    with pytest.raises(render.NotLaidOutError):
        plain_text(Text("a\tb"), 20)
    with pytest.raises(render.NotLaidOutError):
        plain_text(Rule("x"), 20)


def rich_styled(renderable: Any, width: int, system: str, soft_wrap: bool = False) -> str:
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        color_system=system,  # type: ignore[arg-type]
        force_terminal=True,
        no_color=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(to_rich(renderable), soft_wrap=soft_wrap)
    return out.getvalue()


@settings(max_examples=examples(1500))
@given(
    renderable=RENDERABLES,
    width=st.integers(1, 130),
    system=st.sampled_from(["standard", "256", "truecolor"]),
)
def test_styled_layout_is_riches_byte_for_byte(renderable, width, system):
    """On a terminal, every piece of text carries the codes rich gives it, byte for byte."""
    assert terminal.styled_text(renderable, width, system) == rich_styled(renderable, width, system)


@settings(max_examples=examples(200))
@given(text=texts(), width=st.integers(1, 60))
def test_styled_soft_wrapped_text_is_riches(text, width):
    assert terminal.styled_text(text, width, "standard", soft_wrap=True) == rich_styled(
        text, width, "standard", soft_wrap=True
    )


@pytest.mark.parametrize(
    ("term", "colorterm"),
    [
        ("xterm", ""),
        ("xterm-256color", ""),
        ("xterm-kitty", ""),
        ("screen-16color", ""),
        ("xterm-256color", "truecolor"),
        ("", "24bit"),
        ("vt100", ""),
    ],
)
def test_a_terminal_gets_what_rich_would_write_to_it(monkeypatch, tmp_path, term, colorterm):
    """On a terminal (any TERM and COLORTERM rich knows), a view is written with the codes
    rich would write for it."""
    from mentee.cli.env import Env, Terminal

    monkeypatch.setenv("TERM", term)
    monkeypatch.setenv("COLORTERM", colorterm)
    monkeypatch.delenv("NO_COLOR", raising=False)
    env = Env(home=tmp_path, home_source="option", terminal=Terminal(stdout=True))
    view = Group(Text("Overdue", style="bold red"), Table.grid(padding=(0, 1)))
    view.renderables[1].add_column(no_wrap=True, style="yellow")
    view.renderables[1].add_column(overflow="fold", ratio=1)
    view.renderables[1].add_row(
        Text("  practice"), Text.assemble(("2026-11-21 ", "dim"), "x " * 80)
    )
    ours = env._laid_out(view)
    with env.out.capture() as captured:
        env.out.print(to_rich(view))
    assert ours is not None
    assert ours == captured.get()
