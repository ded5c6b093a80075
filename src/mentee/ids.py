"""Record ids: short, random, lowercase, safe to create on two devices offline.

A random id of 8 characters from a 32-letter alphabet gives 2**40 values: two devices that
each add ten thousand records offline collide with a probability under one in ten thousand,
and a local collision is retried. Mentor ids are handles made from the name by design, so the
same person added on two devices is one record.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable

# Crockford's base 32 in lower case: no i, l, o, u, so ids read aloud and type cleanly.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 8
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_ID_LENGTH = 64


def is_valid_id(value: str) -> bool:
    """Whether `value` may name a record file (checked before any path is built)."""
    return len(value) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(value) is not None


def new_id(taken: Callable[[str], bool]) -> str:
    """A fresh random id that `taken` does not report as used."""
    while True:
        candidate = "".join(secrets.choice(ALPHABET) for _ in range(ID_LENGTH))
        if not taken(candidate):
            return candidate


def slugify(name: str) -> str:
    """A handle from a name: `Alex Kim` -> `alex-kim`, `José Núñez` -> `jose-nunez`."""
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
