"""Glossary files: tsv, csv and TBX written and read back, and bad files rejected."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.formats import parse_glossary, read_glossary, render_glossary, write_glossary
from aligner.formats.glossary import COLUMNS
from aligner.formats.tbx import TBX_NS
from aligner.glossary import load_curated, shipped_glossaries
from aligner.records import Term
from aligner.signature import Signature

SIGNATURE = Signature.make("glossary", model="use-multilingual", model_version="x==1",
                           weights={"align": "2e799f3b", "glossary": "b8eec715"},
                           settings={"min_count": "auto", "glossary": ["d1be20fb"]})

TERMS = [
    Term("对等关税", "reciprocal tariff", ("reciprocal tariffs",), 0.875, 2,
         "延长对等关税暂停期。"),
    Term("301措施", "Section 301 measures", (), 0.5, 1, "美对华301措施, \"引号\"\t与制表符"),
    Term("出口管制", "export controls", ("export control", "export restrictions"), 1.0, 0, "",
         curated=True, forbidden=("export management",)),
]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx"])
def test_round_trip(fmt: str):
    text = render_glossary(TERMS, fmt)
    back = parse_glossary(text, fmt)
    # csv keeps an example's tabs; tsv and TBX fold white space.
    expected = [t if fmt == "csv" else _flat_example(t) for t in TERMS]
    assert back == expected


def _flat_example(term: Term) -> Term:
    from dataclasses import replace

    return replace(term, example=" ".join(term.example.split()))


def test_tsv_header_and_columns():
    plain = [t for t in TERMS if not t.curated and not t.forbidden]
    lines = render_glossary(plain, "tsv").splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert lines[1].split("\t")[:5] == ["对等关税", "reciprocal tariff", "0.875", "2",
                                         "reciprocal tariffs"]
    marked = render_glossary(TERMS, "tsv").splitlines()
    assert marked[0].split("\t")[-1] == "curated" and marked[-1].split("\t")[-1] == "yes"


def test_tbx_is_tbx_basic_v3():
    root = ET.fromstring(render_glossary(TERMS, "tbx").encode("utf-8"))
    assert root.tag == f"{{{TBX_NS}}}tbx"
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    entries = root.findall(f".//{{{TBX_NS}}}conceptEntry")
    assert len(entries) == len(TERMS)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [s.get(lang) for s in entries[0].findall(f"{{{TBX_NS}}}langSec")] == ["zh", "en"]


def test_tbx_signature_is_a_paragraph_of_the_source_description():
    text = render_glossary(TERMS, "tbx", signature=SIGNATURE)
    root = ET.fromstring(text.encode("utf-8"))
    ns = f"{{{TBX_NS}}}"
    paragraphs = root.findall(f"{ns}tbxHeader/{ns}fileDesc/{ns}sourceDesc/{ns}p")
    assert [p.get("type") for p in paragraphs] == [None, "x-aligner-signature"]
    assert Signature.parse(paragraphs[1].text or "") == SIGNATURE
    assert parse_glossary(text, "tbx") == parse_glossary(render_glossary(TERMS, "tbx"), "tbx")


def test_en_column_may_hold_several_renderings(tmp_path: Path):
    path = tmp_path / "g.csv"
    path.write_text("# a comment\nEN,ZH,notes\n\"export controls|export control\",出口管制,x\n",
                    encoding="utf-8")
    [term] = read_glossary(path)
    assert (term.zh, term.en, term.alternates, term.score) == (
        "出口管制", "export controls", ("export control",), 1.0)


@pytest.mark.parametrize("name, content, problem", [
    ("no_en.tsv", "zh\tscore\n出口管制\t1\n", "no en column"),
    ("empty.tsv", "# only a comment\nzh\ten\n", "no glossary entries"),
    ("bad.tbx", "<tbx><text><body><conceptEntry>", "not well-formed XML"),
    ("other.tbx", "<html><body/></html>", "not TBX"),
    ("bad_score.tsv", "zh\ten\tscore\n出口管制\texport controls\thigh\n", "is not a number"),
])
def test_bad_glossaries(tmp_path: Path, name: str, content: str, problem: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_glossary(path)
    assert problem in str(error.value) and str(path) in str(error.value)


def test_write_glossary_by_suffix(tmp_path: Path):
    path = tmp_path / "out.tbx"
    write_glossary(TERMS, path)
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    assert read_glossary(path) == [_flat_example(t) for t in TERMS]


def test_shipped_glossary_reads_and_covers_the_trade_terms():
    [path] = shipped_glossaries()
    assert any(line.startswith("# Sources:") for line in path.read_text("utf-8").splitlines())
    terms = {t.zh: t for t in load_curated([path])}
    assert len(terms) >= 40
    assert terms["对等关税"].en == "reciprocal tariff"
    assert terms["301措施"].en == "Section 301 measures"
    assert terms["国务院副总理"].en == "Vice Premier of the State Council"


def test_tbx_output_is_valid_tbx_core_structure():
    """Validated against the official TBX v3 core RELAX NG from ../shared/schemas (the
    dialect's Schematron is XSLT 2, which lxml cannot run)."""
    from lxml import etree

    schema = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "tbx-v3" / "core" \
        / "TBXcoreStructV03.rng"
    if not schema.exists():
        pytest.skip("../shared/schemas is not beside this checkout")
    relax = etree.RelaxNG(etree.parse(str(schema)))
    document = etree.fromstring(render_glossary(TERMS, "tbx").encode("utf-8"))
    assert relax.validate(document), relax.error_log
    signed = etree.fromstring(render_glossary(TERMS, "tbx", signature=SIGNATURE)
                              .encode("utf-8"))
    assert relax.validate(signed), relax.error_log
    broken = etree.fromstring(render_glossary(TERMS, "tbx").replace("<langSec", "<langSet")
                              .replace("</langSec", "</langSet").encode("utf-8"))
    assert not relax.validate(broken)
