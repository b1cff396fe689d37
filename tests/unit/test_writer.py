"""The downloads' writer (researchsite/writer.py): a real child process writes every file it is
handed, folders made, bytes as given, and names each file it could not write."""

from __future__ import annotations

import pytest

from researchsite.writer import Writer, WriterFailed


def test_every_file_is_written_with_its_folders_and_its_bytes(tmp_path):
    files = {
        tmp_path / "publications" / "a" / "a.bib": "@misc{a,\n  title = {Ünïcode},\n}\n".encode(),
        tmp_path / "publications" / "a" / "a.json": b"[]\n",
        tmp_path / "robots.txt": b"User-agent: *\n",
        tmp_path / "empty.ris": b"",
        tmp_path / "ü" / "binary.pdf": bytes(range(256)) * 3,
    }
    writer = Writer()
    for path, data in files.items():
        writer.add(str(path), data)
    writer.wait()
    assert {path: path.read_bytes() for path in files} == files


def test_more_than_a_batch_is_written_whole(tmp_path):
    # 3 MB in 3,000 files: handed over in several batches, every one written.
    files = {tmp_path / f"p{number % 50}" / f"{number}.bib": f"{number}".encode() * 300 for number in range(3000)}
    writer = Writer()
    for path, data in files.items():
        writer.add(str(path), data)
    writer.wait()
    assert all(path.read_bytes() == data for path, data in files.items())


def test_a_file_that_cannot_be_written_is_named_and_the_others_are_written(tmp_path):
    (tmp_path / "taken").write_text("a file where a folder should be\n")
    writer = Writer()
    writer.add(str(tmp_path / "before.bib"), b"before")
    writer.add(str(tmp_path / "taken" / "x.bib"), b"x")
    writer.add(str(tmp_path / ("k" * 300 + ".json")), b"too long a name")
    writer.add(str(tmp_path / "after.bib"), b"after")
    with pytest.raises(WriterFailed) as failed:
        writer.wait()
    lines = str(failed.value).splitlines()
    assert lines == [f"{tmp_path / 'taken' / 'x.bib'}: File exists ({tmp_path / 'taken'})", f"{tmp_path / ('k' * 300 + '.json')}: File name too long"]
    assert (tmp_path / "before.bib").read_bytes() == b"before" and (tmp_path / "after.bib").read_bytes() == b"after"


def test_nothing_to_write_starts_no_child(tmp_path):
    writer = Writer()
    writer.wait()
    writer.wait()  # and waiting again is harmless
    assert writer._child is None
