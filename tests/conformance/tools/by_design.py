"""Marks a case as a difference on purpose: `python tests/conformance/tools/by_design.py
AREA/PEER CASE_ID "reason"` records the reason and what we give now (`ours`) in its cases.json."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.conformance.harness import SUITES, _normal  # noqa: E402

name, case_id, reason = sys.argv[1:4]
suite = next(suite for suite in SUITES if f"{suite.area}/{suite.peer}" == name)
data = json.loads(suite.path.read_text(encoding="utf-8"))
case = next(case for case in data["cases"] if case["id"] == case_id)
case["by_design"] = reason
case["ours"] = _normal(suite.run(case))
suite.path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"{name} {case_id}: by design, ours = {case['ours']!r}")
