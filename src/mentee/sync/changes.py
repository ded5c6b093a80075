"""What changed between two states of the journal, said the way a person would ("2 actions
done, 1 note added"): commit messages and what a sync received."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentee.kinds import Kind
from mentee.sync import KIND_OF_FOLDER
from mentee.sync.git import SETUP_FILES, split_paths
from mentee.text import plural

if TYPE_CHECKING:
    from mentee.sync.git import Git


@dataclass(frozen=True)
class FileChange:
    """One file that differs between two states; `old`/`new` None when absent."""

    path: str
    old: bytes | None
    new: bytes | None


_PLURALS = {"feedback": "feedback"}


def describe_changes(changes: Sequence[FileChange]) -> str:
    """What changed, the way a person would say it: "2 actions done, 1 note added"."""
    events: Counter[tuple[str, str]] = Counter()
    for change in changes:
        for event in _events(change):
            events[event] += 1
    parts = []
    for (noun, verb), count in events.items():
        if noun == "settings":
            parts.append(f"settings {verb}")
            continue
        parts.append(f"{plural(count, noun, _PLURALS.get(noun))} {verb}")
    return ", ".join(parts)


def _events(change: FileChange) -> list[tuple[str, str]]:
    path = Path(change.path)
    if change.path in SETUP_FILES:
        return []
    if change.path == "config.toml":
        return [("settings", "changed")]
    kind = KIND_OF_FOLDER.get(path.parent.as_posix())
    if kind is None:
        return [("other file", "changed")]
    from mentee.ids import conflict_copy_record

    if conflict_copy_record(path.name):
        return [("conflict", "resolved" if change.new is None else "to resolve")]
    noun = kind.value
    if change.old is None:
        return [(noun, "added")]
    if change.new is None:
        return [(noun, "deleted")]
    old, new = _document(change.old), _document(change.new)
    if old is None or new is None:
        return [(noun, "edited")]
    return _record_events(kind, old, new)


def _document(data: bytes) -> dict[str, Any] | None:
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


_STATUS_VERBS = {
    Kind.ACTION: {"done": "done", "dropped": "dropped", "open": "reopened"},
    Kind.GOAL: {"achieved": "achieved", "dropped": "dropped", "paused": "paused"},
    Kind.MEETING: {"held": "logged", "cancelled": "cancelled"},
    Kind.TOPIC: {"discussed": "discussed", "dropped": "dropped"},
}


def _record_events(kind: Kind, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    events = []
    explained = {"updated", "created", "schema_version"}
    if old.get("status") != new.get("status"):
        verb = _STATUS_VERBS.get(kind, {}).get(str(new.get("status")))
        if verb:
            events.append((kind.value, verb))
            explained |= {"status", "done", "achieved", "cancel_reason"}
            if kind is Kind.MEETING:
                explained |= {"agenda", "notes", "advice", "actions"}
    if kind is Kind.GOAL:
        if old.get("target") != new.get("target"):
            events.append(("goal", "retargeted"))
            explained |= {"target", "timeline"}
        before = [m for m in old.get("milestones", []) if isinstance(m, dict)]
        after = [m for m in new.get("milestones", []) if isinstance(m, dict)]
        done_before = sum(1 for m in before if m.get("done"))
        done_after = sum(1 for m in after if m.get("done"))
        added, ticked = len(after) - len(before), done_after - done_before
        events += [("milestone", "added")] * max(added, 0)
        events += [("milestone", "done")] * max(ticked, 0)
        if added > 0 or ticked > 0:
            explained.add("milestones")
    if kind is Kind.ACTION:
        added = len(new.get("notes", [])) - len(old.get("notes", []))
        events += [("action note", "added")] * max(added, 0)
        if added > 0:
            explained.add("notes")
    if kind is Kind.MENTOR and len(new.get("thanks", [])) > len(old.get("thanks", [])):
        events.append(("mentor", "thanked"))
        explained.add("thanks")
    others = {k for k in set(old) | set(new) if old.get(k) != new.get(k)} - explained
    if others or not events:
        events.append((kind.value, "edited"))
    return events


def changes(git: Git, old: str | None, new: str | None) -> list[FileChange]:
    """The files that differ between commits `old` and `new` (None: the index)."""
    if old is None:
        listing = (
            git.run("ls-files", "-z", "--cached")
            if new is None
            else git.run("ls-tree", "-r", "-z", "--name-only", new)
        )
        statuses = [("A", p) for p in split_paths(listing.out)]
    else:
        args = ["diff", "--name-status", "-z", "--no-renames"]
        args += ["--cached", old] if new is None else [old, new]
        fields = split_paths(git.run(*args).out)
        statuses = list(zip(fields[::2], fields[1::2], strict=False))
    old_names = [f"{old}:{p}" for s, p in statuses if s != "A" and old is not None]
    new_prefix = ":" if new is None else f"{new}:"
    new_names = [f"{new_prefix}{p}" for s, p in statuses if s != "D"]
    blobs = git.blobs(old_names + new_names)
    return [
        FileChange(
            path,
            blobs.get(f"{old}:{path}") if status != "A" else None,
            blobs.get(f"{new_prefix}{path}") if status != "D" else None,
        )
        for status, path in statuses
    ]


def describe(git: Git, old: str | None, new: str | None) -> str:
    """What differs between commits `old` and `new` (None: the index), in words."""
    return describe_changes(changes(git, old, new))
