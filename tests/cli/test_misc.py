"""The root command: dashboard, `where`, `search`, `demo`, `--version`, help, exit codes."""

from __future__ import annotations

import json
import re
import tempfile

import pytest
import typer.main
from cli_helpers import error_line

from mentee import __version__
from mentee.cli import main
from mentee.cli.app import app

# -- dashboard ------------------------------------------------------------------------------


def test_dashboard_on_empty_journal_suggests_a_start_and_creates_nothing(run, home):
    """`mentee` alone on an empty journal exits 0, suggests first steps and writes nothing."""
    result = run()
    assert result.exit_code == 0
    assert "2026-11-21" in result.stdout
    assert "none planned" in result.stdout
    assert "goal add" in result.stdout
    assert "mentee demo" in result.stdout
    assert not home.exists()


def test_dashboard_lists_overdue_actions_and_goals_at_risk(run, new):
    """The dashboard shows overdue actions and goals at risk (past their target, or behind
    their plan: a milestone due before today not done), not the others."""
    late_goal = new("goal", "add", "Late goal", "--start", "2026-01-01", "--by", "2026-10-31")
    on_time = new("goal", "add", "Future goal", "--by", "2027-10-31")
    behind = new("goal", "add", "Behind goal", "--start", "2026-01-01", "--by", "2027-01-31")
    run("goal", "milestone", "add", behind, "First step", "--due", "2026-11-01")
    # Undated, its milestone is due on the target: nothing is late, so not at risk.
    early = new("goal", "add", "Early goal", "--start", "2026-01-01", "--by", "2027-01-31")
    run("goal", "milestone", "add", early, "First step")
    overdue = new("action", "add", "Overdue thing", "--due", "2026-11-14")
    upcoming = new("action", "add", "Upcoming thing", "--due", "fri")
    result = run()
    assert result.exit_code == 0
    out = result.stdout
    assert "4 active goals" in out
    assert "2 open actions" in out
    assert "Overdue actions (1)" in out
    assert overdue in out
    assert "7d late" in out
    assert upcoming not in out
    assert "Goals at risk (2)" in out
    assert out.index(late_goal) < out.index(behind)  # past target first, then behind
    assert "overdue" in out
    assert "behind" in out
    assert "milestone 1 'First step' was due 2026-11-01 and is not done" in " ".join(out.split())
    assert on_time not in out
    assert early not in out
    # Each goal at risk: the title and the word on one line, what is late on the next.
    lines = out.splitlines()
    title_line = next(i for i, line in enumerate(lines) if behind in line)
    assert lines[title_line].split() == [behind, "Behind", "goal", "behind"]
    assert lines[title_line + 1].split()[:4] == ["target", "2027-01-31;", "0/1", "milestones"]


def test_dashboard_ignores_done_goals_and_actions(run, new):
    """Achieved goals and done actions are not reported as at risk."""
    goal = new("goal", "add", "Done late", "--start", "2026-01-01", "--by", "2026-10-31")
    action = new("action", "add", "Done late", "--due", "2026-11-01")
    run("goal", "done", goal)
    run("action", "done", action)
    result = run()
    assert "No overdue actions" in result.stdout
    assert "at risk" not in result.stdout


def test_dashboard_warns_about_damaged_files_and_keeps_going(run, new, home):
    """A damaged goal file does not stop the dashboard; it is named once on stderr."""
    new("action", "add", "Overdue thing", "--due", "2026-11-14")
    home.joinpath("goals").mkdir()
    path = home / "goals" / "broken.toml"
    path.write_bytes(b"title = = 1\n")
    result = run()
    assert result.exit_code == 0
    assert "Overdue actions (1)" in result.stdout
    assert result.stderr.count(str(path)) == 1
    assert path.read_bytes() == b"title = = 1\n"


# -- where, --home ---------------------------------------------------------------------------


def test_where_prints_mentee_home(run, home):
    """`mentee where` prints the data directory MENTEE_HOME names, and creates nothing."""
    result = run("where")
    assert result.exit_code == 0
    assert result.stdout == f"{home}\n"
    assert not home.exists()


def test_home_option_overrides_mentee_home(run, run_json, tmp_path, home):
    """`--home DIR` wins over MENTEE_HOME for reading and writing."""
    other = tmp_path / "other"
    assert run("--home", str(other), "where").stdout == f"{other}\n"
    added = run("--home", str(other), "goal", "add", "Elsewhere", "--json")
    goal_id = json.loads(added.stdout)["id"]
    assert (other / "goals" / f"{goal_id}.toml").exists()
    assert not home.exists()
    assert run_json("goal", "list") == []


def test_default_home_without_mentee_home(run, monkeypatch):
    """Without MENTEE_HOME or --home, the journal is platformdirs' user data folder."""
    import platformdirs

    monkeypatch.delenv("MENTEE_HOME")
    result = run("where")
    assert result.exit_code == 0
    assert result.stdout == f"{platformdirs.user_data_dir('mentee')}\n"


# -- search ---------------------------------------------------------------------------------


@pytest.fixture
def searchable(run, new):
    run("mentor", "add", "Alex Kim", "--expertise", "Public speaking")
    return {
        "goal": new("goal", "add", "Give a conference TALK"),
        "note": new("note", "add", "Rehearsed the talk twice", "--kind", "win"),
        "action": new("action", "add", "Book a room"),
        "feedback": new("feedback", "add", "Great talk!", "--from", "Manager"),
    }


def test_search_finds_text_in_every_kind_case_insensitively(run_json, searchable):
    """`search` matches any case across goals, notes, feedback and mentors."""
    hits = run_json("search", "talk")
    assert {(h["type"], h["id"]) for h in hits} == {
        ("goal", searchable["goal"]),
        ("note", searchable["note"]),
        ("feedback", searchable["feedback"]),
    }
    speaking = run_json("search", "SPEAKING")
    assert [(h["type"], h["id"], h["field"]) for h in speaking] == [
        ("mentor", "alex-kim", "expertise")
    ]


def test_search_kind_filter_takes_names_and_plurals(run_json, searchable):
    """`--kind` limits the kinds searched; plurals are accepted."""
    assert [h["id"] for h in run_json("search", "talk", "--kind", "notes")] == [searchable["note"]]
    assert {h["type"] for h in run_json("search", "talk", "--kind", "goal", "--kind", "note")} == {
        "goal",
        "note",
    }


def test_search_table_and_no_match(run, searchable):
    """The human view lists type, id, field and text (exit 0); no match says so on stderr
    and exits 1, as grep does; with --json, no match is `[]` and exit 1."""
    result = run("search", "room")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if searchable["action"] in line)
    assert row.split()[:3] == ["action", searchable["action"], "title"]
    assert "Book a room" in row
    none = run("search", "xylophone")
    assert none.exit_code == 1
    assert none.stdout == ""
    assert none.stderr == "Nothing matches 'xylophone'.\n"
    as_json = run("search", "xylophone", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == []
    assert run("search", "room", "--json").exit_code == 0


def test_search_bad_input_is_usage_error(run):
    """An empty search text or unknown `--kind` exits 2."""
    empty = run("search", "")
    assert empty.exit_code == 2
    error_line(empty)
    bad_kind = run("search", "x", "--kind", "widgets")
    assert bad_kind.exit_code == 2
    assert "--kind" in error_line(bad_kind)


def test_bad_choice_error_has_no_validator_prefix(run):
    """A value outside an option's choices is one plain line, without pydantic's "Value error"."""
    result = run("goal", "list", "--status", "bogus")
    assert result.exit_code == 2
    line = error_line(result)
    assert "'bogus' is not one of" in line
    assert "Value error" not in line


def test_search_finds_text_in_unknown_keys(run, run_json, new, record_file):
    """Keys a newer version added to a file are searched too."""
    goal = new("goal", "add", "Plain")
    path = record_file("goals", goal)
    path.write_text(path.read_text() + 'journal_entry = "remember the zebra"\n')
    assert [h["id"] for h in run_json("search", "zebra")] == [goal]


# -- demo -----------------------------------------------------------------------------------


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Make `tempfile` create its directories under this test's tmp_path."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_demo_builds_in_a_temp_dir_never_in_mentee_home(run, home, temp_root):
    """`mentee demo` writes a fresh temp journal, leaves MENTEE_HOME alone, and says where."""
    result = run("demo")
    assert result.exit_code == 0
    assert not home.exists()
    (built,) = temp_root.iterdir()
    assert str(built) in result.stderr
    assert len(list((built / "goals").glob("*.toml"))) >= 3
    assert (built / "mentors" / "alex-kim.toml").exists()
    assert "Overdue actions" in result.stdout
    assert "Goals" in result.stdout
    listed = run("--home", str(built), "goal", "list", "--all", "--json")
    assert listed.exit_code == 0
    assert listed.stderr == ""
    assert {g["status"] for g in json.loads(listed.stdout)} >= {"active", "achieved", "dropped"}


def test_demo_home_option_builds_there_and_refuses_non_empty_dirs(run, tmp_path, home):
    """`demo --home DIR` builds in a new directory, and refuses one that has files (exit 2)."""
    target = tmp_path / "sample"
    assert run("demo", "--home", str(target)).exit_code == 0
    assert (target / "mentors" / "alex-kim.toml").exists()
    before = sorted(p.name for p in (target / "goals").iterdir())
    again = run("demo", "--home", str(target))
    assert again.exit_code == 2
    assert str(target) in error_line(again)
    assert sorted(p.name for p in (target / "goals").iterdir()) == before
    assert not home.exists()


def test_demo_with_global_home_builds_there(run, tmp_path, home):
    """`mentee --home DIR demo` builds the sample in DIR."""
    target = tmp_path / "sample"
    assert run("--home", str(target), "demo").exit_code == 0
    assert (target / "mentors" / "alex-kim.toml").exists()
    assert not home.exists()


# -- version and help -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(run, flag):
    """`--version` prints `mentee X.Y.Z` and exits 0, through Typer too."""
    result = run(flag)
    assert result.exit_code == 0
    assert result.stdout == f"mentee {__version__}\n"


def test_version_fast_path(capsys):
    """The console script answers `--version` before loading the CLI."""
    main(["--version"])
    assert capsys.readouterr().out == f"mentee {__version__}\n"


def _commands(command, path=()):
    """Every command path of the CLI, groups included (lazy ones built), depth first."""
    yield path, command
    from mentee.cli.reference import subcommands

    context = command.make_context("mentee", ["--help"], resilient_parsing=True)
    for name, sub in sorted(subcommands(command, context).items()):
        if not getattr(sub, "hidden", False):
            yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(
    ("path", "command"), ALL_COMMANDS, ids=[" ".join(p) or "mentee" for p, _ in ALL_COMMANDS]
)
def test_every_command_has_help(run, path, command):
    """Each command answers `--help` with its usage and a description, exit 0."""
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: {' '.join(('mentee', *path))}")
    first_line = command.help.strip().splitlines()[0]
    assert " ".join(first_line.split()[:3]) in " ".join(result.stdout.split())


def test_expected_commands_exist():
    """The command groups and commands of SPEC.md that are built are all reachable."""
    paths = {" ".join(p) for p, _ in ALL_COMMANDS}
    for expected in (
        "goal add",
        "goal list",
        "goal show",
        "goal edit",
        "goal done",
        "goal drop",
        "goal retarget",
        "goal milestone add",
        "goal milestone done",
        "mentor add",
        "mentor list",
        "mentor show",
        "mentor edit",
        "mentor thank",
        "feedback add",
        "feedback list",
        "feedback show",
        "action add",
        "action list",
        "action show",
        "action done",
        "action drop",
        "action note",
        "note add",
        "note list",
        "note show",
        "topic add",
        "topic list",
        "topic show",
        "topic drop",
        "meeting add",
        "meeting list",
        "meeting show",
        "search",
        "demo",
        "where",
    ):
        assert expected in paths, expected


@pytest.mark.parametrize("group", ["goal", "goal milestone", "mentor", "action", "topic"])
def test_group_alone_shows_its_help(run, group):
    """A group without a command prints its help and exits 0."""
    result = run(*group.split())
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: mentee {group}")


# -- exit codes and error lines ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("bogus",),
        ("goal", "bogus"),
        ("goal", "list", "--bogus"),
        ("goal", "add"),
        ("goal", "add", "x", "--by"),
        ("action", "list", "--status", "nope"),
        ("mentor", "add", "x", "--channel", "fax"),
        ("goal", "milestone", "done", "abc", "one"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run, args):
    """Unknown commands/options, missing or bad values: exit 2, one `mentee: ` line."""
    result = run(*args)
    assert result.exit_code == 2
    error_line(result)
    assert result.stdout == ""


def test_not_found_is_exit_1_with_one_line_on_each_command(run):
    """Every `show` of a missing record exits 1 with a single line naming the id."""
    for group in ("goal", "mentor", "meeting", "action", "feedback", "note", "topic"):
        result = run(group, "show", "nosuch")
        assert result.exit_code == 1, group
        line = error_line(result)
        assert "'nosuch'" in line
        assert group in line


def test_bad_mentee_today_is_usage_error_when_today_is_needed(run):
    """An impossible MENTEE_TODAY is a usage error naming the variable."""
    result = run("goal", "add", "x", env={"MENTEE_TODAY": "2026-02-30"})
    assert result.exit_code == 2
    assert "MENTEE_TODAY" in error_line(result)


def test_mentee_today_moves_relative_dates(run_json, run):
    """MENTEE_TODAY is the 'today' every relative date counts from."""
    result = run("goal", "add", "x", "--by", "fri", "--json", env={"MENTEE_TODAY": "2027-01-01"})
    goal = json.loads(result.stdout)
    assert goal["start"] == "2027-01-01"
    assert goal["target"] == "2027-01-08"


def test_debug_lets_the_error_through(run):
    """With MENTEE_DEBUG=1 the domain error is raised (a traceback) instead of one line."""
    from mentee.errors import NotFoundError

    with pytest.raises(NotFoundError):
        run("goal", "show", "nosuch", env={"MENTEE_DEBUG": "1"})


def test_home_that_is_a_file_is_an_error(run, tmp_path, monkeypatch):
    """A data directory that is a regular file: `--home` exits 2, MENTEE_HOME exits 1."""
    target = tmp_path / "afile"
    target.write_text("not a journal")
    option = run("--home", str(target), "goal", "add", "x")
    assert option.exit_code == 2
    assert "--home" in error_line(option)
    monkeypatch.setenv("MENTEE_HOME", str(target))
    variable = run("goal", "add", "x")
    assert variable.exit_code == 1
    assert str(target) in error_line(variable)
    assert target.read_text() == "not a journal"


def test_config_damaged_is_reported(run, home):
    """A damaged config.toml is one error line naming the file, exit 1."""
    home.mkdir()
    (home / "config.toml").write_text("cadence = [\n")
    result = run("mentor", "add", "Alex Kim")
    assert result.exit_code == 1
    assert str(home / "config.toml") in error_line(result)


def test_stdout_is_only_data(run, new):
    """Messages go to stderr: `--json` stdout parses, confirmations never reach stdout."""
    goal = new("goal", "add", "Quiet")
    for args in (("goal", "done", goal), ("note", "add", "x"), ("mentor", "add", "Alex")):
        result = run(*args, terminal=True)
        assert result.exit_code == 0
        assert result.stdout == "", args
        assert result.stderr
    listed = run("goal", "list", "--all", "--json")
    assert json.loads(listed.stdout)[0]["id"] == goal


def test_no_ansi_when_not_a_terminal(run, new, monkeypatch):
    """Output to a pipe has no ANSI escapes even when NO_COLOR is unset."""
    monkeypatch.delenv("NO_COLOR")
    new("action", "add", "Late", "--due", "2026-11-01")
    for args in ((), ("action", "list"), ("goal", "list"), ("action", "show", "--help")):
        result = run(*args)
        assert "\x1b" not in result.stdout
        assert "\x1b" not in result.stderr
    assert re.search(r"\d+d late", run("action", "list").stdout)
