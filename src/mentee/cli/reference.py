"""The CLI reference (`docs/cli.md`) and the fast completion's command tree
(`src/mentee/cli/completion.json`), generated from the commands themselves.

    python -m mentee.cli.reference > docs/cli.md
    python -m mentee.cli.reference --completion > src/mentee/cli/completion.json

Tests regenerate both and fail when a file is out of step with the commands.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer

HEADER = """\
# CLI reference

Generated from the commands by `python -m mentee.cli.reference > docs/cli.md`; a test keeps
it in step. Every command also answers `--help`, which ends with examples. Ids accept any
unique prefix; wherever a mentor is named, its name (any case) works too. Dates accept
`YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, `3d`, `2w`, `6m`, `1y`, weekday names,
`eow`, `eom`, `eoq` and `eoy` (see [the file format](file-format.md#dates)). In `edit`
commands, an optional field given the value `none` is cleared (`--due none`); a list field
takes `--x VALUE` to add an item and `--no-x VALUE` to remove one.

Exit codes: 0 success, 1 an error (not found, ambiguous id, conflict, damaged file, file
system), 2 a usage error (unknown option, bad value).
"""


def walk(command: Any, context: Any) -> Iterator[tuple[Any, Any]]:
    """Every command below `command` (groups first, then their commands), with contexts."""
    yield command, context
    for name, sub in subcommands(command, context).items():
        if getattr(sub, "hidden", False):
            continue  # internal (git's merge driver): not part of the user's interface
        yield from walk(sub, type(context)(sub, info_name=name, parent=context))


def subcommands(command: Any, context: Any) -> dict[str, Any]:
    """A group's commands by name (groups built lazily are built here)."""
    if not hasattr(command, "list_commands"):
        return {}
    return {name: command.get_command(context, name) for name in command.list_commands(context)}


def render() -> str:
    """The whole command reference (docs/cli.md) as Markdown: every command's help as `--help`
    shows it."""
    from mentee.cli.app import app
    from mentee.cli.help_format import prepare_help
    from mentee.cli.helptext import EXAMPLES

    root = typer.main.get_command(app)
    prepare_help(root)
    context_class = type(root.make_context("mentee", ["--help"], resilient_parsing=True))
    lines = [HEADER]
    for command, context in walk(root, context_class(root, info_name="mentee")):
        path = context.command_path
        lines.append(f"## `{path}`\n")
        help_text = (command.help or "").strip()
        if help_text:
            lines.append(help_text + "\n")
        usage = command.get_usage(context).strip()
        lines.append(f"```\n{usage}\n```\n")
        rows = []
        for param in command.get_params(context):
            record = param.get_help_record(context)
            if record is None or record[0].endswith("--help"):
                continue
            name, description = record
            # A `|` in a table cell ends it, even in code: GitHub reads `\|` as `|` there.
            rows.append(
                f"| `{name.replace('|', chr(92) + '|')}` | {description.replace('|', '/')} |"
            )
        if rows:
            lines.append("| argument or option | meaning |\n|---|---|")
            lines.extend(rows)
            lines.append("")
        examples = EXAMPLES.get(path.removeprefix("mentee").strip(), ())
        if examples:
            lines.append("Examples:\n" if len(examples) > 1 else "Example:\n")
            lines.append("```sh\n" + "\n".join(examples) + "\n```\n")
        children = subcommands(command, context)
        if children:
            shown = [n for n, c in children.items() if not getattr(c, "hidden", False)]
            lines.append("Commands: " + ", ".join(f"`{path} {n}`" for n in shown) + "\n")
    return "\n".join(lines).rstrip() + "\n"


def completion_spec() -> str:
    """The command tree as the fast completion path reads it (`completion.json`): for each
    command path, its visible subcommands with their summaries, its options (names, whether
    they take a value, what completes it, help, whether repeatable) and its arguments."""
    import json

    from mentee.cli.app import app
    from mentee.cli.help_format import prepare_help

    root = typer.main.get_command(app)
    prepare_help(root)
    spec: dict[str, Any] = {}
    # The root's own context settings (`-h` as well as `--help`), as when mentee runs.
    for command, context in walk(root, root.make_context("mentee", [], resilient_parsing=True)):
        path = context.command_path.removeprefix("mentee").strip()
        entry: dict[str, Any] = {}
        children = subcommands(command, context)
        if children:
            entry["commands"] = {
                name: sub.get_short_help_str()
                for name, sub in children.items()
                if not getattr(sub, "hidden", False)
            }
        options, arguments = [], []
        for param in command.get_params(context):
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                arguments.append({"complete": _completes(param), "many": param.nargs == -1})
                continue
            takes_value = not (param.is_flag or param.count)
            options.append(
                {
                    # Long names first: click keeps `-h`/`--help` in a set (no fixed order).
                    "names": sorted(
                        [*param.opts, *param.secondary_opts], key=lambda n: not n.startswith("--")
                    ),
                    "value": takes_value,
                    "complete": _completes(param) if takes_value else None,
                    "help": param.help or "",
                    "multiple": bool(param.multiple),
                }
            )
        entry["options"] = options
        if arguments:
            entry["args"] = arguments
        spec[path] = entry
    return json.dumps(spec, indent=1) + "\n"


def _completes(param: Any) -> str | list[str] | None:
    """What completes a parameter's value: a named completer, a list of choices, or None."""
    from mentee.cli.typer_compat import autocompletion, choice_values

    callback = autocompletion(param)
    if callback is not None and getattr(callback, "completer", None):
        return str(callback.completer)
    if callback is not None and getattr(callback, "choices", None):
        return [str(c) for c in callback.choices]
    return choice_values(param)


if __name__ == "__main__":
    if sys.argv[1:] == ["--completion"]:
        sys.stdout.write(completion_spec())
    else:
        sys.stdout.write(render())
