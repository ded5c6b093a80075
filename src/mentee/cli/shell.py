"""Shell completion's root options: `--install-completion [SHELL]` and `--show-completion
[SHELL]` (bash, zsh or fish; without one, the shell mentee runs in). A TAB itself is
answered by `completion.py`."""

# No `from __future__ import annotations` here: Typer reads the annotations of the options'
# callbacks when it builds the root command, and would evaluate strings.

import sys
from typing import Annotated, Any

import typer

COMPLETION_OPTIONS = ("--install-completion", "--show-completion")
SHELLS = ("bash", "zsh", "fish")


def shell_value(argv: list[str]) -> list[str]:
    """`--install-completion` and `--show-completion` take an optional SHELL: without one,
    `auto` (the shell mentee runs in)."""
    fixed = list(argv)
    for number, arg in enumerate(argv):
        if arg == "--":
            break
        if arg in COMPLETION_OPTIONS:
            following = argv[number + 1] if number + 1 < len(argv) else None
            if following is None or following.startswith("-"):
                fixed.insert(number + 1 + (len(fixed) - len(argv)), "auto")
    return fixed


def completion_shell(value: str) -> str:
    """The shell to complete for: the one named, or the one mentee runs in."""
    from mentee.errors import UsageError

    shell = value.strip().lower()
    if shell == "auto":
        from mentee.cli.typer_compat import detect_shell

        detected = detect_shell()
        if detected is None:
            raise UsageError(
                "cannot tell which shell this is: name it, e.g. mentee --install-completion zsh"
            )
        shell = detected.lower()
    if shell not in SHELLS:
        raise UsageError(
            f"cannot complete in {shell!r}: mentee completes in {', '.join(SHELLS[:-1])} "
            f"and {SHELLS[-1]}"
        )
    return shell


def install_completion(ctx: Any, param: Any, value: str | None) -> None:  # noqa: ARG001
    """`--install-completion [SHELL]`: install completion for the shell and exit."""
    if value is None or ctx.resilient_parsing:
        return
    from mentee.cli.typer_compat import install_completion as install

    shell = completion_shell(value)
    shell, path = install(shell, prog_name="mentee", complete_var="_MENTEE_COMPLETE")
    sys.stdout.write(
        f"{shell} completion installed in {path}\nIt takes effect in new {shell} sessions.\n"
    )
    raise typer.Exit


def show_completion(ctx: Any, param: Any, value: str | None) -> None:  # noqa: ARG001
    """`--show-completion [SHELL]`: print the shell's completion script and exit."""
    if value is None or ctx.resilient_parsing:
        return
    from mentee.cli.typer_compat import completion_script

    shell = completion_shell(value)
    script = completion_script(shell, prog_name="mentee", complete_var="_MENTEE_COMPLETE")
    sys.stdout.write(script + "\n")
    raise typer.Exit


def _shell_option(name: str, help: str, callback: Any) -> Any:
    """A root option that takes an optional SHELL and acts at once (`callback`)."""
    return typer.Option(name, metavar="[SHELL]", help=help, callback=callback, is_eager=True)


InstallOption = Annotated[
    str | None,
    _shell_option(
        "--install-completion",
        "Install shell completion for SHELL: bash, zsh or fish (default: yours).",
        install_completion,
    ),
]
ShowOption = Annotated[
    str | None,
    _shell_option(
        "--show-completion",
        "Print the completion script for SHELL, to install it yourself.",
        show_completion,
    ),
]
