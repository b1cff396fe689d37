"""Typst runs in a child process: the PDF comes back, a fault comes back as Typst's message, and
the calling process never loads the compiler (which keeps its memory for as long as it lives)."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from researchsite.generate.typeset import TypesetFailed, typeset

STAMP = datetime(2026, 9, 1, tzinfo=timezone.utc)


def test_the_pdf_comes_back_with_the_inputs_in_it_and_typst_stays_out_of_this_process():
    pdf = typeset('#sys.inputs.at("name")', {"name": "Tom Barbette, Kostić"}, STAMP)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Tom Barbette, Kostić" in text
    assert "typst" not in sys.modules


def test_the_same_inputs_give_the_same_bytes():
    assert typeset("Hello", {}, STAMP) == typeset("Hello", {}, STAMP)


def test_a_template_typst_refuses_is_an_error_with_typsts_message():
    with pytest.raises(TypesetFailed, match="unknown variable: nowhere"):
        typeset("#nowhere", {}, STAMP)


def test_typesetting_later_gives_the_same_pdf_while_the_caller_goes_on():
    from researchsite.generate.typeset import typeset_later

    pending = typeset_later("Hello", {}, STAMP)
    assert pending.result(timeout=120) == typeset("Hello", {}, STAMP)


def test_a_fault_typesetting_later_comes_back_when_the_result_is_asked_for():
    from researchsite.generate.typeset import typeset_later

    pending = typeset_later("#nowhere", {}, STAMP)
    with pytest.raises(TypesetFailed, match="unknown variable: nowhere"):
        pending.result(timeout=120)


def test_a_held_typesetting_starts_at_go_or_when_its_result_is_asked_for(monkeypatch):
    """`mkdocs serve` holds the child back while it renders (typeset.hold, go): a held request
    starts at go(); one whose result is asked for meanwhile starts then, rather than never."""
    import threading

    from researchsite.generate import typeset as typesetting

    started = threading.Event()
    real = typesetting.typeset
    monkeypatch.setattr(typesetting, "typeset", lambda *request: started.set() or real(*request))
    try:
        typesetting.hold()
        pending = typesetting.typeset_later("Hello", {}, STAMP)
        assert not started.wait(1)  # held: never started (however long one waited)
        typesetting.go()
        assert started.wait(120) and pending.result(timeout=120) == typeset("Hello", {}, STAMP)
        started.clear()
        typesetting.hold()
        asked = typesetting.typeset_later("Again", {}, STAMP)
        assert asked.result(timeout=120) == typeset("Again", {}, STAMP) and started.is_set()
    finally:
        typesetting.go()


def test_a_pdf_kept_from_the_same_request_is_read_instead_of_typeset_again(tmp_path):
    made = typeset("Hello", {"x": "1"}, STAMP, kept_in=tmp_path)
    [kept] = tmp_path.glob("*.pdf")
    assert kept.read_bytes() == made == typeset("Hello", {"x": "1"}, STAMP)
    kept.write_bytes(b"%PDF-1.7 the kept one %%EOF")  # what the cache holds is what comes back
    assert typeset("Hello", {"x": "1"}, STAMP, kept_in=tmp_path) == b"%PDF-1.7 the kept one %%EOF"
    kept.write_bytes(made[: len(made) // 2])  # cut short: typeset again, and kept whole
    assert typeset("Hello", {"x": "1"}, STAMP, kept_in=tmp_path) == made
    assert kept.read_bytes() == made


def test_other_inputs_or_another_day_are_typeset_anew_and_only_the_newest_pdfs_stay(tmp_path):
    from researchsite.generate.kept import KEPT_PDFS

    typeset("Hello", {"x": "1"}, STAMP, kept_in=tmp_path)
    typeset("Hello", {"x": "1"}, STAMP, kept_in=tmp_path)
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    typeset("Hello", {"x": "2"}, STAMP, kept_in=tmp_path)
    typeset("Hello", {"x": "1"}, datetime(2026, 9, 2, tzinfo=timezone.utc), kept_in=tmp_path)
    assert len(list(tmp_path.glob("*.pdf"))) == 3
    for number in range(KEPT_PDFS):
        typeset("Hello", {"x": str(10 + number)}, STAMP, kept_in=tmp_path)
    assert len(list(tmp_path.glob("*.pdf"))) == KEPT_PDFS
    assert not list(tmp_path.glob("*.part"))
