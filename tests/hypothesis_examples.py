"""How many examples a Hypothesis property runs, by profile (registered in tests/conftest.py).

A property states its count for the `ci` profile, `@settings(max_examples=examples(300))`;
the quicker `dev` profile (the default) runs as many fewer as its default count is below
ci's.
"""

from __future__ import annotations

from hypothesis import settings

CI_EXAMPLES = 100  # the ci profile's count for a property that states none (Hypothesis's own)
FEWEST = 10  # a property runs at least this many examples in any profile (or its ci count)


def examples(ci: int) -> int:
    """`ci` under the ci profile; under another, scaled like its default count."""
    return max(min(ci, FEWEST), ci * settings().max_examples // CI_EXAMPLES)
