"""The glossary CSV for CAT tools (memoQ, Trados): language codes as headers, UTF-8 with a
BOM, one column a term; read back, and read from memoQ-style exports."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.formats import (
    GLOSSARY_FORMATS,
    format_for_path,
    read_glossary,
    render_glossary,
    write_glossary,
)
from aligner.records import Term
from tests.conftest import ROOT

TERMS = [
    Term("对等关税", "reciprocal tariff", ("reciprocal tariffs", "reciprocal duties"), 0.875, 2,
         "延长对等关税暂停期，\"引号\", 逗号"),
    Term("301措施", "Section 301 measures", (), 0.5, 1, ""),
    Term("出口管制", "export controls", ("export control",), 1.0, 0, "", curated=True,
         forbidden=("export management", "export restriction")),
]


def test_layout_is_language_codes_one_term_a_cell_utf8_bom_crlf(tmp_path: Path):
    path = tmp_path / "terms.cat.csv"
    write_glossary(TERMS, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\r\r" not in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["zh-CN", "en-US", "en-US", "en-US", "Forbidden (en-US)", "Context"]
    assert rows[1] == ["对等关税", "reciprocal tariff", "reciprocal tariffs", "reciprocal duties",
                       "", "延长对等关税暂停期，\"引号\", 逗号"]
    assert rows[2] == ["301措施", "Section 301 measures", "", "", "", ""]
    assert rows[3] == ["出口管制", "export controls", "export control", "",
                       "export management|export restriction", ""]
    assert len(rows) == 4


def test_optional_columns_only_when_needed():
    plain = [Term("关税", "tariff", (), 1.0, 0, "")]
    assert render_glossary(plain, "cat-csv") == "\ufeffzh-CN,en-US\r\n关税,tariff\r\n"


def test_reads_back_everything_a_cat_tool_keeps(tmp_path: Path):
    path = tmp_path / "terms.cat.csv"
    write_glossary(TERMS, path)
    back = read_glossary(path)
    assert [(t.zh, t.en, t.alternates, t.forbidden, t.example) for t in back] == \
        [(t.zh, t.en, t.alternates, t.forbidden, t.example) for t in TERMS]
    # What CAT tools have no field for is not written: defaults come back.
    assert {(t.score, t.count, t.curated) for t in back} == {(1.0, 0, False)}


def test_suffix_and_format_name():
    assert format_for_path("out/terms.cat.csv", GLOSSARY_FORMATS) == "cat-csv"
    assert format_for_path("out/TERMS.CAT.CSV", GLOSSARY_FORMATS) == "cat-csv"
    assert format_for_path("out/terms.csv", GLOSSARY_FORMATS) == "csv"
    assert format_for_path("out/v1.2.csv", GLOSSARY_FORMATS) == "csv"


def test_reads_a_memoq_style_export(tmp_path: Path):
    """memoQ writes language names, semicolons (or tabs) and may keep alternatives in one
    cell; a term base export also has columns aligner does not know."""
    path = tmp_path / "memoq.cat.csv"
    path.write_text("Entry_ID;Chinese_PRC;English_United_States;English_United_States;"
                    "Entry_Note\n1;对等关税;reciprocal tariff|reciprocal tariffs;reciprocal "
                    "duties;from the readout\n2;;;;\n", encoding="utf-8-sig")
    [term] = read_glossary(path)
    assert (term.zh, term.en, term.alternates, term.example) == (
        "对等关税", "reciprocal tariff", ("reciprocal tariffs", "reciprocal duties"), "")


def test_the_plain_csv_reader_reads_a_cat_csv_named_csv(tmp_path: Path):
    path = tmp_path / "terms.csv"
    path.write_text(render_glossary(TERMS, "cat-csv"), encoding="utf-8")
    assert [(t.zh, t.en) for t in read_glossary(path)] == [(t.zh, t.en) for t in TERMS]


@pytest.mark.parametrize(("content", "problem"), [
    ("Chinese,French\n关税,tarif\n", "line 1: the header row names no en language column"),
    ("en-US,Note\ntariff,x\n", "names no zh language column"),
    ("zh-CN,en-US\n关税,\n", "line 2: an entry needs both a zh-CN and an en-US term"),
    ("zh-CN,en-US\n" + "长" * 201 + ",long\n", "line 2: the term is 201 characters long"),
    ("zh-CN,en-US\n\"关税,tariff\n", "line 2: unexpected end of data"),
])
def test_bad_files_are_one_line_naming_file_and_line(tmp_path: Path, content: str,
                                                     problem: str):
    path = tmp_path / "bad.cat.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_glossary(path)
    assert caught.value.path == str(path) and problem in caught.value.problem
    assert "\n" not in caught.value.problem


def test_aligner_glossary_writes_it(tmp_path: Path):
    from tests.test_glossary_cli import ALIGNED

    aligned = tmp_path / "aligned.tsv"
    aligned.write_text(ALIGNED, encoding="utf-8")
    out = tmp_path / "terms.csv"
    result = subprocess.run(
        [sys.executable, "-m", "aligner", "glossary", "-q", str(aligned), "-o", str(out),
         "--format", "cat-csv"], capture_output=True, cwd=ROOT, timeout=300, text=True)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith("\ufeffzh-CN,en-US".encode())
    assert "何立峰" in {t.zh for t in GLOSSARY_FORMATS["cat-csv"].parse(data.decode("utf-8"))}


def test_glossary_from_an_xliff2_file_of_a_cat_tool(tmp_path: Path, encoder):
    """An XLIFF 2 file (segments as pairs, inline markup) is an aligned input to glossary."""
    from aligner import glossary_for
    from tests.test_glossary_cli import ALIGNED

    pairs = [line.split("\t")[:2] for line in ALIGNED.splitlines()[1:]]
    segments = "".join(f"<segment><source>{zh}</source><target><pc id='1'>{en}</pc></target>"
                       f"</segment>" for zh, en in pairs)
    path = tmp_path / "from_tool.xlf"
    path.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" '
                    f'srcLang="zh-CN" trgLang="en-US"><file id="f"><unit id="u">{segments}'
                    "</unit></file></xliff>", encoding="utf-8")
    terms = {t.zh: t.en for t in glossary_for([path], encoder=encoder, use_shipped=False)}
    assert terms.get("何立峰") == "He Lifeng"
