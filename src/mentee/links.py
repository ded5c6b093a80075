"""Which mentor serves which goal: stored once, in the goal's `mentors`.

SPEC ("Records"): `goal add|edit --mentor` and `mentor add|edit --goal` add links to the
goal's `mentors`; `goal edit --no-mentor` and `mentor edit --no-goal` remove them. A
mentor's `goals` is derived (`models.goals_of`) in every view and in `--json`, and is in no
file and no export.

A mentor file written by an older mentee may list `goals`. Those links keep their meaning:
views read them (`models.serves`), and the first time this version writes the journal,
`move_legacy_links` moves them to the goals, all or nothing, under the store's lock:

1. every goal named is read and must be writable, and so must every mentor: otherwise
   nothing is written (the links stay where they are and keep working);
2. the goals are written first, each with the mentor added (a link already there is left
   alone), then each mentor without `goals`.

A crash between the two steps leaves links on both sides, which read the same; the next
write finishes the move (adding a link twice changes nothing). A link to a goal that does
not exist cannot move: it stays in the mentor's file, where `doctor` reports it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mentee.errors import NotFoundError
from mentee.kinds import SCHEMA_VERSION, Kind
from mentee.models import legacy_goals, serves
from mentee.store import DamagedRecordError, Store
from mentee.views import has_legacy_links

if TYPE_CHECKING:
    from mentee.agenda import RecordSet
    from mentee.models import Goal, Mentor

LEGACY_KEY = "goals"


class Moved:  # not a dataclass: making one costs about 0.5 ms at every write's start
    """What `move_legacy_links` did: links moved, and mentors rewritten without `goals`."""

    def __init__(self) -> None:
        self.links: list[tuple[str, str]] = []  # (goal, mentor)
        self.mentors: list[str] = []


def move_legacy_links(store: Store) -> Moved:
    """Move the links older mentor files keep in `goals` to the goals (see the module)."""
    moved = Moved()
    with store.locked(), store.quietly():
        if not may_have_legacy_links(store):
            return moved
        # Views when the index has them: only a file with keys this version does not know
        # (a model, never a view) can hold legacy links.
        mentors = [m for m in store.views(Kind.MENTOR) if has_legacy_links(m)]
        if not mentors:
            return moved
        existing = set(store.ids(Kind.GOAL))
        plan: dict[str, list[str]] = {}
        remaining: dict[str, list[str]] = {}
        for mentor in mentors:
            listed = mentor.extras[LEGACY_KEY]
            if legacy_goals(mentor) != listed:
                continue  # not a list of ids: not links this version can read; left alone
            remaining[mentor.id] = [g for g in listed if g not in existing]
            for goal_id in listed:
                if goal_id in existing:
                    plan.setdefault(goal_id, [])
                    if mentor.id not in plan[goal_id]:
                        plan[goal_id].append(mentor.id)
        from mentee.models import Goal  # made only for a journal with links to move

        goals: dict[str, Goal] = {}
        try:
            for goal_id in plan:
                goal = store.read(Kind.GOAL, goal_id)
                assert isinstance(goal, Goal)
                goals[goal_id] = goal
        except (DamagedRecordError, NotFoundError):
            return moved  # all or nothing: the links stay in the mentor files
        changed = [m for m in mentors if m.id in remaining]
        if any(r.schema_version > SCHEMA_VERSION for r in (*goals.values(), *changed)):
            return moved
        for goal_id, mentor_ids in plan.items():
            goal = goals[goal_id]
            added = [m for m in mentor_ids if m not in goal.mentors]
            if added:
                store.save(goal.model_copy(update={"mentors": [*goal.mentors, *added]}))
            moved.links += [(goal_id, m) for m in mentor_ids]
        for mentor in changed:
            left = remaining[mentor.id]
            if left == mentor.extras[LEGACY_KEY]:
                continue  # only links to goals that do not exist: nothing moved
            store.save(_with_legacy(mentor, left))
            moved.mentors.append(mentor.id)
    return moved


# What the bytes of a mentor file that lists `goals` contain: the key's name, or a TOML
# escape (a quoted key may spell it with one: `"\u0067oals"`).
_LEGACY_MARKS = (b"goals", b"\\u", b"\\U")


def may_have_legacy_links(store: Store) -> bool:
    """Whether a mentor file may still list `goals`: False only when every file in the
    mentors' folder is a regular file whose bytes hold neither the key's name nor a TOML
    escape. Reading a journal's few mentor files costs far less than loading the index to
    ask it (what the first write of every command would otherwise do); a file that cannot
    be read so, or a folder that is not a plain one, is left to the full check."""
    folder = store.folder(Kind.MENTOR)
    try:
        if os.path.islink(folder):
            return True
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return False  # no mentors: no links to move
    except OSError:
        return True
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(".toml"):
            continue  # not a record file (store.ids)
        data = _regular_file_bytes(entry.path)
        if data is None or any(mark in data for mark in _LEGACY_MARKS):
            return True
    return False


def _regular_file_bytes(path: str) -> bytes | None:
    """The bytes of the regular file at `path`; None for anything else (a symbolic link, a
    FIFO: never waited on) or a file that cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _with_legacy(mentor: Mentor, goal_ids: Sequence[str]) -> Mentor:
    """`mentor` with its legacy `goals` set to `goal_ids` (removed when there are none)."""
    data: dict[str, Any] = mentor.model_dump(by_alias=True)
    data.pop(LEGACY_KEY, None)
    if goal_ids:
        data[LEGACY_KEY] = list(goal_ids)
    from mentee.models import Mentor

    return Mentor.model_validate(data)


def with_links_moved(
    mentors: Sequence[Mentor], goals: Sequence[Goal]
) -> tuple[list[Mentor], list[Goal]]:
    """The records as `move_legacy_links` would leave them, in memory (for exports of a
    journal not yet written by this version): no mentor lists `goals`; each goal lists
    every mentor that serves it. Links to goals that do not exist are left out."""
    moved_goals = []
    for goal in goals:
        linked = mentors_moved(mentors, goal)
        moved_goals.append(
            goal.model_copy(update={"mentors": linked}) if linked != goal.mentors else goal
        )
    moved_mentors = [_with_legacy(m, []) if LEGACY_KEY in m.extras else m for m in mentors]
    return moved_mentors, moved_goals


def mentors_moved(mentors: Sequence[Mentor], goal: Goal) -> list[str]:
    """`goal`'s `mentors` with every mentor that serves it by a legacy link added (what
    `move_legacy_links` would store)."""
    extra = [m.id for m in mentors if m.id not in goal.mentors and serves(m, goal)]
    return [*goal.mentors, *extra]


def book_with_links_moved(book: RecordSet) -> RecordSet:
    """The journal with `with_links_moved` applied (nothing to do in a current journal)."""
    if not any(LEGACY_KEY in m.extras for m in book.mentors):
        return book
    mentors, goals = with_links_moved(book.mentors, book.goals)
    return replace(book, mentors=mentors, goals=goals)


# -- adding and removing links ------------------------------------------------------------


def link(store: Store, goal: Goal, mentor_ids: Iterable[str]) -> Goal:
    """Add mentors to `goal`'s `mentors` (under the caller's lock); the goal as saved."""
    added = [m for m in dict.fromkeys(mentor_ids) if m not in goal.mentors]
    if not added:
        return goal
    saved = store.save(goal.model_copy(update={"mentors": [*goal.mentors, *added]}))
    from mentee.models import Goal

    assert isinstance(saved, Goal)
    return saved


def forget_legacy_link(store: Store, mentor: Mentor, goal_id: str) -> None:
    """Rewrite a mentor file that still lists `goal_id` in `goals` without it (a link an
    older mentee kept there, which could not be moved); nothing when it does not."""
    listed = legacy_goals(mentor)
    if goal_id in listed:
        store.save(_with_legacy(mentor, [g for g in listed if g != goal_id]))


def unlink(store: Store, goal: Goal, mentors: Iterable[Mentor]) -> Goal:
    """Remove mentors from `goal` (under the caller's lock): from its `mentors`, and from a
    mentor file that still lists the goal in `goals`."""
    chosen = list(mentors)
    for mentor in chosen:
        forget_legacy_link(store, mentor, goal.id)
    ids = {m.id for m in chosen}
    if not ids & set(goal.mentors):
        return goal
    kept = [m for m in goal.mentors if m not in ids]
    saved = store.save(goal.model_copy(update={"mentors": kept}))
    from mentee.models import Goal

    assert isinstance(saved, Goal)
    return saved
