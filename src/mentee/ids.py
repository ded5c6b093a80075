"""Record ids: short, random, lowercase, safe to create on two devices offline; and the
names of the conflict copies `mentee sync` sets beside a record (`<id>.conflict-<hash>.toml`),
told here, below the store, which names them when it skips one.

A random id of 8 characters from a 32-letter alphabet gives 2**40 values: two devices that
each add ten thousand records offline collide with a probability under one in ten thousand,
and a local collision is retried. Mentor ids are handles made from the name by design, so the
same person added on two devices is one record.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

# Crockford's base 32 in lower case: no i, l, o, u, so ids read aloud and type cleanly.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 8
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
# What a person's name may look like where a mentor is named: letters, digits, spaces, `.'-`
# (compiled when first used, by `re`'s cache: most commands name no mentor).
NAME_PATTERN = r"[^\W_][\w .'\u2019-]*"
MAX_ID_LENGTH = 64
# A conflict copy's file name: the record's id, then the hash of the copy's text.
_CONFLICT_COPY = re.compile(
    r"^(?P<id>[a-z0-9][a-z0-9-]*)\.conflict-(?P<hash>[0-9a-f]{8,64})\.toml$"
)


def is_valid_id(value: str) -> bool:
    """Whether `value` may name a record file (checked before any path is built)."""
    return len(value) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(value) is not None


def conflict_copy_name(record_id: str, digest: str) -> str:
    """The file name of a conflict copy of record `record_id` whose text hashes to `digest`
    (hexadecimal)."""
    return f"{record_id}.conflict-{digest}.toml"


def conflict_copy_record(name: str) -> str | None:
    """The record id a conflict copy's file name belongs to, or None if it is not one."""
    match = _CONFLICT_COPY.match(name)
    return match["id"] if match else None


def new_id(taken: Callable[[str], bool]) -> str:
    """A fresh random id that `taken` does not report as used."""
    while True:
        candidate = random_id()
        if not taken(candidate):
            return candidate


def random_id() -> str:
    """`ID_LENGTH` letters of `ALPHABET`, each as likely, from the system's random source.

    What `secrets.choice` would pick (its source is `os.urandom` too), without importing
    `secrets`, which loads OpenSSL through `hmac` (a sixth of the start of Python): the
    alphabet has 32 letters, so 5 random bits choose one, and 40 bits the 8 of an id.
    """
    bits = int.from_bytes(os.urandom((ID_LENGTH * 5 + 7) // 8))
    return "".join(ALPHABET[(bits >> (5 * n)) & 31] for n in range(ID_LENGTH))


def slugify(name: str) -> str:
    """A handle from a name: `Alex Kim` -> `alex-kim`, `José Núñez` -> `jose-nunez`."""
    import unicodedata  # here: only a new mentor's handle needs it

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:40].rstrip("-")


def mentor_handle(name: str, taken: Callable[[str], bool]) -> str:
    """The mentor id for `name`: its slug, suffixed `-2`, `-3`... if taken."""
    base = slugify(name) or "mentor"
    if not taken(base):
        return base
    number = 2
    while taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"


def match_prefix(prefix: str, ids: Iterable[str]) -> list[str]:
    """Every id that equals `prefix` or starts with it; an exact match wins alone."""
    candidates = sorted(i for i in ids if i.startswith(prefix))
    if prefix in candidates:
        return [prefix]
    return candidates


def suggest(given: str, candidates: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """`: did you mean alex-kim?`: the ids closest to `given`, also through names (`names`
    maps an id to its name), or "" when none is close."""
    folded = given.strip().casefold()
    scored = {c: closeness(folded, c) for c in candidates}
    for record_id, name in (names or {}).items():
        scored[record_id] = max(scored.get(record_id, 0.0), closeness(folded, name.casefold()))
    return did_you_mean(closest(scored))


def closest(scored: Mapping[str, float], cutoff: float = 0.6, count: int = 3) -> list[str]:
    """The best-scored keys at or above `cutoff`, best first."""
    ranked = sorted((-score, key) for key, score in scored.items() if score >= cutoff)
    return [key for _, key in ranked[:count]]


def closeness(given: str, candidate: str, cutoff: float = 0.6) -> float:
    """How alike two strings are (difflib's ratio), also against the candidate's start, so
    a typo of a prefix (`alx` for `alex-kim`) is close; 0 below `cutoff`."""
    import difflib

    best = 0.0
    for other in (candidate, candidate[: len(given) + 1]):
        matcher = difflib.SequenceMatcher(None, given, other)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            best = max(best, matcher.ratio())
    return best if best >= cutoff else 0.0


def did_you_mean(choices: Sequence[str]) -> str:
    """`: did you mean a, b or c?` for a non-empty list, else ""."""
    if not choices:
        return ""
    if len(choices) == 1:
        return f": did you mean {choices[0]}?"
    return f": did you mean {', '.join(choices[:-1])} or {choices[-1]}?"


def resolve_reference(
    given: str,
    what: str,
    list_ids: Callable[[], Sequence[str]],
    list_names: Callable[[], Mapping[str, str]] | None = None,
) -> str:
    """The id that `given` names, in SPEC's order: an exact id (any case), then an exact name
    (any case; for kinds with names, i.e. mentors, when `list_names` is given), then a unique
    prefix of an id (for a name, of its handle: `Alex K` is a prefix of `alex-kim`).

    Raises UsageError for text that cannot name a record (before any id is listed),
    AmbiguousIdError for a name or prefix that names several, NotFoundError (with the
    closest ids) for none.
    """
    from mentee.errors import AmbiguousIdError, NotFoundError, UsageError

    value = given.strip()
    lowered = value.lower()
    if is_valid_id(lowered):
        key = lowered
    elif list_names is not None and re.fullmatch(NAME_PATTERN, value):
        key = slugify(value)
    else:
        key = ""
    if not key:
        raise UsageError(f"invalid {what} id {given!r}: ids are lowercase letters, digits and '-'")
    record_ids = list_ids()
    if lowered in record_ids:
        return lowered
    names = list_names() if list_names is not None else None
    if names is not None:
        named = _named(value, names)
        if len(named) == 1:
            return named[0]
        if named:
            raise AmbiguousIdError(
                f"{len(named)} {what}s are named {value!r}: use an id ({', '.join(named)})"
            )
    matches = match_prefix(key, record_ids)
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:10]) + (", ..." if len(matches) > 10 else "")
        raise AmbiguousIdError(f"{what} id {given!r} is ambiguous: it matches {shown}")
    raise NotFoundError(f"no {what} {given!r}{suggest(value, record_ids, names)}")


def exact_reference(
    given: str, what: str, ids: Sequence[str], names: Mapping[str, str]
) -> str | None:
    """The id `given` is exactly (any case) or the id of the one record exactly named `given`;
    None when it is neither (AmbiguousIdError when several records have that name)."""
    from mentee.errors import AmbiguousIdError

    value = given.strip()
    if value.lower() in ids:
        return value.lower()
    named = _named(value, names)
    if len(named) > 1:
        raise AmbiguousIdError(
            f"{len(named)} {what}s are named {value!r}: use an id ({', '.join(named)})"
        )
    return named[0] if named else None


def _named(value: str, names: Mapping[str, str]) -> list[str]:
    """The ids whose name is `value` (any case, ignoring surrounding spaces)."""
    folded = value.strip().casefold()
    return sorted(i for i, name in names.items() if name.strip().casefold() == folded)
