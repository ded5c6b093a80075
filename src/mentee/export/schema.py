"""JSON Schemas of the export and of each record kind, generated from the models.

    python -m mentee.export.schema docs/schema

writes `export.schema.json` (what `export --format json` writes), `jsonl.schema.json` (one
line of `--format jsonl`) and `<kind>.schema.json` for each kind (a record as `--json`
prints it). A test fails when the files in docs/schema are not what this generates.

The schemas describe what `import` accepts as well: every field but the required ones may
be left out, and keys a record does not know are allowed (they are kept).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from mentee.export.jsondoc import FORMAT
from mentee.kinds import Kind
from mentee.models import MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def kind_schema(kind: Kind) -> dict[str, Any]:
    """One record of `kind`, as `--json` prints it and `import` reads it."""
    schema = MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    description = f"One {kind.value} record, as `--json` prints it and `import` reads it."
    if kind == Kind.MENTOR:
        description += (
            " `mentor show|list|add|edit --json` add `goals`: the ids of the goals whose"
            " `mentors` list this mentor. It is derived, in no file and no export, and"
            " `import` ignores it: which mentor serves which goal is stored on the goal."
        )
    return {
        "$schema": DIALECT,
        "title": f"mentee {kind.value}",
        "description": description,
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def _all_kinds() -> tuple[dict[Kind, dict[str, Any]], dict[str, Any]]:
    """A reference to each kind's schema, and the shared definitions they point into."""
    from pydantic.json_schema import models_json_schema

    refs, top = models_json_schema(
        [(MODELS[kind], "validation") for kind in Kind],
        by_alias=True,
        ref_template="#/$defs/{model}",
    )
    by_kind = {kind: dict(refs[(MODELS[kind], "validation")]) for kind in Kind}
    return by_kind, top.get("$defs", {})


def export_schema() -> dict[str, Any]:
    """The document `export --format json` writes."""
    refs, definitions = _all_kinds()
    properties: dict[str, Any] = {
        "format": {"const": FORMAT, "description": "The export format and its version."},
        "exported": {
            "type": "string",
            "format": "date-time",
            "description": "When the export was made.",
        },
    }
    for kind in Kind:
        properties[kind.plural] = {"type": "array", "items": refs[kind]}
    return {
        "$schema": DIALECT,
        "title": "mentee export",
        "description": "The whole journal (or the kinds chosen with --kind), as "
        "`mentee export --format json` writes it and `mentee import` reads it.",
        "type": "object",
        "properties": properties,
        "required": ["format", "exported"],
        "additionalProperties": False,
        "$defs": definitions,
    }


def jsonl_schema() -> dict[str, Any]:
    """One line of `export --format jsonl`: a record with its kind in `type`."""
    refs, definitions = _all_kinds()
    return {
        "$schema": DIALECT,
        "title": "mentee export line",
        "description": "One line of `mentee export --format jsonl`: a record of the kind "
        "`type` names.",
        "oneOf": [
            {
                "allOf": [refs[kind]],
                "properties": {"type": {"const": kind.value}},
                "required": ["type"],
            }
            for kind in Kind
        ],
        "$defs": definitions,
    }


def render() -> dict[str, str]:
    """Every schema file: its name and its text."""
    documents = {"export.schema.json": export_schema(), "jsonl.schema.json": jsonl_schema()}
    for kind in Kind:
        documents[f"{kind.value}.schema.json"] = kind_schema(kind)
    return {
        name: json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        for name, document in documents.items()
    }


def main(argv: list[str]) -> int:
    """Write the schemas into the folder given (docs/schema by default)."""
    folder = Path(argv[0]) if argv else Path("docs/schema")
    folder.mkdir(parents=True, exist_ok=True)
    files = render()
    for stale in folder.glob("*.schema.json"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    sys.stderr.write(f"Wrote {len(files)} schemas to {folder}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
