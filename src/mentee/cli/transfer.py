"""`mentee export` and `mentee import`: take all your data out, and bring it back."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mentee.cli.common import get_env, parse_kinds
from mentee.cli.completion import typer_completer
from mentee.cli.options import JsonFormat
from mentee.errors import UsageError


class ExportFormat(StrEnum):
    """The formats `export --format` writes."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    ICS = "ics"


KIND_HELP = (
    "Only records of this kind (repeatable): goal, mentor, meeting, action, feedback, note, "
    "topic; plurals accepted. Default: every kind (csv takes exactly one)."
)


def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="json (one document, for import), jsonl (one record a line, for import), "
            "csv (one kind, for spreadsheets), markdown (to read) or ics (planned meetings "
            "and open actions with a due date, for calendars).",
        ),
    ] = ExportFormat.JSON,
    as_json: JsonFormat = False,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", metavar="KIND", help=KIND_HELP, autocompletion=typer_completer("kinds")
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of stdout: a file is replaced atomically (never "
            "through a symbolic link); a FIFO or a device is written into.",
            dir_okay=False,
        ),
    ] = None,
    csv_raw: Annotated[
        bool,
        typer.Option(
            "--csv-raw",
            help="Keep CSV cells exactly as stored: cells starting with = + - @ are not "
            "prefixed with ' (for pipelines, never for spreadsheets).",
        ),
    ] = False,
) -> None:
    """Export the journal (or some kinds of record) as json, jsonl, csv, markdown or ics."""
    from mentee.kinds import Kind
    from mentee.reading import load_book

    env = get_env(ctx)
    chosen = ExportFormat.JSON if as_json else output_format
    kinds = parse_kinds(kind) or list(Kind)
    if csv_raw and chosen != ExportFormat.CSV:
        raise UsageError("--csv-raw only applies to --format csv")
    if chosen == ExportFormat.CSV and len(kinds) != 1:
        names = ", ".join(k.value for k in Kind)
        raise UsageError(
            f"--format csv exports one kind at a time: add --kind KIND (one of {names})"
        )
    if chosen == ExportFormat.ICS and not {Kind.MEETING, Kind.ACTION} & set(kinds):
        raise UsageError("--format ics holds meetings and actions: --kind meeting or action")
    from mentee.links import book_with_links_moved

    # A mentor's `goals` is in no export: links an older mentee kept there go to the goals.
    book = book_with_links_moved(load_book(env.store, views=False))
    from mentee.export.journal import export_journal

    data = export_journal(
        book,
        chosen.value,
        kinds,
        exported=env.clock().replace(microsecond=0),
        today=env.today,
        meeting_minutes=env.config.meeting_minutes,
        csv_raw=csv_raw,
    )
    if output is None or str(output) == "-":
        write_stdout(data, chosen)
        return
    from mentee.transfer import write_export

    write_export(output, data)
    env.say(f"Exported to {output}")


def write_stdout(data: bytes, chosen: ExportFormat) -> None:
    """The export on stdout, never styled: the exact bytes in a pipe; on a terminal, csv and
    ics (formats that cannot escape anything) show control characters escaped, as every
    view does."""
    if chosen in (ExportFormat.CSV, ExportFormat.ICS) and _is_terminal():
        from mentee.text import escape_block

        data = escape_block(data.decode("utf-8").replace("\r\n", "\n")).encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="What export --format json or jsonl wrote; - reads standard input.",
        ),
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Overwrite records whose id the journal has with other content (conflicts).",
        ),
    ] = False,
) -> None:
    """Import records from an export (json or jsonl): all valid, or nothing is written.

    Records already in the journal with the same content are skipped, so importing twice
    changes nothing. A record whose id the journal has with other content is a conflict: it
    is reported and left alone (exit 1) unless --replace.
    """
    from mentee import transfer

    env = get_env(ctx)
    if file == "-":
        source, data = "<stdin>", sys.stdin.buffer.read()
    else:
        source, data = file, transfer.read_input(Path(file))
    try:
        result = transfer.import_data(env.store, data, source, replace=replace)
    except transfer.InvalidImportError as exc:
        for line in exc.lines:
            env.say(f"mentee: {line}")
        raise
    for conflict in result.conflicts:
        env.say(f"mentee: conflict: {conflict}")
    parts = [f"{len(result.created)} new"]
    if result.replaced:
        parts.append(f"{len(result.replaced)} replaced")
    parts.append(f"{len(result.unchanged)} unchanged")
    total = len(result.created) + len(result.replaced) + len(result.unchanged)
    if result.conflicts:
        raise transfer.conflict_error(result, replace)
    if total == 0:
        env.say(f"{source}: nothing to import (no records).")
        return
    from mentee.text import plural

    env.say(f"Imported {plural(total, 'record')}: {', '.join(parts)}.")
