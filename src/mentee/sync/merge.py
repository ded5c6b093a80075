"""Three-way merge of two versions of a TOML record against their common base. Pure: no I/O.

`git` calls this through `mentee sync merge-file` (the merge driver `sync init` registers)
whenever the same record file changed on two devices. The merge goes field by field:

- a field changed on one side only takes that change; the same change on both sides is kept;
- list fields (`notes`, `thanks`, `milestones`, `timeline`, `advice`, `agenda`, `tags`...)
  merge by entry: entries added on either side are all kept, in order; an entry changed on
  one side takes that change, an entry removed on one side is removed (unless the other
  side changed it: a change wins over a removal); an entry changed on both sides merges
  its own fields the same way;
- tables (a key holding a mapping, e.g. a newer mentee's `[plugin]`) merge key by key;
- `updated` takes the later value, `created` the earlier, `schema_version` the higher;
- a mentor's `goals` (links an older mentee kept on the mentor) removed on one side, because
  this version moved them to the goals, and changed on the other keeps the change: the next
  write moves those links too (see `mentee.links`);
- a status and its date (`status` with `done`, `achieved` or `cancel_reason`) are one field
  for the merge: `done` on one device and `drop` on the other never make a dropped action
  with a done date;
- the same field changed to different values on both sides is a conflict: the record keeps
  one value (ours) and a conflict copy (`conflicts.ConflictCopy`) keeps the other, so
  nothing is lost and no file ever holds conflict markers. `mentee sync resolve` lets the
  user pick;
- a merged record that mixes the two sides is validated (by the caller's `validate`); one
  that would be invalid is a conflict as a whole: the record keeps this side's version and
  the conflict copy every field the other side has otherwise.

The conflict copies themselves (their file format, settling them) are in `conflicts`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any, Final, Literal


class _Missing:
    """A key absent from one version (TOML has no null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

Side = Literal["ours", "theirs"]

# Fields whose two values are reconciled by rule instead of being a conflict.
_LATER: Final = ("updated",)
_EARLIER: Final = ("created",)
_HIGHER: Final = ("schema_version",)
# Fields that belong together: a status and its date (or reason) merge as one.
_TOGETHER: Final = ("status", "done", "achieved", "cancel_reason")

# A dict entry of a list counts as "the same entry, changed" when at least this share of
# its keys kept their values (a milestone ticked keeps its title and due date).
_SAME_ENTRY_SHARE: Final = 0.5
_SAME_TEXT_RATIO: Final = 0.6


class MergeError(ValueError):
    """One version cannot be merged (not TOML); nothing was written."""


@dataclass(frozen=True)
class FieldConflict:
    """One top-level field changed to different values on both sides.

    `kept` is the value the merged record holds (ours), `other` the one the conflict copy
    keeps (theirs); either may be MISSING (the field was removed on that side).
    """

    field: str
    kept: Any
    other: Any


@dataclass
class MergeResult:
    """A record merged field by field: the document and the fields both sides changed differently
    (the document keeps ours)."""

    document: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Whether the merge had no conflicting field."""
        return not self.conflicts


# -- the merge -----------------------------------------------------------------------------


def merge_texts(
    base: str,
    ours: str,
    theirs: str,
    validate: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> MergeResult:
    """Merge three TOML texts (an empty base: the file was added on both sides).

    `validate` says why a merged document would not be a valid record (None: valid).
    """
    ours_document = _parse(ours, "this device's version")
    theirs_document = _parse(theirs, "the incoming version")
    result = merge_documents(
        _parse(base, "the version both sides started from"), ours_document, theirs_document
    )
    if validate is None or result.conflicts:
        return result
    if _same(result.document, ours_document) or _same(result.document, theirs_document):
        return result  # one side's version as it was (its bookkeeping aside)
    if validate(result.document) is None:
        return result
    return _whole_conflict(ours_document, theirs_document)


def _parse(text: str, which: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise MergeError(f"{which} is not valid TOML: {reason}") from None


def merge_documents(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> MergeResult:
    """Merge two versions of a document field by field; conflicts keep ours in the result."""
    result = MergeResult(document={})
    together = _merge_together(base, ours, theirs, result)
    for key in _keys(ours, theirs):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        rule = _by_rule(key, o, t)
        moved = _moved_links(key, b, o, t)
        if key in together:
            value = together[key]
        elif rule is not None:
            value = rule
        elif moved is not None:
            value = moved
        else:
            value, conflicted = merge_value(b, o, t, prefer="ours")
            if conflicted:
                other, _ = merge_value(b, o, t, prefer="theirs")
                result.conflicts.append(FieldConflict(key, value, other))
        if value is not MISSING:
            result.document[key] = value
    return result


def _merge_together(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    result: MergeResult,
) -> dict[str, Any]:
    """The status and its date (or reason) as one field: one side's pair whole, or ours
    with a conflict naming each member that differs. Keys of the pair, to their value."""
    keys = [k for k in _TOGETHER if k in base or k in ours or k in theirs]
    if "status" not in keys or len(keys) < 2:
        return {}
    b, o, t = ({k: doc.get(k, MISSING) for k in keys} for doc in (base, ours, theirs))
    if all(_same(o[k], t[k]) or _same(t[k], b[k]) for k in keys):
        return o  # the same on both sides, or changed here only
    if all(_same(o[k], b[k]) for k in keys):
        return t  # changed there only
    for key in keys:
        if not _same(o[key], t[key]):
            result.conflicts.append(FieldConflict(key, o[key], t[key]))
    return o


def _whole_conflict(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> MergeResult:
    """Our version whole, and every field the other side has otherwise as a conflict."""
    result = MergeResult(document={})
    for key in _keys(ours, theirs):
        o, t = ours.get(key, MISSING), theirs.get(key, MISSING)
        rule = _by_rule(key, o, t)
        value = rule if rule is not None else o
        if rule is None and not _same(o, t):
            result.conflicts.append(FieldConflict(key, o, t))
        if value is not MISSING:
            result.document[key] = value
    return result


def merge_value(base: Any, ours: Any, theirs: Any, prefer: Side) -> tuple[Any, bool]:
    """The merged value of one field and whether the two sides conflicted.

    On a conflict the `prefer` side's value is taken (for lists and tables, only the
    conflicting entries or keys: everything else is still merged).
    """
    if _same(ours, theirs):
        return ours, False
    if _same(ours, base):
        return theirs, False
    if _same(theirs, base):
        return ours, False
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return _merge_tables(base if isinstance(base, dict) else {}, ours, theirs, prefer)
    if isinstance(ours, list) and isinstance(theirs, list):
        return _merge_lists(base if isinstance(base, list) else [], ours, theirs, prefer)
    return (ours if prefer == "ours" else theirs), True


def _moved_links(key: str, base: Any, ours: Any, theirs: Any) -> Any:
    """A mentor's `goals` removed on one side (this mentee moved its links to the goals) and
    changed on the other (an older mentee added a link there): the changed list is kept, so
    no link is lost; the next write moves it to the goals too. None: the general merge."""
    if key != "goals" or base is MISSING or (ours is MISSING) == (theirs is MISSING):
        return None
    kept = theirs if ours is MISSING else ours
    return None if _same(kept, base) else kept


def _by_rule(key: str, ours: Any, theirs: Any) -> Any:
    """The value of a bookkeeping field, or None when the general merge applies."""
    if key not in _LATER + _EARLIER + _HIGHER:
        return None
    if ours is MISSING or theirs is MISSING:
        return theirs if ours is MISSING else ours
    try:
        later = theirs > ours
    except TypeError:  # a naive and an aware date-time (a hand edit): keep ours
        return ours
    if key in _EARLIER:
        return ours if later else theirs
    return theirs if later else ours


def _merge_tables(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], prefer: Side
) -> tuple[dict[str, Any], bool]:
    merged: dict[str, Any] = {}
    conflicted = False
    for key in _keys(ours, theirs):
        value, clash = merge_value(
            base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING), prefer
        )
        conflicted = conflicted or clash
        if value is not MISSING:
            merged[key] = value
    return merged, conflicted


@dataclass
class _SideEdits:
    """How one side changed a base list: each base entry kept, removed or changed, and
    the entries it inserted before each base position (`inserts[len(base)]`: at the end)."""

    changed: dict[int, Any]
    removed: set[int]
    inserts: list[list[Any]]


def _merge_lists(
    base: list[Any], ours: list[Any], theirs: list[Any], prefer: Side
) -> tuple[list[Any], bool]:
    mine, other = _edits(base, ours), _edits(base, theirs)
    # An entry both sides added (the same tag, the same note) is kept once.
    added_by_us = [_key(v) for group in mine.inserts for v in group]
    merged: list[Any] = []
    conflicted = False
    for index in range(len(base) + 1):
        merged.extend(mine.inserts[index])
        for value in other.inserts[index]:
            key = _key(value)
            if key in added_by_us:
                added_by_us.remove(key)
            else:
                merged.append(value)
        if index == len(base):
            break
        ours_changed, theirs_changed = index in mine.changed, index in other.changed
        if ours_changed and theirs_changed:
            value, clash = merge_value(
                base[index], mine.changed[index], other.changed[index], prefer
            )
            conflicted = conflicted or clash
            merged.append(value)
        elif ours_changed:  # changed here; kept or removed there: the change wins
            merged.append(mine.changed[index])
        elif theirs_changed:
            merged.append(other.changed[index])
        elif index not in mine.removed and index not in other.removed:
            merged.append(base[index])
    return merged, conflicted


def _edits(base: list[Any], side: list[Any]) -> _SideEdits:
    edits = _SideEdits(changed={}, removed=set(), inserts=[[] for _ in range(len(base) + 1)])
    matcher = SequenceMatcher(None, [_key(v) for v in base], [_key(v) for v in side], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            edits.inserts[i1].extend(side[j1:j2])
            continue
        if tag == "delete":
            edits.removed.update(range(i1, i2))
            continue
        # "replace": the same number of entries on both sides are taken as changed one
        # for one; otherwise entries are paired by likeness, the rest removed or added.
        if i2 - i1 == j2 - j1:
            edits.changed.update((i1 + k, side[j1 + k]) for k in range(i2 - i1))
            continue
        pairs = _pair_alike(base[i1:i2], side[j1:j2])
        paired_side = set(pairs.values())
        for k in range(i2 - i1):
            if k in pairs:
                edits.changed[i1 + k] = side[j1 + pairs[k]]
            else:
                edits.removed.add(i1 + k)
        edits.inserts[i2].extend(v for k, v in enumerate(side[j1:j2]) if k not in paired_side)
    return edits


def _pair_alike(base: Sequence[Any], side: Sequence[Any]) -> dict[int, int]:
    """Pair base entries with the side entries they most look like, keeping the order."""
    pairs: dict[int, int] = {}
    next_base = 0
    for j, value in enumerate(side):
        best, best_score = -1, 0.0
        for i in range(next_base, len(base)):
            score = _likeness(base[i], value)
            if score > best_score:
                best, best_score = i, score
        if best >= 0:
            pairs[best] = j
            next_base = best + 1
    return pairs


def _likeness(a: Any, b: Any) -> float:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = set(a) | set(b)
        same = sum(1 for k in keys if k in a and k in b and _same(a[k], b[k]))
        share = same / len(keys) if keys else 1.0
        return share if share >= _SAME_ENTRY_SHARE else 0.0
    if isinstance(a, str) and isinstance(b, str):
        ratio = SequenceMatcher(None, a, b).ratio()
        return ratio if ratio >= _SAME_TEXT_RATIO else 0.0
    return 0.0


def _keys(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[str]:
    """Every key, in our order, then the keys only theirs have, in their order."""
    return list(ours) + [k for k in theirs if k not in ours]


def _key(value: Any) -> str:
    """A canonical, hashable form of a value, for comparing list entries."""
    return json.dumps(value, sort_keys=True, default=_plain, ensure_ascii=False)


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{type(value).__name__}:{value.isoformat()}"
    return f"{type(value).__name__}:{value}"


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    try:
        return bool(a == b) and type(a) is type(b)
    except TypeError:
        return False
