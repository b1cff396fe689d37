"""A step's output on disk: searched whole, block by block, with ^ and $ meaning what they mean."""

from __future__ import annotations

from researchsite.tutorials.output import search, tail


def test_a_pattern_is_found_anywhere_in_a_file_larger_than_a_block(tmp_path):
    path = tmp_path / "out"
    path.write_bytes(b"a\n" * 1000 + b"the line\n" + b"b\n" * 5000)
    assert search(path, "^the line$", block=1000, overlap=100)
    assert not search(path, "^he line$", block=1000, overlap=100)  # ^ is a line start, not a block's


def test_a_match_across_a_block_boundary_is_found(tmp_path):
    path = tmp_path / "out"
    path.write_bytes(b"x\n" * 499 + b"first\nsecond\n" + b"y\n" * 1000)  # "first" ends near byte 1000
    assert search(path, "first\nsecond", block=1000, overlap=100)


def test_a_line_longer_than_a_block_is_still_searched(tmp_path):
    path = tmp_path / "out"
    path.write_bytes(b"z" * 5000 + b"NEEDLE" + b"z" * 5000 + b"\n")
    assert search(path, "NEEDLE", block=1000, overlap=100)


def test_empty_and_missing_files_are_empty_output(tmp_path):
    (tmp_path / "empty").write_bytes(b"")
    for path in (tmp_path / "empty", tmp_path / "missing"):
        assert search(path, "^$") and not search(path, "x")
        assert tail(path) == ""


def test_the_tail_is_the_last_lines_with_progress_redraws_folded(tmp_path):
    path = tmp_path / "out"
    path.write_bytes(b"".join(b"line %d\n" % i for i in range(100)) + b"10%\r50%\r100%\n")
    shown = tail(path).splitlines()
    assert len(shown) == 40 and shown[-1] == "100%" and shown[-2] == "line 99"
