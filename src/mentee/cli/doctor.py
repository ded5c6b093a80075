"""`mentee doctor`: check every file of the journal; `--fix` does only what is safe."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import get_env
from mentee.cli.options import Json


def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Tighten permissions and remove mentee's temp files older than a day; never "
            "deletes or rewrites a record.",
        ),
    ] = False,
    as_json: Json = False,
) -> None:
    """Check every file: each problem as `path:line: message` on stdout. Exit 1 if any.

    Finds damaged files, sync conflict copies, temp files left by a crash, references to
    records that do not exist, records written by a newer mentee, files or folders other
    users may read, and unknown time zones.
    """
    import sys

    from mentee import doctor as checks
    from mentee.cli.env import buffers_path_for, open_store
    from mentee.errors import ExitCode
    from mentee.store import Store
    from mentee.text import escape, plural

    env = get_env(ctx)

    def journal_store() -> Store:
        # A store of its own: problems go to stdout as findings, not stderr as warnings;
        # every file parsed (no index), nothing changed that undo would have to put back.
        return open_store(env.home, history=False, index=False, now=env.clock)

    store = journal_store()
    buffers = buffers_path_for(env.home)
    now = env.clock()
    findings = checks.check(store, now, buffers)
    if fix and any(f.fix for f in findings):
        with store.locked():
            fixed = checks.fix(findings)
        for item in fixed:
            env.say(f"fixed: {item.path}: {item.action}")
        findings = checks.check(journal_store(), now, buffers)
    if as_json:
        env.json(
            [
                {
                    "path": str(f.path),
                    "line": f.line,
                    "message": f.message,
                    "fixable": f.fix is not None,
                }
                for f in findings
            ]
        )
    else:
        for finding in findings:
            sys.stdout.write(escape(str(finding)) + "\n")
    if findings:
        env.say(
            f"{plural(len(findings), 'problem')} found in {env.home}"
            + ("" if fix or not any(f.fix for f in findings) else "; doctor --fix fixes some")
        )
        raise typer.Exit(int(ExitCode.ERROR))
    env.say(f"No problems found in {env.home}")
