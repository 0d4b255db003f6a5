"""Batch manifests: tsv, jsonl and directories; bad ones are one InputError naming file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.batch.manifest import check_id, read_manifest
from aligner.errors import InputError


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_tsv_documents_and_pairs_with_header_and_comments(tmp_path):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("id\tzh\ten\n# a comment\n\nnews-1\tdoc.txt\nbook\tzh/1.txt\t/abs/en.txt\n",
                        encoding="utf-8")
    documents = read_manifest(manifest).documents
    assert [d.id for d in documents] == ["news-1", "book"]
    assert documents[0].inputs == (str(tmp_path / "doc.txt"),)
    assert documents[1].inputs == (str(tmp_path / "zh/1.txt"), "/abs/en.txt")
    assert documents[1].origin == f"{manifest}:5"


def test_jsonl_documents_and_pairs(tmp_path):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "a", "document": "a.docx"}) + "\n\n"
                        + json.dumps({"id": "b", "zh": "b.zh", "en": "b.en"}) + "\n",
                        encoding="utf-8")
    documents = read_manifest(manifest).documents
    assert [(d.id, len(d.inputs)) for d in documents] == [("a", 1), ("b", 2)]


@pytest.mark.parametrize(("content", "line", "words"), [
    ("a\tx\ny\n", 2, "1 tab-separated fields"),
    ("a\tx\tx\tx\n", 1, "4 tab-separated fields"),
    ("a\t\n", 1, "empty path"),
    ("../up\tx\n", 1, "not safe in a file name"),
    (".hidden\tx\n", 1, "starts with '.'"),
    ("batch-report\tx\n", 1, "reserved"),
    ("a\t-\n", 1, "standard input"),
    ("a\tx\nA\ty\n", 2, "repeats the id 'a'"),
])
def test_bad_tsv_manifest_names_file_and_line(tmp_path, content, line, words):
    manifest = tmp_path / "m.tsv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_manifest(manifest)
    assert f"m.tsv:{line}" in str(caught.value)
    assert words in str(caught.value)


@pytest.mark.parametrize(("content", "words"), [
    ("{not json}\n", "is not JSON"),
    ('{"id": "a", "document": "x", "extra": 1}\n', "expected the keys"),
    ('{"id": "a", "zh": "x"}\n', "expected the keys"),
    ('["a", "b"]\n', "expected the keys"),
    ('{"id": 3, "document": "x"}\n', "not a non-empty string"),
])
def test_bad_jsonl_manifest(tmp_path, content, words):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words) as caught:
        read_manifest(manifest)
    assert "m.jsonl:1" in str(caught.value)


def test_missing_and_empty_manifests(tmp_path):
    with pytest.raises(InputError, match="no such manifest"):
        read_manifest(tmp_path / "nope.tsv")
    (tmp_path / "empty.tsv").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="lists no documents"):
        read_manifest(tmp_path / "empty.tsv")


def test_directory_of_language_folders(tmp_path):
    _touch(tmp_path, "zh/001", "zh/002.txt", "en/001", "en/002.txt", "zh/.hidden")
    documents = read_manifest(tmp_path).documents
    assert [d.id for d in documents] == ["001", "002"]
    assert documents[1].inputs == (str(tmp_path / "zh/002.txt"), str(tmp_path / "en/002.txt"))


def test_language_folders_with_a_lone_file(tmp_path):
    _touch(tmp_path, "zh/001", "zh/002", "en/001")
    with pytest.raises(InputError, match="no file of the same name") as caught:
        read_manifest(tmp_path)
    assert "002" in str(caught.value)


def test_flat_directory_pairs_and_mixed_documents(tmp_path):
    _touch(tmp_path, "talks.zh.txt", "talks.en.docx", "readout.txt", "notes", ".DS_Store")
    (tmp_path / "sub").mkdir()
    documents = {d.id: d.inputs for d in read_manifest(tmp_path).documents}
    assert documents == {
        "notes": (str(tmp_path / "notes"),),
        "readout": (str(tmp_path / "readout.txt"),),
        "talks": (str(tmp_path / "talks.zh.txt"), str(tmp_path / "talks.en.docx")),
    }


def test_flat_directory_lone_half_and_clashing_ids(tmp_path):
    _touch(tmp_path, "talks.zh.txt")
    with pytest.raises(InputError, match="no en file to pair with"):
        read_manifest(tmp_path)
    (tmp_path / "talks.zh.txt").unlink()
    _touch(tmp_path, "a.txt", "a.docx")
    with pytest.raises(InputError, match="repeats the id 'a'"):
        read_manifest(tmp_path)


def test_unsafe_file_name_in_directory_points_to_a_manifest(tmp_path):
    _touch(tmp_path, "bad:name.txt")
    with pytest.raises(InputError, match="in a manifest"):
        read_manifest(tmp_path)


@pytest.mark.parametrize("value", ["001", "新闻 一", "a.b-c_d", "x" * 200])
def test_safe_ids(value):
    assert check_id(value) is None


@pytest.mark.parametrize("value", ["", " ", "a/b", "a\\b", "-x", "x.", "x ", "a\nb",
                                   "x" * 201, "Batch-Report"])
def test_unsafe_ids(value):
    assert check_id(value) is not None
