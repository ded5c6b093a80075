"""How an invocation ends when something goes wrong: one `mentee: ...` line on stderr and an
exit code (see `MenteeGroup.main`), or quietly when the reader of stdout went away."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import Any


class ReaderGoneError(Exception):
    """stdout's reader went away (`mentee ... | head -1`); not an OSError, so that it passes
    Typer's own handler (which would end with exit 1) on its way to `MenteeGroup.main`."""


# An option a person reaches for on a command that changes that field elsewhere: what the
# error says instead of click's guess ("No such option: --by (Possible options: --why)").
_ELSEWHERE = {
    ("goal edit", "--by"): "goal retarget",
    ("goal edit", "--target"): "goal retarget",
    ("goal edit", "--due"): "goal retarget",
    ("meeting edit", "--at"): "meeting move",
}
_HOW = {
    "goal retarget": "a goal's target changes with 'mentee goal retarget ID --by DATE --reason "
    "TEXT', which keeps the reason in its timeline",
    "meeting move": "a meeting's time changes with 'mentee meeting move ID --at DATETIME', "
    "which keeps its agenda and prints a message to send",
}


def elsewhere_message(exc: Any) -> str | None:
    """For an unknown option that another command handles (`goal edit --by`), the command to
    use; None for any other error."""
    option = getattr(exc, "option_name", None)
    context = getattr(exc, "ctx", None)
    if not isinstance(option, str) or context is None:
        return None
    path = " ".join(str(context.command_path).split()[-2:])
    command = _ELSEWHERE.get((path, option))
    if command is None:
        return None
    return f"{path} has no {option}: {_HOW[command]}"


def click_message(exc: Any) -> str:
    """A Typer or click error as one line, with where to read the command's help."""
    message = elsewhere_message(exc) or choice_message(exc) or str(exc.format_message())
    # Typer checks values with pydantic, whose message starts "Value error, ": drop that.
    message = message.replace(": Value error, ", ": ", 1)
    context = getattr(exc, "ctx", None)
    if context is not None:
        return f"{message} (see '{context.command_path} --help')"
    return str(message)


# Typer's message for a value outside an option's choices: `'wn' is not one of 'win', ...`
# (compiled when first used, by `re`'s cache).
_NOT_A_CHOICE = r"(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") is not one of "


def choice_message(exc: Any) -> str | None:
    """`--kind: 'wn' is not one of win, challenge, learning, note: did you mean win?` for a
    value outside an option's choices; None for any other error."""
    import ast

    from mentee.cli.common import not_a_choice
    from mentee.cli.typer_compat import choice_values

    param: Any = getattr(exc, "param", None)
    choices = None if param is None else choice_values(param)
    found = re.search(_NOT_A_CHOICE, str(getattr(exc, "message", "")))
    if param is None or choices is None or found is None:
        return None
    value = str(ast.literal_eval(found["value"]))
    name = param.opts[0] if getattr(param, "opts", None) else param.human_readable_name
    return not_a_choice(name, value, choices)


def out_of_range(exc: BaseException) -> str:
    """The message for a value too big or too nested to handle: which one it was and where to
    look."""
    if isinstance(exc, RecursionError):
        return "a value is nested too deeply to handle (a hand-edited file or an import?)"
    return (
        f"a date or number is out of the range mentee can handle ({exc}): dates go from "
        "0001-01-01 to 9999-12-31 (check MENTEE_TODAY and the dates in your records)"
    )


def fail(message: str, code: int) -> None:
    """Write `mentee: MESSAGE` to stderr (after whatever output there is) and exit with `code`."""
    from mentee.text import escape

    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stdout.flush()
    sys.stderr.write(f"mentee: {escape(message)}\n")
    sys.exit(code)


def quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): end quietly, as a pipeline expects.
    """End quietly with 0 once the reader has gone (`| head -1`), as a pipeline expects."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


def debug() -> bool:
    """Whether MENTEE_DEBUG=1 asks for tracebacks rather than one line."""
    return os.environ.get("MENTEE_DEBUG", "") == "1"
