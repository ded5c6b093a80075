"""Shell completion that answers a TAB quickly at any journal size.

Two paths give the same answers:

- the fast path, `answer`, which `mentee.cli.main` runs before Typer, rich or pydantic are
  imported: the command tree comes from `completion.json` (generated from the commands by
  `python -m mentee.cli.reference --completion`, kept in step by a test) and the records
  from their file names and the index (a record whose file changed since it was cached is
  read with tomllib; no pydantic model is built);
- Typer's own completion (shells the fast path does not know, or a command line it cannot
  follow), whose callbacks call the same completers (`complete`).

Only what makes sense is offered: open actions to `action done`, planned meetings to
`meeting log`, the kinds a `--kind` takes, mentors by id to `--mentor`.
"""

# No `from __future__ import annotations` here: Typer reads the annotations of the completers
# it is given (`typer_completer`) each time it builds a command, and would evaluate strings.

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from mentee.cli.paths import FOLDERS

# `typing.TYPE_CHECKING` without a name typing would need at run time (see mentee.cli).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from mentee.index import Index
    from mentee.scan import Snapshot

SPEC_PATH = Path(__file__).with_name("completion.json")

# Record completers: the kind of record offered, and the statuses offered (None: every one).
RECORDS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "goals": ("goal", None),
    "current-goals": ("goal", ("active", "paused")),
    "mentors": ("mentor", None),
    "actions": ("action", None),
    "open-actions": ("action", ("open",)),
    "meetings": ("meeting", None),
    "planned-meetings": ("meeting", ("planned",)),
    "feedback": ("feedback", None),
    "notes": ("note", None),
    "topics": ("topic", None),
    "open-topics": ("topic", ("open",)),
}
# Completers of values that are not records.
KINDS = ("goal", "mentor", "meeting", "action", "feedback", "note", "topic")
VALUES: dict[str, tuple[str, ...]] = {"kinds": KINDS}
LABEL_WIDTH = 60
# Beyond this many candidates, ids alone: a longer list is narrowed by typing, not read.
MAX_LABELS = 200


def complete(name: str, home: Path, incomplete: str, labels: bool = True) -> list[tuple[str, str]]:
    """What completer `name` offers for `incomplete`: (value, label) pairs, by value. Labels
    (a record's title, name or text) are read only when asked for (zsh and fish show them)."""
    if name in VALUES:
        return [(v, "") for v in VALUES[name] if v.startswith(incomplete)]
    kind, statuses = RECORDS[name]
    try:
        return _records(home, kind, incomplete.lower(), statuses, labels)
    except Exception:  # noqa: BLE001 - a TAB must never fail, whatever the journal holds
        return []


def _records(
    home: Path, kind: str, prefix: str, statuses: tuple[str, ...] | None, labels: bool
) -> list[tuple[str, str]]:
    """The ids of `kind` starting with `prefix` (and in `statuses`), from the file names;
    statuses and labels from the index where it is up to date, else from the file."""
    folder = home / FOLDERS[kind]
    try:
        entries = [
            e
            for e in os.scandir(folder)
            if e.name.startswith(prefix) and e.name.endswith(".toml") and e.name[0] != "."
        ]
    except OSError:
        return []
    if statuses is None:
        entries = _valid(entries)
        if not labels or len(entries) > MAX_LABELS:
            return sorted((e.name[: -len(".toml")], "") for e in entries)
    from mentee.cli.paths import open_index

    # The journal's index as its store has it, without the store: a TAB imports no more
    # than it reads (opening the store costs about 2 ms, 5% of a TAB).
    index = open_index(home)
    chosen = _chosen(index, kind, prefix, statuses, entries)
    if not labels or len(chosen) > MAX_LABELS:
        return sorted((record_id, "") for record_id in chosen)
    in_index = [record_id for record_id, data in chosen.items() if data is None]
    rows = index.peek(kind, prefix, data_of=in_index) if in_index else {}
    offered = []
    for record_id, data in chosen.items():
        known = data
        if known is None and record_id in rows:
            known = _decode(rows[record_id][2])
        offered.append((record_id, _label(kind, known) if known else ""))
    return sorted(offered)


def _chosen(
    index: "Index",
    kind: str,
    prefix: str,
    statuses: tuple[str, ...] | None,
    entries: list[os.DirEntry[str]],
) -> dict[str, Mapping[str, Any] | None]:
    """The records of `entries` to offer (in `statuses`), by id: None where the index holds
    the record as its file stands, else what the file says. With `statuses`, the kind's
    snapshot tells which files stand as cached (one lstat each, as a read checks them) and
    one selection which of those are in `statuses`: a TAB on `action done` in a journal of
    20,000 actions reads the few open ones' rows, not all 20,000."""
    if statuses is not None:
        found = index.peek_in_status(kind, statuses)
        if found is not None:
            return _chosen_by_snapshot(*found, statuses, entries)
    from mentee.index import trusted

    entries = _valid(entries) if statuses is not None else entries
    cached = index.peek(kind, prefix)
    chosen: dict[str, Mapping[str, Any] | None] = {}  # None: its data is in the index
    for entry in entries:
        record_id = entry.name[: -len(".toml")]
        row = cached.get(record_id)
        try:
            fresh = row is not None and trusted(row[0], entry.stat(follow_symlinks=False))
        except OSError:
            continue
        if row is not None and fresh:
            if statuses is None or row[1] in statuses:
                chosen[record_id] = None
            continue
        # Not cached, or changed since: read the file itself (without building a model).
        parsed = _read(Path(entry.path))
        if statuses is not None and (parsed is None or _text(parsed.get("status")) not in statuses):
            continue
        chosen[record_id] = parsed or {}
    return chosen


def _chosen_by_snapshot(
    snapshot: "Snapshot",
    in_status: set[str],
    statuses: tuple[str, ...],
    entries: list[os.DirEntry[str]],
) -> dict[str, Mapping[str, Any] | None]:
    """`_chosen` with the kind's snapshot and the ids cached in `statuses`: a file that
    stands as cached is offered by its cached status; any other (new, changed, cached
    moments after it changed) by what the file says."""
    from mentee.ids import is_valid_id
    from mentee.scan import fingerprint

    chosen: dict[str, Mapping[str, Any] | None] = {}
    for entry in entries:
        record_id = entry.name[: -len(".toml")]
        known = snapshot.get(entry.name)  # None: not cached as it stands (or not at all)
        if known is not None:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if known == fingerprint(info):
                if record_id in in_status:
                    chosen[record_id] = None
                continue
        elif not is_valid_id(record_id):
            continue
        parsed = _read(Path(entry.path))
        if parsed is not None and _text(parsed.get("status")) in statuses:
            chosen[record_id] = parsed
    return chosen


def _valid(entries: list[os.DirEntry[str]]) -> list[os.DirEntry[str]]:
    """The entries whose names are record ids (`<id>.toml`)."""
    from mentee.ids import is_valid_id

    return [e for e in entries if is_valid_id(e.name[: -len(".toml")])]


def _read(path: Path) -> dict[str, Any] | None:
    import tomllib  # only for files the index does not hold as they are now

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, ValueError, RecursionError):
        return None


def _decode(tagged: str) -> Mapping[str, Any] | None:
    try:
        if tagged.startswith("J"):
            import json

            data: Mapping[str, Any] = json.loads(tagged[1:])
            return data
        from mentee.index import decode

        return decode(tagged[1:])
    except (ValueError, TypeError, RecursionError):
        return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _label(kind: str, data: Mapping[str, Any]) -> str:
    """A record as a completion shows it beside its id: title, name or text, one line."""
    from mentee.text import escape, shorten

    if kind == "meeting":
        when = str(data.get("at", ""))[:16].replace("T", " ")
        text = f"{when} with {data.get('mentor', '?')}"
    elif kind == "action" and data.get("due"):
        due = f" (due {str(data['due'])[:10]})"
        title = shorten(" ".join(str(data.get("title", "")).split()), LABEL_WIDTH - len(due))
        text = title + due
    else:
        text = str(data.get("title") or data.get("name") or data.get("text") or "")
    return escape(shorten(" ".join(text.split()), LABEL_WIDTH))


# -- the fast path --------------------------------------------------------------------------


def answer(environ: Mapping[str, str]) -> bool:
    """Answer a completion request of bash, zsh or fish on stdout, as Typer would; False
    when it is not one the fast path can answer (Typer then does)."""
    instruction = environ.get("_MENTEE_COMPLETE", "")
    shell = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}.get(
        instruction
    )
    if shell is None:
        return False
    try:
        args, incomplete = _request(shell, environ)
        with open(SPEC_PATH, "rb") as handle:
            import json

            spec = json.load(handle)
        offered = offer(spec, args, incomplete, shell != "bash", environ)
    except (OSError, ValueError, KeyError, IndexError):
        return False
    if offered is None:
        return False
    sys.stdout.write(_format(shell, offered, environ))
    sys.stdout.flush()
    return True


def _split(text: str) -> list[str]:
    """Words as the shell gave them (Typer splits with shlex, tolerating an open quote)."""
    import shlex

    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _request(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    if shell == "bash":
        words = _split(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


class _Line(NamedTuple):
    """Where a command line stands after its complete words (see `_follow`)."""

    command: Mapping[str, Any]  # the command (or group) they name
    positional: int  # how many arguments it was given
    given: set[int]  # the options given (their numbers in the command's spec)
    home: str | None  # --home, so that records are completed from that journal
    only_arguments: bool  # after `--`
    expecting: dict[str, Any] | None  # the option whose value comes next


def offer(
    spec: Mapping[str, Any],
    args: Sequence[str],
    incomplete: str,
    labels: bool,
    environ: Mapping[str, str],
) -> list[tuple[str, str]] | None:
    """What to offer after `args` for `incomplete`, following the command tree in `spec`;
    None when the command line is not one it can follow."""
    line = _follow(spec, args)
    if line is None:
        return None
    command, positional, given, home, only_arguments, expecting = line
    if expecting is not None:
        return _values(expecting["complete"], incomplete, labels, home, environ)
    if incomplete.startswith("-") and not only_arguments:
        if "=" in incomplete:
            return None  # `--mentor=al`: rare; Typer answers it
        return _option_names(command, incomplete, given)
    offered: list[tuple[str, str]] = []
    if command.get("commands") and positional == 0:
        offered = [(n, h) for n, h in command["commands"].items() if n.startswith(incomplete)]
    arguments = command.get("args", [])
    if not command.get("commands"):
        index = positional if positional < len(arguments) else None
        if index is None and arguments and arguments[-1]["many"]:
            index = len(arguments) - 1
        if index is not None:
            return _values(arguments[index]["complete"], incomplete, labels, home, environ)
    return offered


def _follow(spec: Mapping[str, Any], args: Sequence[str]) -> _Line | None:
    """Follow the complete words `args` through the command tree in `spec`: the command they
    name and what was given to it; None for an unknown command or option (Typer says so)."""
    path = ""
    command = spec[path]
    positional = 0
    given: set[int] = set()
    home: str | None = None
    only_arguments = False
    expecting: dict[str, Any] | None = None
    for word in args:
        if expecting is not None:
            if path == "" and "--home" in expecting["names"]:
                home = word
            expecting = None
            continue
        if word == "--" and not only_arguments:
            only_arguments = True
            continue
        if word.startswith("-") and len(word) > 1 and not only_arguments:
            name, equals, value = word.partition("=")
            number, option = _option(command, name)
            if option is None:
                return None  # an option this command does not have: let Typer say so
            given.add(number)
            if option["value"] and not equals:
                expecting = option
            elif equals and path == "" and "--home" in option["names"]:
                home = value
            continue
        if command.get("commands") and positional == 0:
            if word not in command["commands"]:
                return None
            path = f"{path} {word}".strip()
            command = spec[path]
            given = set()
            continue
        positional += 1
    return _Line(command, positional, given, home, only_arguments, expecting)


def _option(command: Mapping[str, Any], name: str) -> tuple[int, dict[str, Any] | None]:
    for number, option in enumerate(command.get("options", [])):
        if name in option["names"]:
            return number, option
    return -1, None


def _option_names(
    command: Mapping[str, Any], incomplete: str, given: set[int]
) -> list[tuple[str, str]]:
    offered = []
    for number, option in enumerate(command.get("options", [])):
        if number in given and not option["multiple"]:
            continue
        offered += [(n, option["help"]) for n in option["names"] if n.startswith(incomplete)]
    return offered


def _values(
    how: str | list[str] | None,
    incomplete: str,
    labels: bool,
    home: str | None,
    environ: Mapping[str, str],
) -> list[tuple[str, str]] | None:
    if how is None:
        return []
    if isinstance(how, list):  # the choices of an option
        return [(c, "") for c in how if c.startswith(incomplete)]
    if how == "path":
        return None  # files and folders: Typer (and the shell) know best
    return complete(how, journal_home(home, environ), incomplete, labels)


def journal_home(option: str | None, environ: Mapping[str, str]) -> Path:
    """The journal a completion reads: `--home` on the command line, else MENTEE_HOME, else
    the default (as `resolve_home` decides for a command)."""
    from mentee.cli.paths import default_home, resolved

    # Resolved as a command resolves it, so the completion finds that journal's index.
    if option:
        return resolved(Path(option))
    if environ.get("MENTEE_HOME"):
        return resolved(Path(environ["MENTEE_HOME"]))
    return resolved(default_home())


def _format(shell: str, offered: list[tuple[str, str]], environ: Mapping[str, str]) -> str:
    """The answer as Typer's completion classes print it for `shell`."""
    if shell == "bash":
        return "\n".join(value for value, _ in offered) + "\n"
    if shell == "zsh":
        if not offered:
            return "_files\n"

        def quote(text: str) -> str:
            return (
                text.replace('"', '""')
                .replace("'", "''")
                .replace("$", "\\$")
                .replace("`", "\\`")
                .replace(":", r"\\:")
            )

        items = "\n".join(
            f'"{quote(v)}":"{quote(h)}"' if h else f'"{quote(v)}"' for v, h in offered
        )
        return f"_arguments '*: :(({items}))'\n"
    action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":
        sys.exit(0 if offered else 1)
    lines = [f"{v}\t{' '.join(h.split())}" if h else v for v, h in offered]
    return "\n".join(lines) + "\n"


def typer_completer(name: str) -> Callable[[Any, str], list[tuple[str, str]]]:
    """The same completer as a Typer `autocompletion` callback (it knows its `name`, which
    the spec records)."""

    # Typer reads these annotations when it builds a command: builtins only (`ctx` is found
    # by its name).
    def typer_complete(ctx: object, incomplete: str) -> list[tuple[str, str]]:
        option = ctx.find_root().params.get("home")  # type: ignore[attr-defined]
        return complete(name, journal_home(str(option) if option else None, os.environ), incomplete)

    typer_complete.completer = name  # type: ignore[attr-defined]
    return typer_complete
