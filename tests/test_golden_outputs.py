"""Every read command's exact output, pinned: what a user or a script sees must not change
when the code under it is made faster.

Each command runs through `mentee.cli.main` (the console script's entry) with stdout
piped, on two fixed journals: the hostile one of the export tests and one with years of
history (tests/golden_journal.py), at a fixed today, time zone and width. Text views are
pinned at two widths, and with colour forced (`--color always`) for the terminal's styles.
The outputs live in tests/golden/outputs/; `MENTEE_UPDATE_GOLDEN=1` rewrites them (only
for an output changed on purpose).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from golden_journal import build_golden_journal
from transfer_journal import build_fixed_journal

OUTPUTS = Path(__file__).parent / "golden" / "outputs"
UPDATE = os.environ.get("MENTEE_UPDATE_GOLDEN") == "1"

# (name, argv): what each journal's outputs are named after and how they are made.
COMMON: list[tuple[str, list[str]]] = [
    ("dashboard", []),
    ("dashboard.json", ["--json"]),
    ("action-list", ["action", "list"]),
    ("action-list-all", ["action", "list", "--all"]),
    ("action-list-overdue", ["action", "list", "--overdue"]),
    ("action-list-mentor-owned", ["action", "list", "--owner", "mentor", "--all"]),
    ("action-list.json", ["action", "list", "--all", "--json"]),
    ("goal-list", ["goal", "list"]),
    ("goal-list-all", ["goal", "list", "--all"]),
    ("goal-list.json", ["goal", "list", "--all", "--json"]),
    ("mentor-list", ["mentor", "list"]),
    ("mentor-list-all", ["mentor", "list", "--all"]),
    ("mentor-list.json", ["mentor", "list", "--all", "--json"]),
    ("meeting-list", ["meeting", "list"]),
    ("meeting-list-all", ["meeting", "list", "--all"]),
    ("meeting-list.json", ["meeting", "list", "--all", "--json"]),
    ("feedback-list", ["feedback", "list"]),
    ("feedback-list-undiscussed", ["feedback", "list", "--undiscussed"]),
    ("feedback-list.json", ["feedback", "list", "--json"]),
    ("note-list", ["note", "list"]),
    ("note-list.json", ["note", "list", "--json"]),
    ("topic-list", ["topic", "list"]),
    ("topic-list-all", ["topic", "list", "--all"]),
    ("topic-list.json", ["topic", "list", "--all", "--json"]),
    ("review", ["review"]),
    ("review-since-3m", ["review", "--since", "3m"]),
    ("review.md", ["review", "--format", "markdown"]),
    ("review-private.md", ["review", "--format", "markdown", "--include-private"]),
    ("review.json", ["review", "--format", "json"]),
    ("review.html", ["review", "--format", "html"]),
    ("check", ["check"]),
    ("check-quiet", ["check", "--quiet"]),
    ("check.json", ["check", "--json"]),
    ("export.jsonl", ["export", "--format", "jsonl"]),
    ("export.md", ["export", "--format", "markdown"]),
    ("export.ics", ["export", "--format", "ics"]),
    *(
        (f"export-{kind}.csv", ["export", "--format", "csv", "--kind", kind])
        for kind in ("goal", "mentor", "meeting", "action", "feedback", "note", "topic")
    ),
]


def _agenda(mentor: str) -> list[tuple[str, list[str]]]:
    base = ["agenda", "next", "--mentor", mentor]
    return [
        (f"agenda-{mentor}", base),
        (f"agenda-{mentor}.md", [*base, "--format", "markdown"]),
        (f"agenda-{mentor}-private.md", [*base, "--format", "markdown", "--include-private"]),
        (f"agenda-{mentor}.json", [*base, "--format", "json"]),
        (f"agenda-{mentor}.ics", [*base, "--format", "ics"]),
    ]


def _show(kind: str, record_id: str) -> list[tuple[str, list[str]]]:
    return [
        (f"{kind}-show-{record_id}", [kind, "show", record_id]),
        (f"{kind}-show-{record_id}.json", [kind, "show", record_id, "--json"]),
    ]


YEARS: list[tuple[str, list[str]]] = [
    *COMMON,
    *_agenda("alex-kim"),
    *_agenda("li-wei"),
    ("search", ["search", "launch"]),
    ("search.json", ["search", "launch", "--json"]),
    ("search-wide", ["search", "设计"]),
    *_show("goal", "g-senior"),
    *_show("goal", "g-rust"),
    *_show("mentor", "alex-kim"),
    *_show("mentor", "priya"),
    *_show("meeting", "m-003"),
    *_show("meeting", "m-next"),
    *_show("action", "a-000"),
    *_show("action", "a-escape"),
    *_show("note", "n-wide"),
    *_show("feedback", "f-001"),
    *_show("topic", "t-000"),
]
FIXED: list[tuple[str, list[str]]] = [
    *COMMON,
    *_agenda("alex-kim"),
    *_agenda("priya"),
    ("search", ["search", "senior"]),
    ("search.json", ["search", "senior", "--json"]),
    *_show("goal", "g-senior"),
    *_show("goal", "g-talk"),
    *_show("mentor", "alex-kim"),
    *_show("mentor", "priya"),
    *_show("meeting", "m-held"),
    *_show("action", "a-draft"),
    *_show("topic", "t-lead"),
    *_show("note", "n-doubt"),
    *_show("feedback", "f-secret"),
]
# Text views also pinned narrower, and with the terminal's styles forced into the pipe.
NARROW = {
    "dashboard",
    "action-list",
    "action-list-all",
    "goal-list-all",
    "mentor-list-all",
    "meeting-list-all",
    "feedback-list",
    "note-list",
    "topic-list-all",
    "review",
    "agenda-alex-kim",
    "search",
    "check",
    "goal-show-g-senior",
    "meeting-show-m-003",
}
COLOURED = NARROW

JOURNALS = {"years": (build_golden_journal, YEARS), "fixed": (build_fixed_journal, FIXED)}


def _cases() -> Iterator[tuple[str, str, list[str], dict[str, str]]]:
    for journal, (_, commands) in JOURNALS.items():
        for name, argv in commands:
            yield journal, name, argv, {}
            if name in NARROW:
                yield journal, f"{name}@72", argv, {"COLUMNS": "72"}
            if name in COLOURED:
                yield journal, f"{name}@colour", ["--color", "always", *argv], {}


CASES = list(_cases())


@pytest.fixture(scope="module")
def journals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each journal built once, with its own index cache (warm after the first read)."""
    built = {}
    for name, (build, _) in JOURNALS.items():
        root = tmp_path_factory.mktemp(f"golden-{name}")
        build(root / "journal")
        built[name] = (root / "journal", root / "cache")
    return built


# The few lines that depend on the clock, not on the journal.
_CLOCK = [
    (re.compile(r'"exported": "[^"]*"'), '"exported": "<now>"'),
    (re.compile(r"Their time now: \w{3} \d\d:\d\d"), "Their time now: <now>"),
    (re.compile(r"DTSTAMP:\d{8}T\d{6}Z"), "DTSTAMP:<now>"),
]


def normalise(text: str) -> str:
    for pattern, replacement in _CLOCK:
        text = pattern.sub(replacement, text)
    return text


def run_main(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    from mentee.cli import main

    monkeypatch.setattr(sys, "argv", ["mentee", *argv])
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().out


def use_journal(
    monkeypatch: pytest.MonkeyPatch, home: Path, cache: Path, extra: dict[str, str]
) -> None:
    monkeypatch.setenv("MENTEE_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_STATE_HOME", str(cache / "state"))
    for key, value in extra.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize(
    ("journal", "name", "argv", "extra"),
    CASES,
    ids=[f"{journal}/{name}" for journal, name, _, _ in CASES],
)
def test_output_is_exactly_the_golden_one(
    journals, capsys, monkeypatch, journal, name, argv, extra
):
    """The command prints exactly what it printed when the golden file was made."""
    home, cache = journals[journal]
    use_journal(monkeypatch, home, cache, extra)
    code, out = run_main(argv, capsys, monkeypatch)
    actual = f"exit {code}\n{normalise(out)}".encode()
    path = OUTPUTS / journal / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"{path} is missing (MENTEE_UPDATE_GOLDEN=1 makes it)"
    assert actual == path.read_bytes(), f"{journal}/{name} changed"


def test_every_golden_file_is_made_by_a_case():
    """No golden output is left over from a command no longer pinned (a stale file would
    hide that a command lost its check)."""
    made = {f"{journal}/{name}" for journal, name, _, _ in CASES}
    found = {f"{p.parent.name}/{p.name}" for p in OUTPUTS.glob("*/*")}
    assert found == made


@pytest.mark.parametrize("journal", ["years", "fixed"])
def test_a_cold_read_prints_what_a_warm_one_does(tmp_path, capsys, monkeypatch, journal):
    """Without an index (each file parsed and validated), the everyday views are the same
    as when they are answered from the index."""
    build, _ = JOURNALS[journal]
    home = tmp_path / "cold" / "journal"
    build(home)
    for name in ("dashboard", "action-list-all", "goal-list-all", "agenda-alex-kim", "review"):
        argv = dict(JOURNALS[journal][1])[name]
        cache = tmp_path / "cold" / f"cache-{name}"  # a new, empty index for each command
        use_journal(monkeypatch, home, cache, {})
        code, out = run_main(argv, capsys, monkeypatch)
        actual = f"exit {code}\n{normalise(out)}".encode()
        assert actual == (OUTPUTS / journal / name).read_bytes(), f"{journal}/{name} (cold)"


def test_the_console_script_prints_what_main_does(tmp_path):
    """The installed `mentee` in a real pipe prints the golden bytes (the entry point and
    the streams are the real ones, not the test's capture)."""
    exe = shutil.which("mentee", path=str(Path(sys.executable).parent))
    assert exe is not None
    home = tmp_path / "journal"
    build_golden_journal(home)
    env = {
        **os.environ,
        "MENTEE_HOME": str(home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    for name, argv in (("dashboard", []), ("action-list", ["action", "list"])):
        for _ in range(2):  # a cold read, then one from the index
            done = subprocess.run([exe, *argv], env=env, capture_output=True, check=False)
            actual = f"exit {done.returncode}\n{done.stdout.decode()}".encode()
            assert actual == (OUTPUTS / "years" / name).read_bytes(), name
