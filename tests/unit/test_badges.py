"""The badges' declaration: every name the schema accepts has a drawing whose text stays legible."""

from __future__ import annotations

from researchsite.structure.fields import paper_schema
from researchsite.structure.paper import BADGE_BODIES, Badge


def contrast(colour: str, other: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(colour), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_schema_accepts_exactly_the_declared_badges():
    properties = paper_schema()["properties"]["badges"]["properties"]
    assert {body: spec["items"]["enum"] for body, spec in properties.items()} == {
        body: list(declared.kinds) for body, declared in BADGE_BODIES.items()
    }


def test_text_drawn_in_or_on_a_badge_colour_keeps_4_5_to_1_against_white():
    for body, declared in BADGE_BODIES.items():
        for name, kind in declared.kinds.items():
            assert contrast(kind.colour) >= 4.5, (body, name, kind.colour)


def test_labels_say_the_full_name():
    assert Badge("acm", "reusable").label == "ACM badge: Artifacts Evaluated — Reusable"
    assert Badge("usenix", "reproduced").label == "USENIX badge: Results Reproduced"
    assert Badge("usenix", "reproduced").url is None
