"""Writing a suite's cases.json, for the tools beside this file: the reasons recorded for cases
we differ on (`by_design`, with `ours`) are carried over to the same cases, by id."""

from __future__ import annotations

import json
from pathlib import Path


def write_cases(out: Path, cases: list[dict], **header) -> None:
    previous = {case["id"]: case for case in json.loads(out.read_text(encoding="utf-8"))["cases"]} if out.exists() else {}
    for case in cases:
        for kept in ("by_design", "ours"):
            if kept in previous.get(case["id"], {}):
                case[kept] = previous[case["id"]][kept]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**header, "cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
