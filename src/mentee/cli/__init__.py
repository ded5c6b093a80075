"""The `mentee` command line. `main` is the console script.

`--version` is answered here, before Typer, rich or pydantic are imported, so it costs no
more than starting Python.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from mentee import __version__

        sys.stdout.write(f"mentee {__version__}\n")
        return
    from mentee.cli.app import app

    app(args=args, prog_name="mentee")
