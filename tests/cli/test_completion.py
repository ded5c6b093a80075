"""Shell completion offers only what makes sense, answers the same on its fast path as
through Typer, follows the files rather than a stale index, and installs for zsh."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mentee.cli import completion
from mentee.cli.app import app
from mentee.kinds import FOLDERS


@pytest.fixture
def journal(run, run_json) -> dict[str, str]:
    """Two mentors, goals active and achieved, actions open and done, meetings planned and
    held, topics open and dropped."""
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Priya Raman")
    ids = {
        "goal": run_json("goal", "add", "Lead a team")["id"],
        "achieved": run_json("goal", "add", "Old goal")["id"],
        "open": run_json("action", "add", "Draft the doc", "--due", "fri")["id"],
        "done": run_json("action", "add", "Send the slides")["id"],
        "planned": run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-25 15:00")["id"],
        "held": run_json("meeting", "add", "--mentor", "priya", "--at", "2026-11-21 08:00")["id"],
    }
    run("goal", "done", ids["achieved"])
    run("action", "done", ids["done"])
    run("meeting", "log", ids["held"], "--notes", "ok")
    # Topics after the log, which marks the open ones discussed.
    ids["topic"] = run_json("topic", "add", "Ask about the CFP")["id"]
    ids["dropped"] = run_json("topic", "add", "Old topic")["id"]
    run("topic", "drop", ids["dropped"])
    run("review")  # every kind read once: the index holds them all
    return ids


def _fast(words: str, shell: str = "bash") -> str:
    """The fast path's answer (in-process), as the shell would read it."""
    environ = dict(os.environ, _MENTEE_COMPLETE=f"complete_{shell}")
    if shell == "bash":
        parts = words.split(" ")
        environ |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    else:
        environ["_TYPER_COMPLETE_ARGS"] = words
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert completion.answer(environ), words
    return out.getvalue()


def _typer(words: str, shell: str = "bash") -> str:
    """Typer's own completion of the same request (the path the fast one stands in for)."""
    env = {"_MENTEE_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    result = CliRunner().invoke(app, [], prog_name="mentee", env=env, catch_exceptions=False)
    return result.stdout


def _offered(words: str) -> list[str]:
    return [line for line in _fast(words).splitlines() if line]


def test_only_what_makes_sense_is_offered(journal):
    """Open actions to `action done|drop|note`, every action to `action show`; planned
    meetings to `meeting log|cancel`; open topics to `topic drop`; active goals to
    `goal done` and `--goal` of an add; kinds to `--kind`; mentors by id to `--mentor`."""
    assert _offered("mentee action done ") == [journal["open"]]
    assert _offered("mentee action drop ") == [journal["open"]]
    assert _offered("mentee action note ") == [journal["open"]]
    assert sorted(_offered("mentee action show ")) == sorted([journal["open"], journal["done"]])
    assert _offered("mentee meeting log ") == [journal["planned"]]
    assert _offered("mentee meeting cancel ") == [journal["planned"]]
    assert sorted(_offered("mentee meeting show ")) == sorted([journal["planned"], journal["held"]])
    assert _offered("mentee topic drop ") == [journal["topic"]]
    assert _offered("mentee goal done ") == [journal["goal"]]
    assert _offered("mentee action add x --goal ") == [journal["goal"]]
    assert sorted(_offered("mentee goal show ")) == sorted([journal["goal"], journal["achieved"]])
    assert _offered("mentee note add x --kind ") == ["win", "challenge", "learning", "note"]
    assert _offered("mentee feedback add x --from p --kind c") == ["constructive"]
    assert _offered("mentee export --kind ") == list(completion.KINDS)
    assert _offered("mentee search x --kind m") == ["mentor", "meeting"]
    assert _offered("mentee action add x --mentor ") == ["alex-kim", "priya-raman"]
    assert _offered("mentee agenda next --mentor p") == ["priya-raman"]
    assert _offered("mentee mentor show a") == ["alex-kim"]
    assert _offered("mentee act") == ["action"]
    assert _offered("mentee goal milestone ") == ["add", "done", "edit", "remove"]
    assert "--overdue" in _offered("mentee action list --")


def test_a_prefix_narrows_and_labels_are_shown_to_zsh(journal):
    """A typed prefix narrows the ids; zsh gets each record's title beside its id."""
    prefix = journal["open"][:3]
    assert _offered(f"mentee action done {prefix}") == [journal["open"]]
    assert _offered("mentee action done zzzz") == []
    zsh = _fast(f"mentee action done {prefix}", "zsh")
    assert zsh == f'_arguments \'*: :(("{journal["open"]}":"Draft the doc (due 2026-11-27)"))\'\n'
    assert _fast("mentee action done zzzz", "zsh") == "_files\n"


@pytest.mark.parametrize(
    "words",
    [
        "mentee ",
        "mentee act",
        "mentee action ",
        "mentee action done ",
        "mentee action show ",
        "mentee action list --",
        "mentee action list --all --",
        "mentee action add x --mentor ",
        "mentee action add x --goal ",
        "mentee meeting log ",
        "mentee meeting cancel ",
        "mentee topic drop ",
        "mentee goal done ",
        "mentee goal milestone done ",
        "mentee goal milestone edit ",
        "mentee note add x --kind ",
        "mentee action list --status ",
        "mentee export --kind ",
        "mentee --color ",
        "mentee mentor edit alex-kim --channel ",
        "mentee action done x ",
        "mentee goal add title --by ",
        "mentee sync ",
        "mentee --home",
    ],
)
@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_fast_path_answers_as_typer_does(journal, words, shell):
    """Whatever is asked, the fast path prints exactly what Typer's completion prints."""
    assert _fast(words, shell) == _typer(words, shell)


def test_the_files_win_over_a_stale_index(journal, home):
    """An action marked done by editing its file (the index not told) is not offered, and
    one re-opened by hand is: completion checks each file against the index."""
    path = home / "actions" / f"{journal['open']}.toml"
    path.write_text(path.read_text().replace('status = "open"', 'status = "done"'))
    assert _offered("mentee action done ") == []
    done = home / "actions" / f"{journal['done']}.toml"
    done.write_text(done.read_text().replace('status = "done"', 'status = "open"'))
    assert _offered("mentee action done ") == [journal["done"]]


def test_a_tab_reads_the_index_the_journal_store_keeps(home):
    """Completion's index is the one the journal's store reads and writes (same file, same
    private folder): what commands cached is what a TAB finds."""
    from mentee.cli.paths import open_index, open_store

    index = open_store(home).index
    assert index is not None
    assert (open_index(home).path, open_index(home).owned_from) == (
        index.path,
        index.owned_from,
    )


def test_completion_works_without_an_index(run, run_json, tmp_path):
    """A journal no command has read (no index yet): the files are read directly."""
    run("mentor", "add", "Alex Kim")
    action = run_json("action", "add", "Draft the doc")["id"]
    for index in (tmp_path / "cache").rglob("*.sqlite*"):
        index.unlink()
    assert _offered("mentee action done ") == [action]


def test_damaged_files_and_a_missing_journal_never_break_a_tab(journal, home, monkeypatch):
    """A damaged record is left out, and so is a file whose name is not a record id; a
    journal that does not exist offers nothing."""
    (home / "actions" / "zz000000.toml").write_text("title = [broken")
    (home / "actions" / "Not An Id.toml").write_text('title = "stray"\nstatus = "open"\n')
    assert _offered("mentee action done ") == [journal["open"]]
    monkeypatch.setenv("MENTEE_HOME", str(home / "missing"))
    assert _offered("mentee action done ") == []


def test_home_on_the_command_line_is_followed(journal, home, monkeypatch):
    """`mentee --home DIR action done <TAB>` completes from DIR."""
    monkeypatch.setenv("MENTEE_HOME", "/nonexistent")
    assert _offered(f"mentee --home {home} action done ") == [journal["open"]]


def test_the_installed_command_answers_a_tab(journal, home):
    """A real completion request to `python -m mentee`, as bash sends it."""
    environ = dict(
        os.environ,
        _MENTEE_COMPLETE="complete_bash",
        COMP_WORDS="mentee meeting log ",
        COMP_CWORD="3",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mentee"], env=environ, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [journal["planned"]]


def test_completion_folders_are_the_kinds_folders():
    """The fast path's folder names (it does not import the kinds) are the store's."""
    from mentee.cli import paths

    assert {kind.value: folder for kind, folder in FOLDERS.items()} == paths.FOLDERS
    assert set(completion.KINDS) == set(paths.FOLDERS)


def test_install_completion_for_zsh(run, tmp_path):
    """`--install-completion zsh` writes ~/.zfunc/_mentee (calling mentee's completion) and
    loads it from ~/.zshrc; an unknown shell is a clear usage error."""
    result = run("--install-completion", "zsh", env={"HOME": str(tmp_path)})
    assert result.exit_code == 0
    script = tmp_path / ".zfunc" / "_mentee"
    assert result.stdout.startswith(f"zsh completion installed in {script}")
    text = script.read_text()
    assert "#compdef mentee" in text
    assert "_MENTEE_COMPLETE=complete_zsh mentee" in text
    assert "fpath+=~/.zfunc" in (tmp_path / ".zshrc").read_text()
    shown = run("--show-completion", "bash", env={"HOME": str(tmp_path)})
    assert "_MENTEE_COMPLETE=complete_bash" in shown.stdout
    bad = run("--install-completion", "tcsh", env={"HOME": str(tmp_path)})
    assert bad.exit_code == 2
    assert bad.stderr == (
        "mentee: cannot complete in 'tcsh': mentee completes in bash, zsh and fish\n"
    )
    assert not (tmp_path / ".tcshrc").exists()


def test_the_completion_spec_is_shipped():
    """The fast path's command tree is a file of the package."""
    assert Path(completion.SPEC_PATH).is_file()


def test_an_unlogged_meeting_is_still_offered_to_log_and_cancel(journal, run, monkeypatch):
    """A planned meeting whose day has passed is unlogged, not gone: `meeting log|cancel`
    still offer it (it is what the dashboard asks to log or cancel)."""
    monkeypatch.setenv("MENTEE_TODAY", "2026-11-26")
    listed = run("meeting", "list")
    assert "Over and not logged" in listed.stdout
    assert journal["planned"] in listed.stdout
    assert _offered("mentee meeting log ") == [journal["planned"]]
    assert _offered("mentee meeting cancel ") == [journal["planned"]]


def test_a_tab_on_a_status_reads_only_the_rows_in_that_status(journal, home, monkeypatch):
    """`action done <TAB>` tells the open actions by the kind's snapshot and one selection
    of the ids cached as open: no row of every action is read (the TAB at 50,000 records
    would read 20,000), and what it offers is what the files say."""
    from mentee.index import Index

    def no_peek(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("every action's row was read")

    monkeypatch.setattr(Index, "peek", no_peek)
    assert _offered("mentee action done ") == [journal["open"]]
    assert _offered("mentee topic drop ") == [journal["topic"]]
