"""Hostile text through every output: terminal views, JSON, Markdown, iCalendar, CSV, HTML.

Every text field holds HOSTILE: rich markup, CSI and OSC sequences (clear screen, window
title, hyperlink, clipboard write), C1 controls, bidi overrides, CRLF and U+2028, HTML,
Markdown structure and a spreadsheet formula, plus emoji joined by zero-width joiners,
which must be kept. Views show controls escaped, JSON carries the text exactly (and never a
raw control), and the formats meant for other programs stay well-formed and inert.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from adversarial_helpers import FOLDERS, files, raw_unsafe
from typer.testing import Result

MARKUP = "[bold red]x[/] [link=https://evil.example]click[/link]"
CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;pwned\x07"
HYPERLINK = "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"
C1 = "\x9b31m\x9d0;t\x9c"
BIDI = "\u202eevil\u202c \u2066x\u2069"
LINES = "a\r\nb\u2028c\u2029d\re"
HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"
MARKDOWN = "# heading\n- [link](http://evil.example) ![img](http://evil.example/x.png) `code`"
FORMULA = '=HYPERLINK("http://evil.example","x")'
EMOJI = "👩\u200d💻 👨\u200d👩\u200d👧"
HOSTILE = " ".join(
    [MARKUP, CLEAR, TITLE, HYPERLINK, CLIPBOARD, C1, BIDI, LINES, HTML, MARKDOWN, EMOJI]
)
LONG = "long " + "x" * 20_000


@pytest.fixture
def hostile(run) -> dict[str, str]:
    """Every record kind with HOSTILE in every text field a user types; ids by kind."""

    def made(*args: str) -> str:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return str(json.loads(result.stdout)["id"])

    goal = made("goal", "add", HOSTILE, "--why", HOSTILE, "--by", "2027-06-30", "--tag", HOSTILE)
    assert run("goal", "milestone", "add", goal, HOSTILE, "--due", "2026-12-01").exit_code == 0
    mentor = made(
        "mentor", "add", f"Eve {HOSTILE}", "--goal", goal, "--why", HOSTILE, "--email",
        "eve@example.org", "--timezone", "Europe/Berlin", "--org", FORMULA,
    )  # fmt: skip
    assert run("mentor", "thank", mentor, HOSTILE).exit_code == 0
    meeting = made(
        "meeting", "add", "--mentor", mentor, "--at", "2026-11-27 15:00", "--where", HOSTILE
    )
    action = made(
        "action", "add", FORMULA, "--mentor", mentor, "--goal", goal, "--due", "2026-11-01"
    )
    assert run("action", "note", action, HOSTILE).exit_code == 0
    note = made("note", "add", HOSTILE, "--kind", "win", "--goal", goal)
    feedback = made(
        "feedback", "add", HOSTILE, "--from", HOSTILE, "--goal", goal, "--kind", "constructive"
    )
    topic = made("topic", "add", HOSTILE, "--mentor", mentor)
    long_note = made("note", "add", LONG)
    return {
        "goal": goal, "mentor": mentor, "meeting": meeting, "action": action, "note": note,
        "feedback": feedback, "topic": topic, "long": long_note,
    }  # fmt: skip


def _ok(run: Callable[..., Result], *args: str) -> str:
    result = run(*args, env={"COLUMNS": "200"})
    assert result.exit_code in (0, 3), (args, result.stderr)
    assert raw_unsafe(result.stderr) == [], (args, result.stderr)
    # The bytes, decoded: CliRunner's `stdout` turns CRLF into LF.
    return result.stdout_bytes.decode("utf-8")


VIEWS = [
    ("goal", "list", "--all"),
    ("mentor", "list", "--all"),
    ("meeting", "list", "--all"),
    ("action", "list", "--all"),
    ("feedback", "list"),
    ("note", "list"),
    ("topic", "list", "--all"),
    (),
    ("agenda", "next"),
    ("search", "evil"),
    ("check",),
    ("review",),
    ("undo", "--list"),
]


@pytest.mark.parametrize("args", VIEWS, ids=lambda a: " ".join(a) or "dashboard")
def test_terminal_views_escape_every_control_and_keep_emoji(run, hostile, args) -> None:
    """Lists, the dashboard, the agenda, search, check and review: no raw control at all."""
    output = _ok(run, *args)
    assert raw_unsafe(output) == [], args
    if args[:1] not in (("undo",), ("check",), ("action",)):
        assert "\\x1b" in output, args  # the hostile text is there, shown escaped


@pytest.mark.parametrize(
    "kind", ["goal", "mentor", "meeting", "action", "feedback", "note", "topic"]
)
def test_show_escapes_everything_but_keeps_the_text_readable(run, hostile, kind) -> None:
    """`show` keeps newlines as lines, shows every other control escaped, keeps ZWJ emoji."""
    output = _ok(run, kind, "show", hostile[kind])
    assert raw_unsafe(output) == []
    assert "\\x1b]0;pwned\\x07" in output
    assert "\\u202eevil" in output
    assert "[bold red]x[/]" in output  # markup shown as text, never applied
    if kind not in ("action",):
        assert EMOJI in output  # joiners are not controls: the emoji survive whole


def test_json_carries_the_text_exactly_and_no_raw_control(run, hostile) -> None:
    """Every `--json` output parses back to the exact text and holds no raw control."""
    for kind in ("goal", "note", "feedback", "topic"):
        output = _ok(run, kind, "show", hostile[kind], "--json")
        assert raw_unsafe(output) == []
        data = json.loads(output)
        assert data.get("title", data.get("text")) == HOSTILE
    listed = _ok(run, "mentor", "list", "--json")
    assert raw_unsafe(listed) == []
    assert json.loads(listed)[0]["name"] == f"Eve {HOSTILE}"
    for args in (("agenda", "next", "--json"), ("review", "--json"), ("search", "evil", "--json")):
        output = _ok(run, *args)
        assert raw_unsafe(output) == [], args
        assert HOSTILE in _strings(json.loads(output)), args


def _strings(value: Any) -> list[str]:
    """Every string in a parsed JSON document (the exact values, not their escapes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_export_json_and_jsonl_are_exact(run, hostile) -> None:
    """`export --format json|jsonl` carry every text exactly and print no raw control."""
    document = _ok(run, "export", "--format", "json")
    assert raw_unsafe(document) == []
    goals = json.loads(document)["goals"]
    assert goals[0]["title"] == HOSTILE
    lines = _ok(run, "export", "--format", "jsonl").splitlines()
    assert len(lines) == 8  # seven kinds, and the long note
    assert all(raw_unsafe(line) == [] for line in lines)
    texts = [json.loads(line).get("text") for line in lines]
    assert HOSTILE in texts
    assert LONG in texts


@pytest.mark.parametrize(
    "args",
    [
        ("agenda", "next", "--format", "markdown"),
        ("review", "--format", "markdown"),
        ("export", "--format", "markdown"),
    ],
    ids=["agenda", "review", "export"],
)
def test_markdown_renders_user_text_as_text(run, hostile, args) -> None:
    """Markdown outputs: no raw control, no HTML, link, image or heading from user text."""
    from markdown_it import MarkdownIt

    output = _ok(run, *args)
    assert raw_unsafe(output.replace("\t", "")) == []
    assert "<script>" not in output
    tokens = MarkdownIt("commonmark").parse(output)
    flat = [t for token in tokens for t in [token, *(token.children or [])]]
    kinds = {t.type for t in flat}
    assert not kinds & {"html_inline", "html_block", "image", "link_open"}, args
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not [h for h in headings if h.startswith("heading")], headings  # "# heading" is text


def _ics_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


@pytest.mark.parametrize(
    "args", [("agenda", "next", "--format", "ics"), ("export", "--format", "ics")]
)
def test_icalendar_is_well_formed_and_holds_no_control(run, hostile, args) -> None:
    """ICS: CRLF lines of at most 75 octets, no control character, and it parses."""
    from icalendar import Calendar

    result = run(*args)
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    for line in _ics_lines(data):
        assert len(line) <= 75, line
        assert not [b for b in line if (b < 0x20 and b != 0x09) or b == 0x7F], line
    text = data.decode("utf-8")
    assert raw_unsafe(text.replace("\r\n", "")) == []
    calendar = Calendar.from_ical(data)
    summaries = [str(c.get("summary")) for c in calendar.walk() if c.get("summary")]
    assert any("\\x1b]0;pwned\\x07" in s for s in summaries)
    assert any(
        EMOJI in str(c.get("description", "")) or EMOJI in s
        for c in calendar.walk()
        for s in summaries
    )


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_csv_is_inert_in_a_spreadsheet_and_on_a_terminal(run, hostile, kind) -> None:
    """CSV: parses back, no cell starts a formula, no control but line breaks and tabs."""
    output = _ok(run, "export", "--format", "csv", "--kind", kind)
    rows = list(csv.reader(io.StringIO(output, newline="")))
    assert len(rows) >= 2
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert raw_unsafe(cell.replace("\n", "").replace("\t", "")) == [], cell
    raw = _ok(run, "export", "--format", "csv", "--kind", kind, "--csv-raw")
    if kind == "goal":
        assert list(csv.reader(io.StringIO(raw, newline="")))[1][1] == HOSTILE


def test_html_review_escapes_user_text(run, hostile) -> None:
    """The HTML review is one page where user text is text: no tag, no control from it."""
    output = _ok(run, "review", "--format", "html")
    assert "<script>alert" not in output
    assert "&lt;script&gt;" in output
    assert "onerror=alert" not in output.replace("onerror=alert(1)&gt;", "")
    assert raw_unsafe(output.replace("\n", "")) == []


def test_messages_to_send_are_escaped_on_the_terminal(run, hostile) -> None:
    """Thanks, a first-call request and a cancellation print no raw control."""
    for args in (
        ("mentor", "thank", hostile["mentor"], HOSTILE),
        ("mentor", "ask", hostile["mentor"]),
        ("meeting", "cancel", hostile["meeting"], "--reason", HOSTILE),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert raw_unsafe(result.stdout) == [], args
        assert raw_unsafe(result.stderr) == [], args


def test_twenty_thousand_characters_survive_and_lists_stay_short(run, home, hostile) -> None:
    """A 20,000-character note: exact in JSON and on disk, cut short in the list."""
    note = hostile["long"]
    shown = json.loads(_ok(run, "note", "show", note, "--json"))
    assert shown["text"] == LONG
    listed = _ok(run, "note", "list")
    assert "…" in listed
    assert len(listed) < 4_000
    shown_text = "".join(_ok(run, "note", "show", note).split())  # wrapped, padded: joined
    assert "long" + "x" * 20_000 in shown_text
    assert LONG.encode() in (home / "notes" / f"{note}.toml").read_bytes()


def test_crlf_and_line_separators_never_break_a_one_line_view(run, hostile) -> None:
    """A list row shows CR, LF, U+2028 and U+2029 escaped, so one record is one line."""
    topic = json.loads(_ok(run, "topic", "add", "a\r\nb\u2028c\u2029d\re", "--json"))["id"]
    listed = _ok(run, "topic", "list")
    row = next(line for line in listed.splitlines() if topic in line)
    assert "a\\r\\nb\\u2028c\\u2029d\\re" in row


def test_invalid_utf8_in_argv_is_a_usage_error_and_writes_nothing(home: Path) -> None:
    """Bytes that are not UTF-8 in an argument: exit 2, one line, no file written."""
    env = {"MENTEE_HOME": str(home), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    cache = home.parent / "cache"
    env["XDG_CACHE_HOME"] = str(cache)
    for args in ([b"note", b"add", b"caf\xe9"], [b"goal", b"add", b"ok", b"--why", b"\xff\xfe"]):
        result = subprocess.run(
            [sys.executable.encode(), b"-m", b"mentee", *args],
            env=env,
            capture_output=True,
            check=False,
        )
        assert result.returncode == 2
        lines = result.stderr.decode("utf-8").splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("mentee: argument ")
        assert lines[0].endswith("is not valid UTF-8 text")
        assert files(home) == {}
