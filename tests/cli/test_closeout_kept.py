"""A close-out is never lost (SPEC: Meetings, last bullet): a close-out that cannot be used
reopens on a terminal with its problems as comments at the top, or is kept and named, and
`meeting log ID --from FILE` takes it up again; with no editor and no terminal mentee says so
at once; while the editor runs, Ctrl-C is the editor's, not mentee's."""

from __future__ import annotations

import json
import os
import re
import select
import shlex
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import error_line, listing

MENTEE = str(Path(sys.executable).with_name("mentee"))
# A guard against a hang, never a timing assertion: a healthy run takes a second or two.
DEADLINE = 120


@pytest.fixture
def journal(run, run_json) -> dict[str, str]:
    """A goal served by Alex, a meeting held yesterday and not logged, two topics on it."""
    goal = run_json("goal", "add", "Promoted to senior", "--by", "2027-06-30")["id"]
    run("mentor", "add", "Alex Kim", "--goal", goal)
    meeting = run(
        "meeting",
        "add",
        "--mentor",
        "alex-kim",
        "--at",
        "2026-11-20 15:00",
        "--json",
        env={"MENTEE_TODAY": "2026-11-01"},
    )
    topics = [
        run_json("topic", "add", text, "--mentor", "alex-kim")["id"]
        for text in ("Ask about the promo process", "Conference budget")
    ]
    return {"goal": goal, "meeting": json.loads(meeting.stdout)["id"], "topics": topics}


def editor_script(tmp_path: Path, body: str, name: str = "editor.py") -> str:
    """An $EDITOR command running BODY with `path` (the buffer) and `text` (its content);
    each buffer it is shown is appended to seen.txt."""
    script = tmp_path / name
    script.write_text(
        "import os, pathlib, re, signal, sys\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        f"with open({str(tmp_path / 'seen.txt')!r}, 'a', encoding='utf-8') as seen:\n"
        "    seen.write(text + '\\f')\n"
        f"{body}\n"
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def shown(tmp_path: Path) -> list[str]:
    """The buffers the fake editor was shown, in order."""
    return (tmp_path / "seen.txt").read_text(encoding="utf-8").split("\f")[:-1]


BAD = (
    "text = text.replace('[x] topic', '[y] topic', 1)\n"
    "text += '- [ ] Fix it (due 2026-02-30)\\n- [ ] Draft it (goal zzzz)\\n'\n"
    "path.write_text(text, encoding='utf-8')"
)


def first_topic(tmp_path: Path) -> str:
    """The topic listed first in the close-out the editor was shown (the one BAD marks)."""
    found = re.search(r"^\[x\] topic (\S+):", shown(tmp_path)[0], re.MULTILINE)
    assert found is not None, "no topic in the close-out"
    return found[1]


def kept_path(line: str) -> Path:
    match = re.search(r"kept in (\S+\.md)", line)
    assert match, line
    return Path(match[1])


# -- off a terminal: kept, named, resumed with --from ------------------------------------------


def test_a_rejected_close_out_is_kept_and_named_with_the_command_that_resumes_it(
    run, run_json, journal, tmp_path, monkeypatch, record_file, buffers
):
    """Off a terminal: exit 1, one line naming every problem's count, the kept file and
    `meeting log ID --from FILE`; the file is the typed text, 0600; nothing changed."""
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, BAD))
    before = record_file("meetings", journal["meeting"]).read_bytes()
    result = run("meeting", "log", journal["meeting"])
    assert result.exit_code == 1
    line = error_line(result)
    assert "line 7: unknown mark [y]: use [x], [ ], [-] or [d] (and 2 more problems)" in line
    kept = kept_path(line)
    assert listing(buffers) == [kept]
    assert f"fix it, then: mentee meeting log {journal['meeting']} --from {kept}" in line
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "- [ ] Draft it (goal zzzz)" in kept.read_text(encoding="utf-8")
    assert record_file("meetings", journal["meeting"]).read_bytes() == before
    assert run_json("action", "list") == []


def test_the_kept_close_out_fixed_is_logged_with_from_and_then_removed(
    run, run_json, journal, tmp_path, monkeypatch, buffers
):
    """`meeting log ID --from KEPT`: the same parser; the problems named as FILE:LINE; once
    fixed it logs the meeting and the kept buffer (mentee's own) is removed."""
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, BAD))
    kept = kept_path(error_line(run("meeting", "log", journal["meeting"])))
    again = run("meeting", "log", journal["meeting"], "--from", str(kept))
    assert again.exit_code == 1
    assert error_line(again) == (
        f"mentee: {kept}:7: unknown mark [y]: use [x], [ ], [-] or [d] (and 2 more problems); "
        "nothing logged"
    )
    text = kept.read_text(encoding="utf-8")
    text = text.replace("[y] topic", "[ ] topic").replace("2026-02-30", "fri")
    kept.write_text(text.replace(" (goal zzzz)", f" (goal {journal['goal'][:4]})"))
    logged = run("meeting", "log", journal["meeting"], "--from", str(kept), "--json")
    assert logged.exit_code == 0, logged.stderr
    meeting = json.loads(logged.stdout)
    assert meeting["status"] == "held"
    titles = {a["title"]: a for a in run_json("action", "list")}
    assert titles["Fix it"]["due"] == "2026-11-27"
    assert titles["Draft it"]["goal"] == journal["goal"]
    marked = first_topic(tmp_path)  # the one BAD marked [y], now [ ]: kept for next time
    (other,) = set(journal["topics"]) - {marked}
    assert run_json("topic", "show", marked)["status"] == "open"
    assert run_json("topic", "show", other)["status"] == "discussed"
    assert listing(buffers) == []


def test_from_a_file_of_the_users_leaves_it_in_place(run, run_json, journal, tmp_path):
    """A close-out written by hand (no template header) is read and logged; the file is
    the user's, so it stays; an agenda item it does not list is kept for next time."""
    mine = tmp_path / "closeout.md"
    first, second = journal["topics"]
    mine.write_text(
        f"## Agenda\n[x] topic {first}: promo\n\n## Notes\nWe talked.\n\n"
        "## Actions\n- [ ] @mentor Share the rubric\n"
    )
    result = run("meeting", "log", journal["meeting"], "--from", str(mine))
    assert result.exit_code == 0, result.stderr
    assert mine.exists()
    shown_meeting = run_json("meeting", "show", journal["meeting"])
    assert shown_meeting["notes"] == "We talked."
    decisions = {item["id"]: item["decision"] for item in shown_meeting["agenda"]}
    assert decisions[first] == "discussed"
    assert decisions[second] == "kept"
    assert run_json("topic", "show", second)["status"] == "open"
    (promise,) = run_json("action", "list")
    assert (promise["title"], promise["owner"]) == ("Share the rubric", "mentor")


def test_from_stdin(run, run_json, journal):
    result = run("meeting", "log", journal["meeting"], "--from", "-", input="## Notes\nOk.\n")
    assert result.exit_code == 0, result.stderr
    assert run_json("meeting", "show", journal["meeting"])["notes"] == "Ok."


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "the close-out is empty"),
        ("# only a comment\n\n## Notes\n\n", "the close-out is empty"),
        (
            "# Close-out of the meeting with Alex Kim, 2026-11-20 15:00 (zz99zz99).\n## Notes\nx\n",
            "this is the close-out of meeting zz99zz99",
        ),
        ("## Agenda\n[x] topic nosuch: x\n", ":2: nosuch is not on this meeting's agenda"),
        ("## Actions\n* Write it\n", ":2: expected '- [ ] what to do (due DATE)'"),
    ],
    ids=["empty", "only-comments", "another-meeting", "unknown-item", "bad-line"],
)
def test_from_a_file_that_cannot_be_used_changes_nothing(
    run, journal, tmp_path, record_file, content, words
):
    source = tmp_path / "closeout.md"
    source.write_text(content)
    before = record_file("meetings", journal["meeting"]).read_bytes()
    result = run("meeting", "log", journal["meeting"], "--from", str(source))
    assert result.exit_code == 1
    assert words in error_line(result)
    assert str(source) in error_line(result)
    assert record_file("meetings", journal["meeting"]).read_bytes() == before
    assert source.read_text() == content


def test_from_with_flags_or_a_missing_file_is_refused(run, journal, tmp_path):
    both = run("meeting", "log", journal["meeting"], "--from", "-", "--notes", "x")
    assert both.exit_code == 2
    assert "--from takes the whole close-out" in error_line(both)
    missing = run("meeting", "log", journal["meeting"], "--from", str(tmp_path / "nope.md"))
    assert missing.exit_code == 1
    assert "nope.md: cannot read" in error_line(missing)


def test_from_logs_a_meeting_never_planned(run, run_json, journal, tmp_path):
    source = tmp_path / "closeout.md"
    source.write_text("## Notes\nCoffee chat.\n")
    result = run(
        "meeting", "log", "--mentor", "alex", "--at", "2026-11-19 08:00", "--from", str(source)
    )
    assert result.exit_code == 0, result.stderr
    new_id = result.stdout.strip()  # piped: the new meeting's id
    assert run_json("meeting", "show", new_id)["notes"] == "Coffee chat."


def test_doctor_and_the_next_log_name_from_for_a_kept_close_out(
    run, journal, tmp_path, monkeypatch
):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, BAD))
    kept = kept_path(error_line(run("meeting", "log", journal["meeting"])))
    resume = f"mentee meeting log {journal['meeting']} --from {kept}"
    doctor = run("doctor")
    assert f"`{resume}` uses it" in doctor.stdout
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "sys.exit(1)", name="failing.py"))
    again = run("meeting", "log", journal["meeting"])
    assert f"`{resume}` uses it" in again.stderr


# -- on a terminal: reopened with the problems on top ------------------------------------------

FIX_WHEN_TOLD = (
    "if '# ERROR' in text:\n"
    "    text = text.replace('[y] topic', '[-] topic').replace('2026-02-30', 'mon')\n"
    "    text = text.replace(' (goal zzzz)', '')\n"
    "else:\n"
    "    text = text.replace('[x] topic', '[y] topic', 1)\n"
    "    text += '- [ ] Fix it (due 2026-02-30)\\n- [ ] Draft it (goal zzzz)\\n'\n"
    "path.write_text(text, encoding='utf-8')"
)


def test_on_a_terminal_it_reopens_with_the_problems_at_the_top(
    run, run_json, journal, tmp_path, monkeypatch, buffers
):
    """Yes to "edit it again?": the buffer comes back with every problem as a comment on
    top, each line number counted in the buffer as shown; fixed, the meeting is logged
    and the buffer removed."""
    monkeypatch.setattr("mentee.cli.editing._can_ask", lambda: True)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, FIX_WHEN_TOLD))
    result = run("meeting", "log", journal["meeting"], input="\n")
    assert result.exit_code == 0, result.stderr
    assert "mentee: line 7: unknown mark [y]" in result.stderr
    assert re.search(r"mentee: line \d+: \(goal zzzz\): no goal 'zzzz'", result.stderr)
    assert "Errors in the close-out; edit it again? [Y/n]" in result.stderr
    first, second = shown(tmp_path)
    lines = second.splitlines()
    assert lines[0].startswith("# ERRORS: ")
    errors = [line for line in lines if line.startswith("# ERROR: ")]
    assert len(errors) == 3
    for error in errors:
        found = re.match(r"# ERROR: line (\d+): ", error)
        assert found is not None, error
        number = int(found[1])
        flagged = lines[number - 1]
        assert "[y] topic" in flagged or "2026-02-30" in flagged or "(goal zzzz)" in flagged
    assert second.split("\n", 4)[4] == first.replace("[x] topic", "[y] topic", 1) + (
        "- [ ] Fix it (due 2026-02-30)\n- [ ] Draft it (goal zzzz)\n"
    )
    assert run_json("meeting", "show", journal["meeting"])["status"] == "held"
    assert run_json("topic", "show", first_topic(tmp_path))["status"] == "dropped"
    assert listing(buffers) == []


def test_on_a_terminal_declining_keeps_the_close_out(
    run, run_json, journal, tmp_path, monkeypatch, buffers
):
    monkeypatch.setattr("mentee.cli.editing._can_ask", lambda: True)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, BAD))
    result = run("meeting", "log", journal["meeting"], input="n\n")
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    kept = kept_path(last)
    assert f"--from {kept}" in last
    assert listing(buffers) == [kept]
    assert run_json("meeting", "show", journal["meeting"])["status"] == "planned"


def test_end_of_input_at_the_question_is_no(run, journal, tmp_path, monkeypatch, buffers):
    """Ctrl-D (end of input) at "edit it again?" keeps the close-out: never a loop."""
    monkeypatch.setattr("mentee.cli.editing._can_ask", lambda: True)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, BAD))
    result = run("meeting", "log", journal["meeting"], input="")
    assert result.exit_code == 1
    assert len(shown(tmp_path)) == 1
    assert len(listing(buffers)) == 1


# -- no editor ----------------------------------------------------------------------------------


def installed(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MENTEE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
        **kwargs,
    )


def test_no_editor_and_no_terminal_is_an_error_at_once(run, journal, buffers):
    """Neither $VISUAL nor $EDITOR, stdin not a terminal: exit 1 at once naming the
    variables and --from; no `vi` started, no buffer made. The same for `goal edit`."""
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    done = installed("meeting", "log", journal["meeting"], env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert "neither $VISUAL nor $EDITOR is set" in line
    assert "this is not a terminal" in line
    assert "--from FILE" in line
    edit = installed("goal", "edit", journal["goal"], env=env, stdin=subprocess.DEVNULL)
    assert edit.returncode == 1
    assert "neither $VISUAL nor $EDITOR is set" in edit.stderr
    assert "mentee goal edit --help" in edit.stderr
    assert listing(buffers) == []


def _read_until(fd: int, wanted: bytes, process: subprocess.Popen[bytes]) -> bytes:
    """Read a terminal's output until `wanted` shows (or fail if the process ends first)."""
    seen = b""
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], DEADLINE)
        assert ready, f"no {wanted!r} on the terminal: {seen!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closed: the process is gone
            chunk = b""
        assert chunk, f"ended before {wanted!r}: {seen!r} (exit {process.wait()})"
        seen += chunk
    return seen


def test_on_a_terminal_without_editor_variables_a_fallback_editor_is_run(
    run, run_json, journal, tmp_path
):
    """On a real terminal (a pty) with no $VISUAL/$EDITOR, the first of `editor`, `nano`,
    `vi` on PATH is run (here a fake `editor`); a rejected close-out asks to edit again."""
    import pty

    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "editor"
    fake.write_text(f'#!/bin/sh\nexec {editor_script(tmp_path, FIX_WHEN_TOLD)} "$@"\n')
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    env["PATH"] = f"{folder}{os.pathsep}{env['PATH']}"
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [MENTEE, "meeting", "log", journal["meeting"]],
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        start_new_session=True,
    )
    os.close(secondary)
    try:
        _read_until(primary, b"edit it again? [Y/n] ", process)
        os.write(primary, b"y\n")
        tail = _read_until(primary, b"actions added", process)
    finally:
        assert process.wait(timeout=DEADLINE) == 0
        os.close(primary)
    assert b"Logged meeting" in tail
    assert len(shown(tmp_path)) == 2
    assert run_json("meeting", "show", journal["meeting"])["status"] == "held"


# -- Ctrl-C while the editor runs ---------------------------------------------------------------

# The fake editor types, says it is ready through a FIFO, then waits for SIGINT. `handles`:
# it takes Ctrl-C itself (as vi does) and finishes the edit; else SIGINT ends it.
SIGINT_EDITOR = """\
handles = {handles}
if handles:
    signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGINT}})
else:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a plain program: Ctrl-C ends it
path.write_text(text.replace({old!r}, {new!r}), encoding='utf-8')
with open({fifo!r}, 'w') as ready:
    ready.write('ready\\n')
if handles:
    signal.sigwait({{signal.SIGINT}})
    pathlib.Path({mark!r}).write_text('got SIGINT')
else:
    while True:
        signal.pause()
"""


def _wait_ready(fifo: Path, process: subprocess.Popen[bytes]) -> None:
    """Block until the fake editor writes to `fifo` (failing if mentee ends first)."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        data = b""
        while b"ready" not in data:
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                data += os.read(fd, 100)
            elif process.poll() is not None:
                pytest.fail(f"mentee ended first: {process.communicate()}")
    finally:
        os.close(fd)


def _interrupted(tmp_path: Path, args: list[str], old: str, new: str, handles: bool):
    fifo = tmp_path / "ready.fifo"
    os.mkfifo(fifo)
    mark = tmp_path / "got-sigint"
    body = SIGINT_EDITOR.format(handles=handles, old=old, new=new, fifo=str(fifo), mark=str(mark))
    env = dict(os.environ, EDITOR=editor_script(tmp_path, body))
    process = subprocess.Popen(
        [MENTEE, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell's foreground job
    )
    _wait_ready(fifo, process)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: to the whole foreground group
    out, err = process.communicate(timeout=DEADLINE)
    return process.returncode, out.decode(), err.decode(), mark.exists()


def test_ctrl_c_goes_to_the_editor_and_the_close_out_is_used(run_json, journal, tmp_path):
    """SIGINT to mentee's process group while the editor runs: the editor gets it and
    finishes, mentee is not ended under it and logs what was typed."""
    status, _, err, editor_got_it = _interrupted(
        tmp_path,
        ["meeting", "log", journal["meeting"]],
        "## Notes\n",
        "## Notes\nTyped before Ctrl-C.\n",
        handles=True,
    )
    assert (status, editor_got_it) == (0, True), err
    assert "Traceback" not in err
    assert run_json("meeting", "show", journal["meeting"])["notes"] == "Typed before Ctrl-C."


def test_ctrl_c_that_ends_the_editor_keeps_the_text(run_json, journal, tmp_path, buffers):
    """An editor ended by SIGINT: mentee says so (exit 1, one line), keeps what was typed
    and changes nothing."""
    status, _, err, _ = _interrupted(
        tmp_path,
        ["meeting", "log", journal["meeting"]],
        "## Notes\n",
        "## Notes\nHalf typed.\n",
        handles=False,
    )
    assert status == 1
    assert len(err.splitlines()) == 1, err
    (line,) = err.splitlines()
    assert "was ended by SIGINT; nothing changed; your text is kept in" in line
    (kept,) = listing(buffers)
    assert "Half typed." in kept.read_text(encoding="utf-8")
    assert run_json("meeting", "show", journal["meeting"])["status"] == "planned"


def test_ctrl_c_during_a_record_edit_goes_to_the_editor(run_json, journal, tmp_path):
    status, _, err, editor_got_it = _interrupted(
        tmp_path,
        ["goal", "edit", journal["goal"]],
        "Promoted to senior",
        "Staff engineer",
        handles=True,
    )
    assert (status, editor_got_it) == (0, True), err
    assert run_json("goal", "show", journal["goal"])["title"] == "Staff engineer"


def test_the_resume_command_repeats_the_time_the_log_was_given(
    run, run_json, journal, tmp_path, monkeypatch
):
    """A meeting never planned (`--mentor --at`), or a planned one logged with `--at`: the
    command that resumes the kept close-out says the same `--at`, and it works as printed."""
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, BAD))
    failed = run("meeting", "log", "--mentor", "alex", "--at", "2026-11-19 08:00")
    assert failed.exit_code == 1
    line = error_line(failed)
    kept = kept_path(line)
    command = f"mentee meeting log --mentor alex-kim --at '2026-11-19 08:00' --from {kept}"
    assert command in line
    kept.write_text("## Notes\nCoffee chat.\n")
    resumed = run(*shlex.split(command)[1:])
    assert resumed.exit_code == 0, resumed.stderr
    assert run_json("meeting", "show", resumed.stdout.strip())["notes"] == "Coffee chat."
    planned = run("meeting", "log", journal["meeting"], "--at", "2026-11-20 16:00")
    assert f"mentee meeting log {journal['meeting']} --at '2026-11-20 16:00' --from " in (
        error_line(planned)
    )
