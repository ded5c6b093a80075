"""`mentee sync`: keep the journal in step between devices with git, record by record."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mentee.cli.common import get_env
from mentee.cli.options import Json
from mentee.text import plural

if TYPE_CHECKING:
    from mentee.cli.env import Env
    from mentee.sync.conflicts import Conflict, Take
    from mentee.sync.use_cases import SyncReport

app = typer.Typer(
    help="Sync the journal between devices with git: commit, pull, merge record by record, "
    "push. Run `mentee sync init [REMOTE]` once on each device first.",
    invoke_without_command=True,
)


class TakeChoice(StrEnum):
    """Which value of a conflict to keep: `kept` (= `mine`) is the one the record holds,
    `other` (= `theirs`) the one the conflict copy set aside."""

    KEPT = "kept"
    OTHER = "other"
    MINE = "mine"
    THEIRS = "theirs"


@app.callback()
def sync(ctx: typer.Context, as_json: Json = False) -> None:
    """Commit every change, pull and merge the other devices' changes, push.

    Records changed on two devices merge field by field; the same field changed on both
    is kept twice (see `mentee sync resolve`). When the remote cannot be reached, the
    journal stays as it was; run it again at any time.
    """
    if ctx.invoked_subcommand is not None:
        return
    from mentee.sync import use_cases as use_case

    env = get_env(ctx)
    report = _refusable(env, lambda: use_case.sync(env.store))
    _report(env, report, as_json)


@app.command("init")
def init(
    ctx: typer.Context,
    remote: Annotated[
        str | None,
        typer.Argument(
            help="Where the journal is shared: a path (a USB stick, a NAS), an ssh or "
            "https URL of a private repository. An empty journal takes its records; "
            "otherwise both are merged."
        ),
    ] = None,
    allow_unrelated: Annotated[
        bool,
        typer.Option(
            "--allow-unrelated",
            help="Merge with a remote journal that has records and shares no history with "
            "this one when this one has records too (refused otherwise: two separate "
            "journals would be merged).",
        ),
    ] = False,
    as_json: Json = False,
) -> None:
    """Make the data directory a git repository that syncs with REMOTE.

    Adds a .gitignore (temp files, hidden files, editors' leftovers, locks, other tools'
    copies) and registers mentee's merge driver for record files. Run it again with a new
    REMOTE to move the journal. A refused or failed init leaves the journal and the remote
    as they were.
    """
    from mentee.sync import use_cases as use_case

    env = get_env(ctx)
    report = _refusable(
        env, lambda: use_case.init(env.store, remote, Path.cwd(), allow_unrelated=allow_unrelated)
    )
    _report(env, report, as_json)


@app.command("status")
def status(
    ctx: typer.Context,
    offline: Annotated[
        bool, typer.Option("--offline", help="Do not fetch: compare with the last known state.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Show commits to push (ahead), to pull (behind), uncommitted changes and conflicts."""
    from mentee.sync import use_cases as use_case

    env = get_env(ctx)
    state = use_case.status(env.store, fetch=not offline)
    if as_json:
        env.json(state.to_json())
        return
    if state.fetch_error:
        env.say(f"Could not reach {state.remote}: {state.fetch_error}; as of the last sync:")
    lines = [
        f"remote:      {state.remote or '(none: add one with `mentee sync init REMOTE`)'}",
        f"branch:      {state.branch}",
        f"ahead:       {plural(state.ahead, 'commit')} to push",
        f"behind:      {plural(state.behind, 'commit')} to pull",
        f"uncommitted: {plural(state.uncommitted, 'file')} changed",
        f"conflicts:   {state.conflicts}"
        + (" (see `mentee sync resolve`)" if state.conflicts else ""),
    ]
    for path, holders in state.locks:
        if holders:
            held = f"held by git process {', '.join(holders)}: wait for it to finish"
        elif holders is None:
            held = "mentee cannot tell whether a git still uses it"
        else:
            held = "stale (no git is running): the next `mentee sync` removes it"
        lines.append(f"git lock:    {path} ({held})")
    from mentee.text import escape

    sys.stdout.write("".join(escape(line) + "\n" for line in lines))


@app.command("resolve")
def resolve(
    ctx: typer.Context,
    record: Annotated[
        str | None,
        typer.Argument(help="The record (an id prefix) or conflict copy file to settle."),
    ] = None,
    take: Annotated[
        TakeChoice | None,
        typer.Option(
            "--take",
            help="Keep the record's value (kept, or mine) or take the set-aside one (other, "
            "or theirs), for every conflicting field.",
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Settle every conflict with --take.")] = (
        False
    ),
    as_json: Json = False,
) -> None:
    """List conflicts and choose a value for each.

    Without --take: on a terminal, asks for each conflict; otherwise lists them.
    """
    from mentee.errors import UsageError
    from mentee.sync import conflicts as use_case

    env = get_env(ctx)
    conflicts = use_case.find_conflicts(env.home)
    if every and record:
        raise UsageError("give a record or --all, not both")
    if every and take is None:
        raise UsageError("--all needs --take kept|other")
    chosen = use_case.select_conflicts(conflicts, record) if record else conflicts
    if take is not None:
        if not record and not every:
            raise UsageError("--take needs a record id (or --all)")
        _take_side(env, chosen, _side(take), as_json)
        return
    if as_json:
        env.json([_conflict_json(c) for c in chosen])
        return
    if not chosen:
        env.say("No conflicts to resolve.")
        return
    if not _interactive():
        for conflict in chosen:
            _show(conflict)
        env.say("Choose with `mentee sync resolve --take kept|other ID` (or --all).")
        return
    _ask_each(env, chosen)


def _take_side(env: Env, chosen: list[Conflict], side: Take, as_json: bool) -> None:
    """Settle every chosen conflict with `side` (`sync resolve --take`), saying so for each
    (or printing them all as JSON with the side taken)."""
    from mentee.sync import conflicts as use_case

    if not chosen and not as_json:
        env.say("No conflicts to resolve.")
        return
    for conflict in chosen:
        use_case.resolve(env.store, conflict, side)
        if not as_json:
            env.say(_settled(conflict, side))
    if as_json:
        env.json([{**_conflict_json(c), "took": side} for c in chosen])


def _ask_each(env: Env, chosen: list[Conflict]) -> None:
    """Show each conflict on the terminal and settle it as the user answers (or leave it)."""
    from mentee.sync import conflicts as use_case

    for conflict in chosen:
        _show(conflict)
        if conflict.copy is None:
            continue
        answer = _ask()
        if answer is None:
            env.say("Left as it is.")
            continue
        use_case.resolve(env.store, conflict, answer)
        env.say(_settled(conflict, answer))


@app.command("merge-file", hidden=True)
def merge_file(
    base: Annotated[Path, typer.Argument(help="The common ancestor (%O).")],
    ours: Annotated[Path, typer.Argument(help="This side, replaced by the result (%A).")],
    theirs: Annotated[Path, typer.Argument(help="The other side (%B).")],
    path: Annotated[str, typer.Argument(help="The file's path in the journal (%P).")],
) -> None:
    """Merge one record file field by field (the merge driver git runs; not for direct use)."""
    from mentee.cli.merge_driver import main as merge_driver

    code = merge_driver([str(base), str(ours), str(theirs), path])
    if code:
        raise typer.Exit(code)


# -- output ---------------------------------------------------------------------------------


def _refusable(env: Env, run: Callable[[], SyncReport]) -> SyncReport:
    """Run a sync; when it refuses, name each file in the way first (one line each)."""
    from mentee.errors import SyncRefusedError

    try:
        return run()
    except SyncRefusedError as exc:
        for line in exc.lines:
            env.say(f"mentee: {line}")
        raise


def _report(env: Env, report: SyncReport, as_json: bool) -> None:
    from mentee.sync import conflicts as use_case

    open_conflicts = use_case.find_conflicts(env.home)
    if as_json:
        env.json({**report.to_json(), "open_conflicts": len(open_conflicts)})
        return
    if report.recovered:
        env.say("Cleaned up after an interrupted sync.")
    for lock in report.cleared_locks:
        env.say(f"Removed {lock}: a git lock left by an interrupted git (no git was running).")
    for damaged in report.damaged:
        env.say(
            f"mentee: warning: received {damaged} (new here, so it replaced nothing; "
            "`mentee doctor` lists it)"
        )
    if report.created:
        env.say(f"Made {env.home} a git repository.")
    if report.committed:
        env.say(f"Committed: {report.committed}")
    if report.received:
        env.say(f"Received: {report.received}")
    for path in report.kept_changed:
        env.say(
            f"Kept {path}: it was deleted on one device and changed on another; "
            "the changed record wins."
        )
    new = [c for c in open_conflicts if c.name in report.conflicts]
    for conflict in new:
        fields = ", ".join(conflict.copy.fields) if conflict.copy else "?"
        env.say(
            f"Conflict: {conflict.record_file} changed on two devices ({fields}); the record "
            f"kept this device's value, the other is in {conflict.name}."
        )
    if report.remote is None:
        env.say("No remote yet: share the journal with `mentee sync init REMOTE`.")
    elif report.pushed:
        env.say(f"Sent to {report.remote}.")
    elif not report.received:
        env.say(f"Up to date with {report.remote}.")
    if open_conflicts:
        env.say(f"{plural(len(open_conflicts), 'conflict')} to resolve: see `mentee sync resolve`.")


def _side(take: TakeChoice) -> Take:
    return "kept" if take in (TakeChoice.KEPT, TakeChoice.MINE) else "other"


def _settled(conflict: Conflict, side: str) -> str:
    fields = ", ".join(conflict.copy.fields) if conflict.copy else ""
    if side == "kept":
        return (
            f"{conflict.record_file}: kept the record's value ({fields}); removed {conflict.name}"
        )
    return f"{conflict.record_file}: took the other value ({fields}); removed {conflict.name}"


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    from mentee.sync.conflicts import iter_values

    return {
        "copy": conflict.name,
        "record": conflict.record_id,
        "file": conflict.record_file,
        "found": conflict.copy.found.isoformat() if conflict.copy else None,
        "fields": [
            {"field": name, "kept": _jsonable(kept), "other": _jsonable(other)}
            for name, kept, other in iter_values(conflict)
        ],
        "problem": conflict.problem,
    }


def _jsonable(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, default=_iso))


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _show(conflict: Conflict) -> None:
    from mentee.sync.conflicts import iter_values
    from mentee.text import escape

    if conflict.copy is None:
        sys.stdout.write(
            f"{escape(conflict.name)}: cannot read: {escape(conflict.problem or '')}\n"
        )
        return
    found = conflict.copy.found.strftime("%Y-%m-%d %H:%M")
    lines = [f"{conflict.record_file} (found {found}, copy {conflict.name})"]
    for name, kept, other in iter_values(conflict):
        lines += [f"  {name}", f"    kept:  {_value(kept)}", f"    other: {_value(other)}"]
    sys.stdout.write("".join(escape(line) + "\n" for line in lines))


def _value(value: Any) -> str:
    import json

    if value is None:
        return "(not set)"
    if isinstance(value, str):
        return value
    return json.dumps(value, default=_iso, ensure_ascii=False)


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _ask() -> Take | None:
    """`kept`, `other`, or None to leave the conflict for later."""
    while True:
        sys.stderr.write("Keep [k]ept, take [o]ther, or [s]kip? ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer:
            return None
        choice = answer.strip().lower()[:1]
        if choice == "k":
            return "kept"
        if choice == "o":
            return "other"
        if choice == "s":
            return None
