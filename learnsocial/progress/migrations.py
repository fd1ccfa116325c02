"""Schema versions of the progress files and the steps that upgrade them.

Every data file carries the version it was written in (storage.STAMP_KEY); a file without one
is version 1. A file is upgraded in memory when it is read, one step at a time (n -> n + 1),
and written back in the current version on its next save, so an upgrade never needs a pass over
10,000 files and a crash half-way through one cannot leave a half-upgraded folder.

To change the format: raise SCHEMA_VERSION and add the step from the old version, e.g.

    def _v1_to_v2(kind: str, tables: dict) -> dict:
        if kind == "summary":
            for doc in tables.get("employees", {}).values():
                doc.setdefault("department", "")
        return tables

    MIGRATIONS[1] = _v1_to_v2

A change of layout (files moved or split) needs a step over the whole folder instead; meta.json
records the folder's version for that.
"""
from __future__ import annotations

from collections.abc import Callable

SCHEMA_VERSION = 1

# kind of file ("summary", "learner") and its tables -> the tables one version later
Migration = Callable[[str, dict], dict]
MIGRATIONS: dict[int, Migration] = {}


def upgrade(kind: str, tables: dict, version: int,
            migrations: dict[int, Migration] | None = None,
            target: int = SCHEMA_VERSION) -> dict:
    """The tables of a file of the given version, brought up to the target version."""
    steps = MIGRATIONS if migrations is None else migrations
    while version < target:
        if version not in steps:
            raise LookupError(f"no migration from schema version {version} to {version + 1}")
        tables = steps[version](kind, tables)
        version += 1
    return tables
