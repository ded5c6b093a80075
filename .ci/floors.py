"""Print pip constraints that pin every runtime dependency to its declared floor.

`pkg>=X` in pyproject.toml's `[project] dependencies` becomes `pkg==X`, so that the CI's floors
step (`.ci/run`) installs exactly the oldest versions mentee says it works with and the
floors cannot drift from pyproject.toml. A dependency without a `>=` floor is an error.

    python3 .ci/floors.py > floors.txt && pip install -c floors.txt -e ".[test]"
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<specifiers>[^;]*)$")


def floors(dependencies: list[str]) -> list[str]:
    """`name==floor` for each requirement `name>=floor[,...]`."""
    pins = []
    for requirement in dependencies:
        found = REQUIREMENT.match(requirement)
        if found is None:
            raise SystemExit(f"{PYPROJECT}: cannot read the requirement {requirement!r}")
        lower = [
            s.strip()[2:].strip()
            for s in found["specifiers"].split(",")
            if s.strip().startswith(">=")
        ]
        if len(lower) != 1:
            raise SystemExit(f"{PYPROJECT}: {requirement!r} needs one `>=` floor")
        pins.append(f"{found['name']}=={lower[0]}")
    return pins


def main() -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    sys.stdout.write("".join(f"{pin}\n" for pin in floors(project["dependencies"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
