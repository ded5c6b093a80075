"""Upgrading records written by an older mentee, one schema version at a time.

`MIGRATIONS[n]` turns the raw TOML mapping of a record at schema version `n` into the
mapping at version `n + 1`. The store applies every step from the file's version up to the
current one when it reads the file, before validation, so the rest of the program only ever
sees current records. The file itself is upgraded when the record is next written (and only
then): reading never rewrites a file.

A record from a *newer* schema is never migrated, only read for the fields this version
knows; the store refuses to rewrite it (see `Store.ensure_writable`).

To change the file format: bump `models.SCHEMA_VERSION`, add the step from the old version
here, and add a test with a file of the old version (tests/adversarial/test_schema.py shows
how). A step must keep keys it does not know, like the models do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentee.kinds import Kind

Migration = Callable[[Kind, dict[str, Any]], dict[str, Any]]

# version n -> the step from n to n + 1. Version 1 is the first format: nothing to do yet.
MIGRATIONS: dict[int, Migration] = {}


class MigrationError(Exception):
    """No step is known from a version, or a step failed on this record."""


def upgrade(kind: Kind, data: dict[str, Any], version: int, target: int) -> dict[str, Any]:
    """`data` (a record of `kind` at schema `version`) brought up to schema `target`.

    Each step gets a copy, so a failing step leaves the caller's mapping as it was. The
    result carries `schema_version = target`. A version at or above `target` is returned
    unchanged.
    """
    current = dict(data)
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"no upgrade is known from schema {version} to {version + 1}")
        try:
            current = step(kind, dict(current))
        except (KeyError, TypeError, ValueError) as exc:
            raise MigrationError(
                f"cannot upgrade from schema {version} to {version + 1}: {exc}"
            ) from None
        version += 1
        current["schema_version"] = version
    return current
