"""Write a JSON Schema declared in `structure/` into the package's `schemas/`, where the loader
and editors read it (a test per schema keeps the file equal to its declaration)."""

from __future__ import annotations

import json
from importlib import resources


def write_schema(name: str, schema: dict) -> None:
    target = resources.files("researchsite").joinpath("schemas", f"{name}.schema.json")
    with resources.as_file(target) as path:
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
