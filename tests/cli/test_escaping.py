"""Hostile user text: shown escaped and literal in human views, exact in JSON.

SPEC: user text is never read as rich markup and never emitted as a raw terminal escape;
C0/C1 controls, DEL and bidi controls are shown escaped (`\\x1b`, `\\u202e`); `--json`
carries the text exactly; no ANSI escapes at all when NO_COLOR is set or stdout is not a
terminal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cli_helpers import raw_unsafe
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples

MARKUP = "[bold red]x[/]"
TITLE_OSC = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
C1_CSI = "\x9b"
RLO = "\u202e"
HOSTILE = f"{MARKUP} {TITLE_OSC} {CLEAR} {C1_CSI}31m {RLO}evil\r\nnext\x7f"
# How HOSTILE reads once escaped on one line.
ESCAPED = "[bold red]x[/] \\x1b]0;pwned\\x07 \\x1b[2J \\x9b31m \\u202eevil\\r\\nnext\\x7f"
# In `show` a newline stays a newline; every other control is escaped.
ESCAPED_BLOCK = "[bold red]x[/] \\x1b]0;pwned\\x07 \\x1b[2J \\x9b31m \\u202eevil\\r"

WIDE = {"COLUMNS": "400"}


def assert_safe(*outputs: str) -> None:
    for output in outputs:
        assert raw_unsafe(output) == [], repr(output)


@pytest.fixture
def hostile(run, new):
    """A journal where every text field a user types holds HOSTILE."""
    mentor = json.loads(
        run(
            "mentor",
            "add",
            f"Eve {HOSTILE}",
            "--org",
            HOSTILE,
            "--expertise",
            HOSTILE,
            "--why",
            HOSTILE,
            "--met",
            HOSTILE,
            "--json",
        ).stdout
    )["id"]
    run("mentor", "edit", mentor, "--notes", HOSTILE)
    run("mentor", "thank", mentor, HOSTILE)
    goal = new(
        "goal",
        "add",
        HOSTILE,
        "--why",
        HOSTILE,
        "--baseline",
        HOSTILE,
        "--success",
        HOSTILE,
        "--tag",
        HOSTILE,
        "--mentor",
        mentor,
        "--by",
        "2027-06-30",
    )
    run("goal", "milestone", "add", goal, HOSTILE)
    run("goal", "retarget", goal, "--by", "2027-07-31", "--reason", HOSTILE)
    action = new(
        "action", "add", HOSTILE, "--goal", goal, "--mentor", mentor, "--due", "2026-11-01"
    )
    run("action", "note", action, HOSTILE)
    feedback = new("feedback", "add", HOSTILE, "--from", HOSTILE, "--goal", goal)
    mentor_feedback = new("feedback", "add", "From the mentor", "--from", mentor)
    note = new("note", "add", HOSTILE, "--goal", goal, "--kind", "win")
    topic = new("topic", "add", HOSTILE, "--mentor", mentor, "--goal", goal)
    meeting = new("meeting", "add", "--mentor", mentor, "--at", "fri 15:00", "--where", HOSTILE)
    return {
        "mentor": mentor,
        "goal": goal,
        "action": action,
        "feedback": feedback,
        "mentor_feedback": mentor_feedback,
        "note": note,
        "topic": topic,
        "meeting": meeting,
    }


KINDS = ["goal", "mentor", "action", "feedback", "note", "topic", "meeting"]


@pytest.mark.parametrize("kind", KINDS)
def test_list_tables_show_hostile_text_escaped(run, hostile, kind):
    """Every list table shows the text with visible escapes and no raw control characters."""
    result = run(kind, "list", env=WIDE)
    assert result.exit_code == 0
    assert_safe(result.stdout, result.stderr)
    if kind != "meeting":  # a meeting's row shows `where`, cut to a narrow column
        assert ESCAPED in result.stdout or f"Eve {ESCAPED}" in result.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_show_views_show_hostile_text_escaped(run, hostile, kind):
    """Every `show` prints the text with visible escapes, markup literal, nothing raw."""
    result = run(kind, "show", hostile[kind], env=WIDE)
    assert result.exit_code == 0
    assert_safe(result.stdout, result.stderr)
    assert ESCAPED_BLOCK in result.stdout
    assert MARKUP in result.stdout


def test_goal_show_escapes_milestones_timeline_and_tags(run, hostile):
    """Milestone titles, timeline reasons and tags are escaped in `goal show`."""
    out = run("goal", "show", hostile["goal"], env=WIDE).stdout
    assert f"1. [ ] {ESCAPED}" in out
    assert f"2027-06-30 -> 2027-07-31  {ESCAPED}" in out
    assert f"- {ESCAPED}" in out


def test_related_names_in_other_views_are_escaped(run, hostile):
    """A hostile mentor name or goal title shown beside other records is escaped too."""
    actions = run("action", "list", env=WIDE).stdout
    assert_safe(actions)
    assert "Eve [bold re" in actions  # the mentor column is cut to fit
    shown = run("feedback", "show", hostile["mentor_feedback"], env=WIDE).stdout
    assert_safe(shown)
    assert f"Eve {ESCAPED}" in shown
    goals = run("goal", "list", env=WIDE).stdout
    assert_safe(goals)
    assert "Eve [bold red]x[/" in goals  # the mentors column is cut to fit


def test_action_and_mentor_show_escape_dated_notes_and_thanks(run, hostile):
    """An action's notes and a mentor's thanks are escaped in `show`."""
    action = run("action", "show", hostile["action"], env=WIDE).stdout
    assert f"2026-11-21  {ESCAPED}" in action
    mentor = run("mentor", "show", hostile["mentor"], env=WIDE).stdout
    assert f"2026-11-21  {ESCAPED}" in mentor
    assert_safe(action, mentor)


def test_dashboard_and_search_escape(run, hostile):
    """The dashboard and search results show hostile text escaped."""
    board = run(env=WIDE)
    assert board.exit_code == 0
    assert_safe(board.stdout, board.stderr)
    assert f"Eve {ESCAPED}" in board.stdout
    found = run("search", "evil", env=WIDE)
    assert found.exit_code == 0
    assert_safe(found.stdout, found.stderr)
    assert ESCAPED in found.stdout


def test_thank_message_escapes_but_keeps_its_lines(run, hostile):
    """The ready-to-send thanks keeps its own line breaks and escapes the user's controls."""
    result = run("mentor", "thank", hostile["mentor"], f"Thanks {CLEAR}{RLO}", env=WIDE)
    assert result.exit_code == 0
    assert_safe(result.stdout, result.stderr)
    assert "\\x1b[2J\\u202e" in result.stdout
    assert len(result.stdout.splitlines()) > 1


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "add", HOSTILE),
        ("note", "add", HOSTILE),
        ("topic", "add", HOSTILE),
        ("action", "add", HOSTILE),
        ("mentor", "add", f"Zed {HOSTILE}"),
    ],
)
def test_confirmations_on_stderr_are_escaped(run, args):
    """The `Added ...` line on stderr escapes the title it repeats."""
    result = run(*args)
    assert result.exit_code == 0
    assert_safe(result.stderr)
    if args[0] in ("goal", "action", "mentor"):
        assert ESCAPED in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "show", f"x{CLEAR}"),
        ("goal", "add", "x", "--by", f"{TITLE_OSC}{RLO}"),
        ("mentor", "add", "x", "--timezone", f"Europe/{CLEAR}"),
        ("search", f"{TITLE_OSC}{RLO}{C1_CSI}"),
        ("goal", "list", "--status", f"{CLEAR}"),
        ("feedback", "add", "x", "--from", "peer", "--kind", f"{RLO}praise"),
    ],
)
def test_error_and_info_lines_escape_what_the_user_typed(run, args):
    """Messages that repeat user input never emit it raw."""
    result = run(*args)
    assert_safe(result.stdout, result.stderr)
    assert "\\x1b" in result.stderr or "\\u202e" in result.stderr


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("goal", ["title", "why", "baseline", "success"]),
        ("mentor", ["org", "why", "met", "notes"]),
        ("action", ["title"]),
        ("feedback", ["text", "source"]),
        ("note", ["text"]),
        ("topic", ["text"]),
        ("meeting", ["where"]),
    ],
)
def test_json_carries_the_exact_text_after_a_reload(run, hostile, kind, fields):
    """`show --json` (read back from disk) gives every hostile text byte for byte, CRLF too."""
    result = run(kind, "show", hostile[kind], "--json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    for field in fields:
        assert record[field] == HOSTILE, field


def test_json_nested_texts_are_exact(run, hostile):
    """Milestones, timeline reasons, tags, notes and thanks are exact in JSON."""
    goal = json.loads(run("goal", "show", hostile["goal"], "--json").stdout)
    assert goal["milestones"][0]["title"] == HOSTILE
    assert goal["timeline"][0]["reason"] == HOSTILE
    assert goal["tags"] == [HOSTILE]
    action = json.loads(run("action", "show", hostile["action"], "--json").stdout)
    assert action["notes"][0]["text"] == HOSTILE
    mentor = json.loads(run("mentor", "show", hostile["mentor"], "--json").stdout)
    assert mentor["name"] == f"Eve {HOSTILE}"
    assert mentor["thanks"][0]["text"] == HOSTILE
    assert mentor["expertise"] == [HOSTILE]


def test_json_list_and_search_carry_exact_text(run, hostile):
    """`list --json` and `search --json` carry the text exactly (raw controls, JSON-escaped)."""
    notes = json.loads(run("note", "list", "--json").stdout)
    assert notes[0]["text"] == HOSTILE
    hits = json.loads(run("search", "evil", "--json").stdout)
    assert HOSTILE in [h.get("text") for h in hits] + [h.get("title") for h in hits]


def test_lone_carriage_return_and_crlf_survive_rewrites(run, new):
    """Text with CR and CRLF stays exact across a rewrite of its record."""
    text = "line one\r\nline two\rover\n"
    action = new("action", "add", "x")
    run("action", "note", action, text)
    run("action", "done", action, "--note", text)
    record = json.loads(run("action", "show", action, "--json").stdout)
    assert [n["text"] for n in record["notes"]] == [text, text]


EVERY_UNSAFE = [chr(c) for c in range(0x20) if c != 0x0A] + [chr(c) for c in range(0x7F, 0xA0)]
EVERY_UNSAFE += list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
EVERY_UNSAFE += ["\u2028", "\u2029"]


def _shown_as(char: str) -> str:
    named = {"\t": "\\t", "\r": "\\r"}
    code = ord(char)
    return named.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def test_every_control_and_bidi_character_is_escaped(run, new):
    """Each C0/C1 control, DEL, bidi control and line separator shows as its escape."""
    text = "".join(f"<{c}>" for c in EVERY_UNSAFE)
    note = new("note", "add", text)
    shown = run("note", "show", note, env={"COLUMNS": "2000"}).stdout
    listed = run("note", "list", env=WIDE).stdout
    assert_safe(shown, listed)
    assert "<\\x00><\\x01>" in listed  # the list cuts long text, after escaping it
    for char in EVERY_UNSAFE:
        assert f"<{_shown_as(char)}>" in shown, repr(char)
    assert json.loads(run("note", "show", note, "--json").stdout)["text"] == text


# -- real terminals and pipes -------------------------------------------------------------------


def _cli(args, env_changes, stdout):
    """Run `python -m mentee ARGS` with the test's environment changed (None: unset)."""
    env = {**os.environ, "COLUMNS": "200", **env_changes}
    return subprocess.run(
        [sys.executable, "-m", "mentee", *args],
        env={k: v for k, v in env.items() if v is not None},
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )


def _on_a_terminal(args, env_changes):
    """Run the CLI with stdout on a pseudo-terminal; its output bytes."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    # No pager: these tests read mentee's own bytes, not less's terminal set-up.
    env_changes = {"MENTEE_PAGER": "", **env_changes}
    try:
        completed = _cli(args, env_changes, follower)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert completed.returncode == 0, completed.stderr
        return b"".join(chunks)
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)


def test_pipe_without_no_color_has_no_ansi(hostile):
    """Piped stdout carries no escape sequence at all, even with NO_COLOR unset."""
    completed = _cli(["action", "list"], {"NO_COLOR": None}, subprocess.PIPE)
    assert completed.returncode == 0, completed.stderr
    assert b"\x1b" not in completed.stdout
    assert b"\x1b" not in completed.stderr
    assert b"late" in completed.stdout


def test_terminal_with_no_color_has_no_ansi(hostile):
    """On a real terminal, NO_COLOR=1 means no escape sequence at all."""
    output = _on_a_terminal(["action", "list"], {"NO_COLOR": "1"})
    assert b"late" in output
    assert b"\x1b" not in output
    assert b"\xc2\x9b" not in output


def test_terminal_with_colour_never_emits_user_escapes(hostile):
    """On a colour terminal mentee styles its output, but the user's sequences stay escaped."""
    output = _on_a_terminal(["action", "list"], {"NO_COLOR": None, "TERM": "xterm-256color"})
    text = output.decode("utf-8")
    assert "\x1b[" in text  # mentee's own styling is on: the check below is meaningful
    for raw in (TITLE_OSC, "\x1b]0;", CLEAR, C1_CSI, RLO, "\x07", "\x7f"):
        assert raw not in text
    assert "\\x1b]0;pwned\\x07" in text


@settings(max_examples=examples(500))
@given(st.text())
def test_the_fast_path_of_escape_escapes_what_the_full_one_does(text):
    """`escape` skips text with nothing to escape (all printable): for any text, the result
    is what the escaping pattern alone gives."""
    import re

    from mentee import text as module

    unsafe = re.compile(module._UNSAFE)
    keep_newlines = re.compile(module._UNSAFE_KEEP_NEWLINES)
    assert module.escape(text) == unsafe.sub(module._escape_char, text)
    assert module.escape_block(text) == keep_newlines.sub(module._escape_char, text)
