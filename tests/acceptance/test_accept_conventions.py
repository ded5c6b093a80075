"""SPEC "Principles" (pipe-friendly) and issue 12's conventions: ids on stdout when piped,
`--json` wins, `search` exits 1 on no match, a pager never into a pipe, colour rules, the
dashboard's JSON, tables at 80 columns, help that ends with examples, and completion."""

from __future__ import annotations

import re
from typing import Any

import pytest
from acceptance_helpers import ANSI, Cmd, Done, Journal, flat

FOLDERS = {
    "goal": "goals",
    "mentor": "mentors",
    "feedback": "feedback",
    "action": "actions",
    "note": "notes",
    "topic": "topics",
    "meeting": "meetings",
}

ADDS = [
    ("goal", "add", "Speak at a conference", "--by", "eoy"),
    ("mentor", "add", "Priya Raman", "--timezone", "Asia/Kolkata"),
    ("feedback", "add", "Clear slides", "--from", "peer", "--kind", "praise"),
    ("action", "add", "Draft the talk", "--due", "fri"),
    ("note", "add", "Shipped it", "--kind", "win"),
    ("topic", "add", "Ask about the CFP"),
    ("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-25 15:00"),
]


@pytest.fixture(scope="module")
def desk(module_root) -> Journal:
    """Alex Kim, a goal behind its plan, an overdue action, a planned meeting, long names."""
    j = Journal(module_root)
    long_goal = "Become the engineer everyone asks about distributed systems design"
    j.load(
        goals=[
            {
                "id": "g-long",
                "title": long_goal,
                "start": "2026-09-01",
                "target": "2027-06-01",
                "mentors": ["alex-kim"],
                "milestones": [{"title": "First design review", "due": "2026-11-01"}],
            }
        ],
        mentors=[
            {
                "id": "alex-kim",
                "name": "Alexandra Konstantinopoulou-Kim",
                "org": "A very long organisation name indeed, Incorporated",
            }
        ],
        actions=[
            {
                "id": "a-late",
                "title": "Write the capacity planning document for the team",
                "due": "2026-11-10",
                "goal": "g-long",
                "mentor": "alex-kim",
            },
            {
                "id": "a-soon",
                "title": "Practice the talk",
                "kind": "practice",
                "due": "2026-11-25",
                "goal": "g-long",
                "mentor": "alex-kim",
            },
        ],
        meetings=[{"id": "mt-next", "mentor": "alex-kim", "at": "2026-11-25T10:00:00+01:00"}],
        notes=[
            {
                "id": "n-1",
                "date": "2026-11-20",
                "kind": "win",
                "text": "Led my first design review without help from anyone",
            }
        ],
    )
    return j


# --- ids on stdout when piped --------------------------------------------------------------


JSON_ADDS = ADDS[2:5]


@pytest.fixture(scope="module")
def added(desk) -> dict[tuple[str, ...], Done]:
    """Every add piped, and three with --json, side by side in the module's journal."""
    plain = desk.run_many(*ADDS)
    as_json = desk.run_many(*[(*args, "--json") for args in JSON_ADDS])
    return {
        **dict(zip(ADDS, plain, strict=True)),
        **{(*a, "--json"): d for a, d in zip(JSON_ADDS, as_json, strict=True)},
    }


@pytest.mark.parametrize("args", ADDS, ids=lambda a: " ".join(a[:2]))
def test_piped_add_prints_the_new_id_alone(desk, added, args):
    """Piped, an add prints its record's id alone on stdout; the confirmation with the id is on
    stderr; the record exists under that id."""
    done = added[args]
    assert done.code == 0, done
    new_id = done.out.strip()
    assert done.out == f"{new_id}\n"
    assert new_id in done.err
    assert (desk.home / FOLDERS[args[0]] / f"{new_id}.toml").is_file()


@pytest.mark.parametrize("args", JSON_ADDS, ids=lambda a: " ".join(a[:2]))
def test_json_wins_over_the_bare_id(added, args):
    """With --json an add prints the created record as JSON (no bare id, no confirmation)."""
    done = added[(*args, "--json")]
    assert done.code == 0, done
    record: dict[str, Any] = done.json
    assert re.fullmatch(r"[a-z0-9-]+", record["id"])
    assert {"id", "created", "updated", "schema_version"} <= set(record)
    assert done.err == ""


# --- search --------------------------------------------------------------------------------


def test_search_exits_0_with_matches_and_1_without(desk):
    """`search` finds text across kinds (exit 0) and exits 1 with nothing on stdout when
    nothing matches, as grep does."""
    found, missing, missing_json = desk.run_many(
        ("search", "design review"),
        ("search", "no such words anywhere"),
        ("search", "no such words anywhere", "--json"),
    )
    assert found.code == 0, found
    assert "n-1" in found.out
    assert "g-long" in found.out
    assert missing.code == 1
    assert missing.out == ""
    assert "Traceback" not in missing.err
    assert missing_json.code == 1


# --- pager and colour ----------------------------------------------------------------------


def test_no_pager_when_stdout_is_a_pipe(desk):
    """With MENTEE_PAGER and PAGER set, piped output is printed directly, no pager started."""
    marker = desk.root / "pager-ran"
    pager = f"sh -c 'touch {marker}; cat'"
    both = {"MENTEE_PAGER": pager, "PAGER": pager}
    runs = desk.run_many(
        Cmd(("search", "design"), env=both),
        Cmd(("action", "list"), env=both),
        Cmd(("undo", "--list"), env=both),
        Cmd(("action", "list"), env={"PAGER": pager}),
    )
    for done in runs:
        assert done.code == 0, done
    assert not marker.exists()
    assert "a-late" in runs[-1].out


COLOURS = {
    "default-in-a-pipe": ((), {"NO_COLOR": ""}, False),
    "always-beats-NO_COLOR": (("--color", "always"), {"NO_COLOR": "1"}, True),
    "FORCE_COLOR": ((), {"FORCE_COLOR": "1", "NO_COLOR": ""}, True),
    "never-beats-FORCE_COLOR": (("--color", "never"), {"FORCE_COLOR": "1", "NO_COLOR": ""}, False),
    "NO_COLOR-beats-FORCE_COLOR": ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    "auto-in-a-pipe": (("--color", "auto"), {"NO_COLOR": ""}, False),
}


@pytest.fixture(scope="module")
def coloured(desk) -> dict[str, Done]:
    """`action list` (an overdue action: red when coloured) under each colour setting."""
    runs = desk.run_many(
        *[Cmd((*args, "action", "list"), env=env) for args, env, _ in COLOURS.values()]
    )
    return dict(zip(COLOURS, runs, strict=True))


@pytest.mark.parametrize("case", list(COLOURS))
def test_colour_follows_color_no_color_and_force_color(coloured, case):
    """--color always|never first, then NO_COLOR, then FORCE_COLOR, else only on a terminal:
    in a pipe by default, no escape sequences at all."""
    done = coloured[case]
    assert done.code == 0, done
    assert bool(ANSI.search(done.out)) is COLOURS[case][2]


# --- the dashboard -------------------------------------------------------------------------


def test_dashboard_shows_next_meeting_overdue_actions_and_goals_at_risk(desk):
    """`mentee` alone: the next meeting, the overdue action, the goal at risk."""
    out = desk.ok().out
    assert "mt-next" in out
    overdue = out.split("Overdue actions", 1)[1].split("Goals at risk", 1)[0]
    assert "a-late" in overdue
    assert "a-soon" not in overdue  # due later: not overdue
    assert "g-long" in out.split("Goals at risk", 1)[1]


def test_dashboard_json(desk):
    """`mentee --json` is one JSON object with the next meeting, overdue actions and goals at
    risk, as records with their ids."""
    dashboard = desk.json()
    assert isinstance(dashboard, dict)
    text = str(dashboard)
    assert "mt-next" in text
    assert "a-late" in text
    assert "g-long" in text
    assert "a-soon" not in str(dashboard.get("overdue", ""))


# --- tables at 80 columns ------------------------------------------------------------------

VIEWS = [
    ("action", "list"),
    ("goal", "list"),
    ("mentor", "list"),
    ("meeting", "list"),
    ("note", "list"),
    ("review",),
    (),
    ("agenda", "next"),
    ("goal", "show", "g-long"),
    ("mentor", "show", "alex-kim"),
    ("search", "design"),
]


def test_views_fit_80_columns(desk):
    """Every table and view fits in 80 columns."""
    for done in desk.run_many(*VIEWS):
        assert done.code in (0, 3), done
        wide = [line for line in done.out.splitlines() if len(line) > 80]
        assert not wide, (done.args, wide)


def test_the_title_gets_the_room_and_names_shorten_first(desk):
    """At 80 columns `action list` shows the action's whole title; the long goal and mentor
    names are the ones shortened (with …)."""
    out = desk.ok("action", "list").out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("id "))
    start, end = header.index("title"), header.index("due")
    title_column = " ".join(line[start:end].strip() for line in lines[2:])
    assert "Write the capacity planning document for the team" in flat(title_column)
    assert "…" not in title_column
    assert "…" in out
    assert "Become the engineer everyone asks about distributed systems design" not in flat(out)


def test_the_practice_marker_is_not_painted_like_overdue(desk):
    """With colour, the (practice) marker is not in the red of an overdue date."""
    out = desk.run("--color", "always", "action", "list").out
    line = next(x for x in out.splitlines() if "Practice the talk" in x)
    marker = line[line.index("Practice the talk") :]
    red = re.compile(r"\x1b\[[0-9;]*31m")
    assert not red.search(marker.split("2026-11-25")[0])


# --- help ----------------------------------------------------------------------------------


def _commands(help_text: str) -> list[str]:
    """The subcommands a group's --help lists."""
    if "\nCommands:" not in help_text:
        return []
    block = help_text.split("\nCommands:", 1)[1]
    names = []
    for line in block.splitlines()[1:]:
        if not line.strip():
            break
        match = re.match(r"^  (\S+)", line)
        if match:
            names.append(match.group(1))
    return names


def test_every_commands_help_ends_with_an_example(journal):
    """Walking the whole command tree from `mentee --help`: every command's help ends with
    one or more example lines that run `mentee`, and uses no odd notation."""
    seen: dict[tuple[str, ...], str] = {}
    level: list[tuple[str, ...]] = [()]
    while level:
        results = journal.run_many(*[(*path, "--help") for path in level])
        following: list[tuple[str, ...]] = []
        for path, done in zip(level, results, strict=True):
            assert done.code == 0, done
            seen[path] = done.out
            following += [(*path, name) for name in _commands(done.out)]
        level = following
    assert len(seen) > 50
    for path in (
        ("goal", "milestone", "edit"),
        ("mentor", "edit"),
        ("action", "edit"),
        ("meeting", "log"),
        ("review",),
        ("search",),
        ("check",),
    ):
        assert path in seen, path
    for path, text in seen.items():
        tail = text.rstrip().splitlines()
        examples = [i for i, line in enumerate(tail) if line.strip() in ("Example:", "Examples:")]
        assert examples, path
        after = [line.strip() for line in tail[examples[-1] + 1 :] if line.strip()]
        assert after, path
        assert all("mentee" in line for line in after), (path, after)
        assert "{TITLE}" not in text, path
        assert "<str>" not in text, path


# --- completion ----------------------------------------------------------------------------


def _complete(j: Journal, words: str) -> list[str]:
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    done = j.run(
        env={"_MENTEE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    )
    assert done.code == 0, done
    return [line.split(",", 1)[-1] for line in done.out.splitlines()]


def test_completion_offers_open_actions_and_planned_meetings(tmp_path):
    """A TAB after `action done` offers open actions only; after `meeting log` planned
    meetings only; after `--kind`, the kinds."""
    j = Journal(tmp_path)
    j.load(
        mentors=[{"id": "alex-kim", "name": "Alex Kim"}],
        actions=[
            {"id": "a-open", "title": "Open"},
            {"id": "a-done", "title": "Done", "status": "done", "done": "2026-11-01"},
        ],
        meetings=[
            {"id": "m-planned", "mentor": "alex-kim", "at": "2026-11-25T10:00:00+01:00"},
            {
                "id": "m-held",
                "mentor": "alex-kim",
                "at": "2026-11-01T10:00:00+01:00",
                "status": "held",
            },
        ],
    )
    actions = _complete(j, "mentee action done ")
    assert "a-open" in actions
    assert "a-done" not in actions
    meetings = _complete(j, "mentee meeting log ")
    assert "m-planned" in meetings
    assert "m-held" not in meetings
    kinds = _complete(j, "mentee export --kind ")
    assert {"goal", "mentor", "action"} <= set(kinds)
    assert "alex-kim" in _complete(j, "mentee agenda next --mentor ")


# --- on a terminal -------------------------------------------------------------------------


def _on_a_terminal(j: Journal, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run with stdout on a pseudo-terminal (stderr a pipe): exit code, what the terminal
    showed, stderr."""
    import os
    import pty
    import subprocess

    from acceptance_helpers import MENTEE

    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [MENTEE, *args],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=j.env(extra={"TERM": "xterm", **env}),
            cwd=j.root,
        )
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done writing
                break
            if not chunk:
                break
            shown += chunk
        err = proc.stderr.read().decode() if proc.stderr else ""
        code = proc.wait(timeout=60)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    return code, shown.decode(errors="replace"), err


def test_on_a_terminal_an_add_prints_one_confirmation_and_no_bare_id(tmp_path):
    """On a terminal, `action add` prints one confirmation line with the id, and stdout does
    not get the id alone."""
    j = Journal(tmp_path)
    code, shown, err = _on_a_terminal(j, "action", "add", "Draft the talk", env={})
    assert code == 0
    assert shown.strip() == ""
    [line] = err.strip().splitlines()
    assert line.startswith("Added action ")


def test_on_a_terminal_long_output_goes_through_the_pager(tmp_path):
    """On a terminal, `search` output goes through MENTEE_PAGER (here a command that keeps
    what it is given in a file)."""
    j = Journal(tmp_path)
    j.load(notes=[{"id": "n-1", "date": "2026-11-20", "kind": "win", "text": "Design review"}])
    kept = tmp_path / "paged.txt"
    code, shown, _ = _on_a_terminal(
        j, "search", "design", env={"MENTEE_PAGER": f"sh -c 'cat > {kept}'", "NO_COLOR": "1"}
    )
    assert code == 0
    assert "n-1" in kept.read_text()
    assert "n-1" not in shown


def test_show_completion_takes_the_shell_and_refuses_others(journal):
    """`--show-completion zsh` prints a zsh script; an unknown shell is a usage error."""
    zsh, tcsh = journal.run_many(("--show-completion", "zsh"), ("--show-completion", "tcsh"))
    assert zsh.code == 0
    assert "compdef" in zsh.out or "#compdef" in zsh.out
    assert tcsh.code == 2
    assert "tcsh" in tcsh.one_clean_error_line()
