"""Rewriting a TOML file a person may have edited by hand, keeping what they wrote.

A record file (or `config.toml`) is rewritten as its new content in the layout of the file
it replaces: comments, blank lines, key order, quoting and the layout of every field whose
value did not change stay as they were. Only changed values are written again, in the form
a new file would have them (`tomli_w`, as `store.serialize` writes); new keys go after the
key that precedes them in the new content; keys no longer there are removed. A top-level
key the file leaves out whose new value is empty and which the caller says means the same
left out (a record's list fields: `mentors = []` is their default) stays left out.

tomlkit does the editing. It is imported here only, and only when an existing file is
rewritten: a new file is written by `tomli_w` alone, so creating a record stays fast.

What is written must be exactly the new content, whatever tomlkit makes of an unusual
layout: the result is parsed again with `tomllib` (the reader every command uses) and
compared value for value, type for type and UTC offset for UTC offset with the content it
must hold. When they differ, or the layout cannot be edited at all, `rewrite` returns None
and the caller writes the file in mentee's own layout, as before this module existed.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

# Larger files are written in mentee's own layout: parsing them with tomlkit (pure
# Python) would make a save take seconds. A file this big is pasted text, not a layout
# someone arranged by hand.
MAX_LAYOUT_BYTES = 8 * 1024 * 1024

BOM = "\ufeff"


def rewrite(
    layout: str,
    document: Mapping[str, Any],
    *,
    multiline_strings: bool,
    optional: Collection[str] = (),
) -> str | None:
    """`document` as TOML text in the layout of `layout` (a file's text), or None when that
    layout cannot be kept exactly (`layout` is not TOML, or too large, or tomlkit would not
    write exactly `document`).

    `multiline_strings` is the form new values take (as `tomli_w.dumps` has it). Keys in
    `optional` are not added when their value is empty (or 0). A byte order mark is
    dropped; CRLF line ends become LF (as a new file has them).
    """
    if len(layout) > MAX_LAYOUT_BYTES:
        return None
    text = layout.removeprefix(BOM).replace("\r\n", "\n")
    try:
        import tomlkit

        edited = tomlkit.parse(text)
        _keep_date_spacing(edited)
        wanted = {
            k: v for k, v in document.items() if k in edited or k not in optional or not _empty(v)
        }
        _update_table(edited, wanted, multiline_strings)
        result: str = edited.as_string()
        written = tomllib.loads(result)
    except Exception:  # noqa: BLE001 - any failure of the layout path: write it afresh
        return None
    return result if identical(written, wanted) else None


def _empty(value: Any) -> bool:
    """An empty list or table, or the number 0 (what an optional key left out means)."""
    return value in ([], {}) or (type(value) is int and value == 0)


def identical(a: Any, b: Any) -> bool:
    """Whether two parsed TOML values are the same value of the same type (a date-time's
    UTC offset included; mappings compared regardless of key order)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)  # a StrEnum (a status) is written as its text
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, datetime | time):
        same_zone = (a.tzinfo is None) == (b.tzinfo is None)
        return bool(a == b and a.utcoffset() == b.utcoffset() and same_zone)
    if isinstance(a, date):
        return bool(a == b)
    return bool(a == b)


# -- editing a tomlkit document in place ------------------------------------------------------


def _keep_date_spacing(item: Any) -> None:
    """Work around tomlkit dropping the blank after a date inside an inline table or an
    array (`{ due = 2027-01-31 }` came back as `{ due = 2027-01-31}`): tomlkit keeps that
    blank where a comment would go, which those places do not render. Cosmetic only."""
    from tomlkit.container import Container
    from tomlkit.items import AoT, Array, Date, InlineTable, Table, Whitespace

    if isinstance(item, Container):
        for _, each in item.body:
            _keep_date_spacing(each)
    elif isinstance(item, Table):
        _keep_date_spacing(item.value)
    elif isinstance(item, AoT):
        for table in item.body:
            _keep_date_spacing(table)
    elif isinstance(item, InlineTable):
        for _, each in item.value.body:
            if isinstance(each, Date) and each.trivia.comment_ws and not each.trivia.comment:
                each.trivia.trail = each.trivia.comment_ws + each.trivia.trail
                each.trivia.comment_ws = ""
            else:
                _keep_date_spacing(each)
    elif isinstance(item, Array):
        for group in getattr(item, "_value", []):
            value, comma = getattr(group, "value", None), getattr(group, "comma", None)
            if (
                isinstance(value, Date)
                and value.trivia.comment_ws
                and isinstance(comma, Whitespace)
            ):
                group.comma = Whitespace(value.trivia.comment_ws + comma.s)
                value.trivia.comment_ws = ""
            elif value is not None:
                _keep_date_spacing(value)


def _container(item: Any) -> Any:
    """The tomlkit Container behind a document, a table or an inline table."""
    from tomlkit.container import Container
    from tomlkit.items import InlineTable, Table

    if isinstance(item, Container):
        return item
    if isinstance(item, Table | InlineTable):
        return item.value
    raise TypeError("not a table")


def _update_table(table: Any, new: Mapping[str, Any], multiline: bool) -> None:
    """Make the table `table` (a tomlkit document, table or inline table) hold `new`."""
    from tomlkit.items import AoT, Array, InlineTable, Table

    container = _container(table)
    for key in [k for k in container if k not in new]:
        del container[key]
    for position, (key, value) in enumerate(new.items()):
        if key not in container:
            _insert(container, key, _fresh(key, value, multiline), [*new][:position])
            continue
        item = container.item(key)
        if identical(item.unwrap(), value):
            continue
        if isinstance(value, Mapping) and isinstance(item, Table | InlineTable):
            _update_table(item, value, multiline)
        elif isinstance(value, list) and isinstance(item, Array | AoT):
            _update_array(container, key, item, value, multiline, [*new][:position])
        else:
            _replace(container, key, item, _fresh(key, value, multiline), [*new][:position])


def _replace(container: Any, key: str, item: Any, fresh: Any, before: Sequence[str]) -> None:
    """Put `fresh` in place of `item`. A value that becomes a table, or the reverse, moves:
    tables come after the plain keys, so it goes where a new key would (tomlkit's own
    move differs from version to version)."""
    from tomlkit.items import AoT, Table

    if isinstance(item, Table | AoT) == isinstance(fresh, Table | AoT):
        container[key] = fresh  # in place; a plain value keeps its comment
        return
    del container[key]
    _insert(container, key, fresh, before)


def _insert(container: Any, key: str, item: Any, before: Sequence[str]) -> None:
    """Add a new key after the last of the keys that precede it in the new content (so a
    new field sits where a new file would have it), else where tomlkit puts new keys."""
    from tomlkit.items import AoT, Table

    if not isinstance(item, Table | AoT):
        for previous in reversed(before):
            if previous in container and not isinstance(container.item(previous), Table | AoT):
                container._insert_after(previous, key, item)  # tomlkit has no public insert
                return
    container.append(key, item)


def _update_array(
    container: Any, key: str, array: Any, new: list[Any], multiline: bool, before: Sequence[str]
) -> None:
    """An array (`tags = [...]`, entries as inline tables) or an array of tables
    (`[[milestones]]`): entries are matched with difflib, so an entry added, removed or
    changed touches that entry alone and every other one keeps its layout and comments."""
    from difflib import SequenceMatcher

    from tomlkit.items import AoT, InlineTable, Table

    whole = _fresh(key, new, multiline)
    tables_stay = bool(new) and all(isinstance(v, Mapping) for v in new)
    if (isinstance(array, AoT) and not tables_stay) or (
        not isinstance(array, AoT) and isinstance(whole, AoT)
    ):
        # `[[key]]` tables that become a plain array (empty, or of texts), or an entry only
        # a table can hold (a multi-line text) in an inline array: written anew.
        _replace(container, key, array, whole, before)
        return
    old = array.unwrap()

    def fresh(value: Any) -> Any:
        return (
            _fresh_table(value, multiline)
            if isinstance(array, AoT)
            else _fresh_entry(value, multiline)
        )

    def change(index: int, value: Any) -> None:
        entry = array[index]
        if (
            isinstance(value, Mapping)
            and isinstance(entry, Table | InlineTable)
            and (isinstance(entry, Table) or set(entry) == set(value))
        ):
            _update_table(entry, value, multiline)  # a table keeps its comments
        else:
            array[index] = fresh(value)  # a key added to an inline table: write it anew

    matcher = SequenceMatcher(None, [_key(v) for v in old], [_key(v) for v in new], False)
    # From the end, so the positions of the entries not yet edited stay as they were.
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                change(i1 + offset, new[j1 + offset])
            continue
        for index in reversed(range(i1, i2)):
            del array[index]
        for offset, value in enumerate(new[j1:j2]):
            if i1 + offset < len(array):
                array.insert(i1 + offset, fresh(value))
            else:
                array.append(fresh(value))


def _key(value: Any) -> str:
    """A canonical text of one entry, to match entries of the old and new array."""
    import json

    return json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)


def _fresh(key: str, value: Any, multiline: bool) -> Any:
    """`key = value` as a new file would have it, as a tomlkit item."""
    import tomli_w
    import tomlkit

    fragment = tomlkit.parse(tomli_w.dumps({key: value}, multiline_strings=multiline))
    _keep_date_spacing(fragment)
    return fragment.item(key)


def _fresh_entry(value: Any, multiline: bool) -> Any:
    """One entry of an array, as a new file would have it."""
    array = _fresh("entry", [value], multiline)
    return array[0]


def _fresh_table(value: Mapping[str, Any], multiline: bool) -> Any:
    """One `[[...]]` table of an array of tables."""
    import tomlkit

    table = tomlkit.table()
    for key, each in value.items():
        table.add(key, _fresh(key, each, multiline))
    return table
