"""How every command's help reads: plain placeholders (`--by DATE`, `TITLE`, `--owner
me|mentor`), a whole first sentence as each summary in group listings, and the examples that
end every help (`helptext.py`). Applied to each command when it is built."""

from __future__ import annotations

import inspect
import re
from typing import Any

from mentee.cli import typer_compat

# What each option's value is, as help shows it (`--by DATE`), by parameter name.
_METAVARS = {
    "DATE": {"by", "start", "due", "since", "when", "date"},
    "DATETIME": {"at"},
    "ID": {
        "goal",
        "mentor",
        "meeting",
        "feedback",
        "add_mentor",
        "remove_mentor",
        "add_goal",
        "remove_goal",
    },
    "DAYS": {"cadence"},
    "MINUTES": {"duration"},
    "DIR": {"home"},
    "WHO": {"source"},
    "N": {"number"},
    "ZONE": {"timezone"},
    "KIND": {"kind"},
}


def prepare_help(command: Any, path: str = "") -> None:
    """Make the help of `command` and every command below it read well: plain placeholders
    (`--by DATE`, `TITLE`, `--owner me|mentor`), a whole first sentence as each summary in
    group listings, and the examples that end every help (see `examples.py`)."""
    from mentee.cli.helptext import SUMMARIES, examples_epilog

    by_name = {name: metavar for metavar, names in _METAVARS.items() for name in names}
    stack = [(command, path)]
    while stack:
        current, where = stack.pop()
        stack.extend(
            (sub, f"{where} {name}".strip())
            for name, sub in getattr(current, "commands", {}).items()
        )
        current.epilog = examples_epilog(where)
        if current.short_help is None and current.help:
            current.short_help = SUMMARIES.get(where) or summary(current.help)
        for param in current.params:
            typer_compat.plain_argument(param)
            if param.metavar is not None or getattr(param, "is_flag", False):
                continue
            choices = typer_compat.choice_values(param)
            if choices is not None:
                param.metavar = "|".join(choices)
            elif param.param_type_name == "argument":
                name = param.name or "value"
                param.metavar = "ID" if name.endswith("_id") else name.upper()
            else:
                param.metavar = by_name.get(param.name or "", "TEXT")


def summary(help_text: str) -> str:
    """A command's one-line summary in group listings: its first sentence, whole."""
    first = " ".join(inspect.cleandoc(help_text).split("\n\n")[0].split())
    end = re.search(r"[.!?](\s|$)", first)
    return first[: end.start() + 1] if end else first
