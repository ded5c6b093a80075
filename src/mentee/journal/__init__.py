"""Use cases: add a goal, retarget it, complete an action, log a meeting, thank a mentor...

Each function takes the `Store` and the values already parsed by the command line, works
under the store's lock when it changes something, and returns typed records or results. No
printing, no prompting, no typer here. `today` comes from the caller (the clock is read at
the edge). One module per noun, as in `cli/`:

- `goal`, `mentor`, `action`, `meeting`: each kind's changes (`meeting`: plan, move,
  cancel, and log one held);
- `entries`: feedback, notes and topics;
- `lists`: what each list command shows, and `agenda`: the next agenda with a mentor
  (both read-only, from the index's views: no pydantic);
- `editing`: a whole record edited in $EDITOR, saved if nobody changed it meanwhile;
- `records`: what they share (finding records by what was typed, saving a change
  validated as a whole).

The use cases that only read for the dashboard, the agenda, the review and search live in
`mentee.reading`. This package imports none of its modules: a command imports the one it
needs.
"""

from __future__ import annotations
