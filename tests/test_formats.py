"""Bead file formats: one contract every registered format passes, then each format's specifics."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest

import aligner
from aligner.errors import InputError
from aligner.formats import (
    DEFAULT_SCORE,
    FORMATS,
    SCORE_DECIMALS,
    BeadFormat,
    format_for_path,
    get_format,
    read_beads,
    render_beads,
    write_beads,
)
from aligner.records import Bead
from aligner.signature import Signature, find_signature

DTD = Path(__file__).parent / "data" / "tmx14.dtd"
XLIFF_SCHEMAS = Path(__file__).parent / "data" / "xliff"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# One block, ids sequential: what even TSV (which keeps no ids) gives back exactly.
SEQUENTIAL = [
    Bead((0,), (0,), "今天天气很好。", "The weather is fine today.", 0.8123),
    Bead((1, 2), (1,), "他来了。他走了。", "He came and went.", 0.61),
    Bead((), (2,), "", "An added sentence.", 0.0),
    Bead((3,), (), "一个漏译的句子。", "", 0.25),
    Bead((4,), (3, 4), "最后一句。", "The last. Really.", 1.0),
]

AWKWARD = [
    "tab\there",
    "line\nbreak",
    "windows\r\nline",
    'double "quotes" and \'single\'',
    "<b>markup</b> & &amp; entities ]]> end",
    "emoji 😀👍🏽 and 中文，标点！",
    "control\x01\x07\x1b[0m chars\x7f",
    "  leading and trailing spaces  ",
    "vertical\x0bform\x0cfeed",
    "unicode\u2028line\u2029separators\x85",
    "back\\slash \\t not a tab",
]


# A signature whose values need escaping everywhere: a model path with a space, a bar, XML
# and JSON specials and Chinese.
SIGNATURE = Signature.make(
    "align", model="/models/my model|v2 <&\"'> 模型", model_version="files=3f2a9c1e",
    weights={"align": "2e799f3b"},
    settings={"presplit": False, "min_confidence": 0.5, "glossary": ["d1be20fb", "stdin"]})


def round_scores(beads: list[Bead]) -> list[Bead]:
    return [replace(b, score=round(b.score, SCORE_DECIMALS)) for b in beads]


def renumbered(beads: list[Bead]) -> list[Bead]:
    """What a format without ids gives back: ids sequential from each bead's type, block 0."""
    zh_next = en_next = 0
    out = []
    for b in beads:
        n, m = len(b.zh_ids), len(b.en_ids)
        out.append(replace(b, zh_ids=tuple(range(zh_next, zh_next + n)),
                           en_ids=tuple(range(en_next, en_next + m)), block=0))
        zh_next, en_next = zh_next + n, en_next + m
    return out


def expected_back(fmt: BeadFormat, beads: list[Bead]) -> list[Bead]:
    kept = [replace(b, zh=fmt.clean(b.zh), en=fmt.clean(b.en)) for b in round_scores(beads)]
    return kept if fmt.keeps_ids else renumbered(kept)


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ord(ch) >= 32)


def suffix(fmt: BeadFormat) -> str:
    return fmt.suffixes[0]


@pytest.fixture(params=sorted(FORMATS))
def fmt(request: pytest.FixtureRequest) -> BeadFormat:
    return FORMATS[request.param]


class TestEveryFormat:
    """The contract: a format registered in FORMATS is tested here without further ado."""

    def test_write_then_read_gives_back_the_beads(self, fmt: BeadFormat, tmp_path: Path) -> None:
        path = tmp_path / f"beads{suffix(fmt)}"
        write_beads(SEQUENTIAL, path)  # format chosen from the extension
        assert read_beads(path) == round_scores(SEQUENTIAL)

    def test_scores_are_rounded_to_four_decimals(self, fmt: BeadFormat) -> None:
        beads = [Bead((0,), (0,), "甲", "A", 0.123456), Bead((1,), (1,), "乙", "B", -0.00004)]
        back = fmt.parse(fmt.render(beads), "x")
        assert [b.score for b in back] == [0.1235, 0.0]

    def test_beads_from_several_blocks(self, fmt: BeadFormat) -> None:
        beads = [Bead((0,), (0,), "一。", "One.", 0.9, block=0),
                 Bead((1,), (1,), "二。", "Two.", 0.8, block=0),
                 Bead((0,), (), "三。", "", 0.1, block=1),
                 Bead((1,), (0,), "四。", "Four.", 0.7, block=1)]
        back = fmt.parse(fmt.render(beads), "x")
        assert back == expected_back(fmt, beads)
        if not fmt.keeps_ids:
            assert [b.zh_ids for b in back] == [(0,), (1,), (2,), (3,)]
            assert {b.block for b in back} == {0}

    @pytest.mark.parametrize("text", AWKWARD)
    def test_awkward_text_survives(self, fmt: BeadFormat, tmp_path: Path, text: str) -> None:
        beads = [Bead((0,), (0,), text, text, 0.5), Bead((1,), (1,), "普通。", "Plain.", 0.5)]
        path = tmp_path / f"awkward{suffix(fmt)}"
        write_beads(beads, path, fmt.name)
        back = read_beads(path, fmt.name)
        assert back == expected_back(fmt, beads)
        # Whatever a format must replace or drop, the visible text is all there, in order.
        assert visible(back[0].zh) == visible(text)
        assert visible(back[0].en) == visible(text)
        assert back[1].zh == "普通。"

    def test_additions_and_omissions_keep_their_type(self, fmt: BeadFormat) -> None:
        beads = [Bead((), (0,), "", "Added.", 0.0), Bead((0,), (), "漏译。", "", 0.0),
                 Bead((1,), (1,), "对。", "Pair.", 0.9)]
        back = fmt.parse(fmt.render(beads), "x")
        assert [b.type for b in back] == ["0-1", "1-0", "1-1"]
        assert [(b.zh, b.en) for b in back] == [("", "Added."), ("漏译。", ""), ("对。", "Pair.")]
        assert back == beads

    def test_empty_bead_list_renders_but_reads_as_an_error(self, fmt: BeadFormat,
                                                           tmp_path: Path) -> None:
        assert isinstance(render_beads([], fmt.name), str)
        path = tmp_path / f"empty{suffix(fmt)}"
        write_beads([], path, fmt.name)
        with pytest.raises(InputError) as caught:
            read_beads(path, fmt.name)
        assert caught.value.path == str(path)

    def test_truncated_file_is_an_input_error(self, fmt: BeadFormat, tmp_path: Path) -> None:
        text = fmt.render(SEQUENTIAL)
        last_en = SEQUENTIAL[-1].en
        cut = text.rindex(last_en) + len(last_en) // 2
        path = tmp_path / f"cut{suffix(fmt)}"
        path.write_text(text[:cut], encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read_beads(path)
        assert caught.value.path == str(path)

    def test_unrelated_text_is_an_input_error(self, fmt: BeadFormat, tmp_path: Path) -> None:
        path = tmp_path / f"notes{suffix(fmt)}"
        path.write_text("这不是对齐文件。\nThis is not an aligned file.\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read_beads(path, fmt.name)
        assert caught.value.path == str(path)
        assert "\n" not in caught.value.problem

    def test_has_malformed_examples(self, fmt: BeadFormat) -> None:
        assert any(name == fmt.name for name, _, _ in MALFORMED), \
            f"add {fmt.name} cases to MALFORMED"

    def test_missing_binary_and_empty_files(self, fmt: BeadFormat, tmp_path: Path) -> None:
        with pytest.raises(InputError, match="no such file"):
            read_beads(tmp_path / f"absent{suffix(fmt)}")
        binary = tmp_path / f"binary{suffix(fmt)}"
        binary.write_bytes(b"\x00\x01\x02" * 100)
        with pytest.raises(InputError, match="binary"):
            read_beads(binary)
        blank = tmp_path / f"blank{suffix(fmt)}"
        blank.write_text("  \n\n", encoding="utf-8")
        with pytest.raises(InputError, match="empty"):
            read_beads(blank)

    def test_failed_render_leaves_an_existing_file_alone(self, fmt: BeadFormat,
                                                         tmp_path: Path) -> None:
        path = tmp_path / f"kept{suffix(fmt)}"
        path.write_text("previous", encoding="utf-8")
        with pytest.raises(ValueError, match="finite"):
            write_beads([Bead((0,), (0,), "甲", "A", math.nan)], path)
        assert path.read_text(encoding="utf-8") == "previous"
        assert [p.name for p in tmp_path.iterdir()] == [path.name]

    def test_suffixes_select_the_format(self, fmt: BeadFormat) -> None:
        for ext in fmt.suffixes:
            assert format_for_path(f"out/beads{ext}") == fmt.name
            assert format_for_path(Path(f"BEADS{ext.upper()}")) == fmt.name

    def test_write_to_stdout(self, fmt: BeadFormat, capsys: pytest.CaptureFixture[str]) -> None:
        write_beads(SEQUENTIAL, None, fmt.name)
        assert capsys.readouterr().out == render_beads(SEQUENTIAL, fmt.name)

    def test_a_signed_file_reads_back_the_same_beads(self, fmt: BeadFormat,
                                                     tmp_path: Path) -> None:
        signed = fmt.render(SEQUENTIAL, signature=SIGNATURE)
        assert fmt.parse(signed, "x") == fmt.parse(fmt.render(SEQUENTIAL), "x")
        path = tmp_path / f"signed{suffix(fmt)}"
        write_beads(SEQUENTIAL, path, signature=SIGNATURE)
        assert read_beads(path) == round_scores(SEQUENTIAL)

    def test_a_signed_empty_file_still_has_no_beads(self, fmt: BeadFormat) -> None:
        with pytest.raises(InputError):
            fmt.parse(fmt.render([], signature=SIGNATURE), "x")

    def test_a_signed_table_on_stdout_is_the_table(self, fmt: BeadFormat, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
        write_beads(SEQUENTIAL, None, fmt.name, signature=SIGNATURE)
        out = capsys.readouterr().out
        assert (find_signature(out) == SIGNATURE) is fmt.holds_signature
        if not fmt.holds_signature:
            assert out == render_beads(SEQUENTIAL, fmt.name)
        assert list(tmp_path.iterdir()) == []  # no sidecar anywhere


# (format, file content, fragment of the one-line problem)
MALFORMED = [
    ("tsv", "zh\tscore\n你好\t0.5\n", "line 1: the header row has no 'en' column"),
    ("tsv", "zh\ten\tscore\ttype\n甲\tA\t0.5\t1-1\n乙\n", "line 3: missing column 'en'"),
    ("tsv", "zh\ten\tscore\n甲\tA\thigh\n", "line 2: score 'high' is not a number"),
    ("tsv", "zh\ten\tscore\n甲\tA\tnan\n", "line 2: score 'nan' is not a finite number"),
    ("tsv", "zh\ten\ttype\n甲\tA\tone-to-one\n", "line 2: type 'one-to-one' is not of the form"),
    ("tsv", "zh\ten\n甲\tA\textra\n", "line 2: has 3 columns but the header has 2"),
    ("tsv", "zh\ten\ttype\n甲\tA\t0-1\n", "line 2: has zh text but type 0-1"),
    ("tsv", "zh\ten\ttype\n\t\t0-0\n", "line 2: type 0-0"),
    ("tsv", "zh\ten\tzh\n甲\tA\t乙\n", "two 'zh' columns"),
    ("tsv", "zh\ten\tscore\ttype\n", "has a header row but no beads"),
    ("jsonl", '{"zh": "甲", "en": "A"}\n{"zh": "乙", "en": \n', "line 2: is not valid JSON"),
    ("jsonl", '{"zh": "甲"}\n', "line 1: missing key 'en'"),
    ("jsonl", '["甲", "A"]\n', "line 1: is a JSON list, not an object"),
    ("jsonl", '{"zh": 1, "en": "A"}\n', "line 1: 'zh' is not a string"),
    ("jsonl", '{"zh": "甲", "en": "A", "zh_ids": "0"}\n', "zh_ids '0' is not a list"),
    ("jsonl", '{"zh": "甲", "en": "A", "zh_ids": [0, 1], "en_ids": [0], "type": "1-1"}\n',
     "type 1-1 does not match its 2 zh and 1 en ids"),
    ("jsonl", '{"zh": "甲", "en": "A", "zh_ids": [-1]}\n', "negative"),
    ("jsonl", '{"zh": "甲", "en": "A", "score": "0.5"}\n', "score '0.5' is a string"),
    ("jsonl", '{"zh": "甲", "en": "A", "block": 1.5}\n', "block 1.5 is not a whole number"),
    ("tmx", '<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en">'
            "<seg>A &nbsp; B</seg></tuv></tu>\n</body></tmx>\n",
     "is not well-formed XML (line 4: undefined entity)"),
    ("tmx", "<tmx>\n<body>\n<tu>\n</body>\n</tmx>\n", "is not well-formed XML (line 4: mismatched"),
    ("tmx", '<tmx version="1.4"><header/><body></body></tmx>', "has no <tu> elements"),
    ("tmx", '<tmx version="1.4"><header/></tmx>', "has no <body> element"),
    ("tmx", "<html><body><tu/></body></html>", "is not a TMX file (its root element is <html>)"),
    ("tmx", '<tmx><body><tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu></body></tmx>',
     "<tu> number 1: has no zh or en <tuv>"),
    ("tmx", '<tmx><body><tu><prop type="x-score">high</prop><tuv xml:lang="en"><seg>A</seg>'
            "</tuv></tu></body></tmx>", "<tu> number 1: x-score 'high' is not a number"),
    ("tmx", '<tmx><body><tu><prop type="x-zh-ids">0;1</prop><tuv xml:lang="zh"><seg>甲</seg>'
            "</tuv></tu></body></tmx>", "x-zh-ids '0;1' is not a comma-separated list"),
    ("tmx", '<tmx><body><tu><tuv xml:lang="en"/></tu></body></tmx>', 'xml:lang="en"> has no <seg>'),
    ("tmx", '<tmx><body><tu><tuv xml:lang="en"><seg>A</seg></tuv><tuv xml:lang="en-GB"><seg>B'
            "</seg></tuv></tu></body></tmx>", "has two en <tuv> elements"),
    ("tmx", '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<tmx><body><tu><tuv xml:lang="en">'
            "<seg>&b;</seg></tuv></tu></body></tmx>", "declares XML entities"),
    ("xliff", "<tmx><body/></tmx>", "is not an XLIFF file (its root element is <tmx>)"),
    ("xliff", '<xliff version="1.2"><file><body/></file></xliff>', "has no <trans-unit>"),
    ("xliff", '<xliff version="1.2"><file><body><trans-unit id="1"><target>A</target>'
              "</trans-unit></body></file></xliff>", "number 1: has no <source>"),
    ("xliff", '<xliff version="1.2"><file><body><trans-unit id="1"><source>甲</source>'
              '<target>A</target><note from="aligner">type=2-1 zh-ids=0</note>'
              "</trans-unit></body></file></xliff>", "type 2-1 does not match"),
    ("xliff", '<xliff version="1.2"><file><body><trans-unit id="1"><source>甲</source>'
              '<target>A</target><note from="aligner">score=high</note>'
              "</trans-unit></body></file></xliff>", "score 'high' is not a number"),
    ("xliff", '<xliff version="1.2"><file><body><trans-unit id="1"><source>甲</source>'
              "</trans-unit></body></file>", "is not well-formed XML (line 1: no element found)"),
    ("xliff2", "<tmx><body/></tmx>", "is not an XLIFF file (its root element is <tmx>)"),
    ("xliff2", f'<xliff xmlns="{XLIFF2}" version="2.0" srcLang="zh"><file id="f"/></xliff>',
     "has no <unit> elements"),
    ("xliff2", f'<xliff xmlns="{XLIFF2}" version="2.0" srcLang="zh"><file id="f"><unit id="u">'
               "<notes/></unit></file></xliff>", "has no <segment> elements"),
    ("xliff2", f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="zh"><file id="f"><unit id="u">'
               "<segment><target>A</target></segment></unit></file></xliff>",
     "<segment> number 1: has no <source>"),
    ("xliff2", f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="zh"><file id="f"><unit id="u">'
               '<segment><source>甲<cp hex="zz"/></source></segment></unit></file></xliff>',
     '<segment> number 1: <cp hex="zz"> is not a Unicode code point'),
    ("xliff2", f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="zh"><file id="f"><unit id="u">'
               '<notes><note category="aligner">type=1-1 zh-ids=0 en-ids=x</note></notes>'
               "<segment><source>甲</source><target>A</target></segment></unit></file></xliff>",
     "en-ids 'x' is not a comma-separated list"),
    ("xliff2", '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY a "aaaaaaaaaa">\n'
               '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
               f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="zh"><file id="f"><unit id="u">'
               "<segment><source>&b;</source></segment></unit></file></xliff>",
     "declares XML entities"),
    ("xliff2", '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n'
               '<!ENTITY passwd SYSTEM "file:///etc/passwd">\n]>\n'
               f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="zh"><file id="f"><unit id="u">'
               "<segment><source>&passwd;</source></segment></unit></file></xliff>",
     "declares XML entities"),
]


@pytest.mark.parametrize(("name", "content", "problem"), MALFORMED)
def test_malformed_content_is_one_line_naming_the_file(name: str, content: str, problem: str,
                                                       tmp_path: Path) -> None:
    path = tmp_path / f"bad{suffix(FORMATS[name])}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_beads(path)
    assert caught.value.path == str(path)
    assert problem in caught.value.problem
    assert "\n" not in caught.value.problem


def test_registry_and_defaults() -> None:
    assert set(FORMATS) == {"tsv", "jsonl", "tmx", "xliff", "xliff2"}
    assert all(name == fmt.name for name, fmt in FORMATS.items())
    for path in (None, "-", "out.txt", "out", "archive.tsv.gz"):
        assert format_for_path(path) == "tsv"
    assert format_for_path("a.ndjson") == "jsonl"
    with pytest.raises(ValueError, match="unknown bead format 'xml'"):
        get_format("xml")


def test_read_beads_uses_the_given_format_over_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "beads.txt"
    path.write_text(render_beads(SEQUENTIAL, "jsonl"), encoding="utf-8")
    assert read_beads(path, "jsonl") == round_scores(SEQUENTIAL)
    with pytest.raises(InputError, match="header row has no 'zh' column"):
        read_beads(path)  # .txt is read as TSV


def test_reading_detects_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.tsv"
    path.write_bytes("zh\ten\n你好。\tHello.\n".encode("gb18030"))
    assert read_beads(path)[0].zh == "你好。"


class TestTsv:
    tsv = FORMATS["tsv"]

    def test_layout(self) -> None:
        text = self.tsv.render([Bead((0, 1), (0,), "一。\t二。", "One\ntwo.", 0.81234,
                                     similarity=0.61),
                                Bead((), (1,), "", "Added.", 0.0)])
        assert text.split("\n") == ["zh\ten\tscore\ttype\tsimilarity",
                                    "一。 二。\tOne two.\t0.8123\t2-1\t0.6100",
                                    "\tAdded.\t0.0000\t0-1\t", ""]
        back = self.tsv.parse(text, "x")
        assert [b.similarity for b in back] == [0.61, None]

    def test_cleaning(self) -> None:
        assert self.tsv.clean("a\tb\nc\r\nd\u2028e\x01f\x85g") == "a b c  d ef g"

    def test_ids_are_rebuilt_from_the_type_column(self) -> None:
        text = ("zh\ten\tscore\ttype\n甲乙\tA\t0.5\t2-1\n\tB\t0.1\t0-1\n丙\t\t0.2\t1-0\n"
                "丁\tC\t1\t1-1\n")
        assert [(b.zh_ids, b.en_ids, b.block) for b in self.tsv.parse(text, "x")] == [
            ((0, 1), (0,), 0), ((), (1,), 0), ((2,), (), 0), ((3,), (2,), 0)]

    def test_minimal_columns_in_any_order(self) -> None:
        text = "\n Note \tEN\tZH\n\nsee\tHello.\t你好。\n-\t\t漏。\n-\tAdded.\t\n"
        beads = self.tsv.parse(text, "x")
        assert beads == [Bead((0,), (0,), "你好。", "Hello.", DEFAULT_SCORE),
                         Bead((1,), (), "漏。", "", DEFAULT_SCORE),
                         Bead((), (1,), "", "Added.", DEFAULT_SCORE)]

    def test_empty_score_cell_gets_the_default(self) -> None:
        beads = self.tsv.parse("zh\ten\tscore\ttype\n甲\tA\t\t\n", "x")
        assert beads == [Bead((0,), (0,), "甲", "A", DEFAULT_SCORE)]


class TestJsonl:
    jsonl = FORMATS["jsonl"]

    def test_one_object_a_line_with_every_field(self) -> None:
        text = self.jsonl.render([Bead((2, 3), (5,), "一。二。", "One, two.", 0.812345, block=4),
                                  Bead((), (6,), "", "Added.", 0.0, block=4)])
        lines = text.split("\n")
        assert lines[-1] == "" and len(lines) == 3
        assert "一。二。" in lines[0]  # ensure_ascii=False
        assert json.loads(lines[0]) == {"zh": "一。二。", "en": "One, two.", "zh_ids": [2, 3],
                                        "en_ids": [5], "score": 0.8123, "type": "2-1",
                                        "block": 4}
        assert list(json.loads(lines[1])) == ["zh", "en", "zh_ids", "en_ids", "score", "type",
                                              "block"]

    def test_control_characters_are_escaped_not_written_raw(self) -> None:
        text = self.jsonl.render([Bead((0,), (0,), "a\x01\tb", "c\nd\u2028", 0.5)])
        assert text.count("\n") == 1 and "\x01" not in text and "\t" not in text

    def test_minimal_records(self) -> None:
        text = ('{"zh": "甲", "en": "A"}\n\n{"zh": "", "en": "B", "block": 2, "note": "x"}\n'
                '{"zh": "乙丙", "en": "", "type": "2-0", "score": 0.3, "block": 2}\n')
        assert self.jsonl.parse(text, "x") == [
            Bead((0,), (0,), "甲", "A", DEFAULT_SCORE),
            Bead((), (0,), "", "B", DEFAULT_SCORE, block=2),
            Bead((0, 1), (), "乙丙", "", 0.3, block=2)]


class TestTmx:
    tmx = FORMATS["tmx"]
    beads: ClassVar[list[Bead]] = [
        Bead((0,), (0,), "你好<世界> & \"朋友\"", "Hello <world> & 'friends'", 0.81234),
        Bead((1, 2), (), "一。\x01二。", "", 0.2, block=1),
        Bead((), (1,), "", "Added\tline\nbreak 😀\x1b", 0.0, block=1),
    ]

    def root(self, beads: list[Bead]) -> ET.Element:
        return ET.fromstring(self.tmx.render(beads).split("\n", 1)[1])

    @pytest.mark.parametrize("count", [0, 1, 3])
    def test_valid_to_the_tmx14_dtd(self, count: int) -> None:
        from lxml import etree

        dtd = etree.DTD(str(DTD))
        document = etree.fromstring(self.tmx.render(self.beads[:count]).encode("utf-8"))
        assert dtd.validate(document), dtd.error_log.filter_from_errors()
        assert document.getroottree().docinfo.system_url == "tmx14.dtd"
        signed = etree.fromstring(self.tmx.render(self.beads[:count], signature=SIGNATURE)
                                  .encode("utf-8"))
        assert dtd.validate(signed), dtd.error_log.filter_from_errors()

    def test_the_dtd_catches_what_it_should(self) -> None:
        from lxml import etree

        dtd = etree.DTD(str(DTD))
        text = self.tmx.render(self.beads[:1])
        en_tuv = '<tuv xml:lang="en">'
        broken_variants = [text.replace(en_tuv, "<tuv>"),  # xml:lang is required
                           text.replace(' srclang="zh-CN"', ""),  # so is srclang
                           text.replace(en_tuv, f'<prop type="late">x</prop>{en_tuv}')]  # order
        for broken in broken_variants:
            assert not dtd.validate(etree.fromstring(broken.encode("utf-8")))

    def test_header(self) -> None:
        text = self.tmx.render(self.beads)
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'
                               '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">')
        header = self.root(self.beads).find("header")
        assert header is not None
        assert header.attrib == {"creationtool": "aligner",
                                 "creationtoolversion": aligner.__version__,
                                 "segtype": "sentence", "o-tmf": "aligner", "adminlang": "en",
                                 "srclang": "zh-CN", "datatype": "plaintext"}

    def test_a_signature_is_a_header_prop(self) -> None:
        root = ET.fromstring(self.tmx.render(self.beads, signature=SIGNATURE).split("\n", 1)[1])
        [prop] = root.findall("header/prop")
        assert prop.get("type") == "x-aligner-signature"
        assert Signature.parse(prop.text or "") == SIGNATURE
        # The header's attributes are those of an unsigned file.
        header = self.root(self.beads).find("header")
        assert header is not None and root.find("header").attrib == header.attrib

    def test_units_carry_languages_score_and_ids(self) -> None:
        units = self.root(self.beads).findall("body/tu")
        assert len(units) == 3
        first = units[0]
        assert [t.get(XML_LANG) for t in first.findall("tuv")] == ["zh-CN", "en"]
        assert {p.get("type"): p.text or "" for p in first.findall("prop")} == {
            "x-score": "0.8123", "x-type": "1-1", "x-block": "0", "x-zh-ids": "0",
            "x-en-ids": "0"}
        assert first.findtext("tuv/seg") == '你好<世界> & "朋友"'
        second = {p.get("type"): p.text or "" for p in units[1].findall("prop")}
        assert (second["x-zh-ids"], second["x-en-ids"], second["x-block"]) == ("1,2", "", "1")
        assert [t.findtext("seg") for t in units[1].findall("tuv")] == ["一。二。", ""]

    def test_escaping_and_cleaning(self) -> None:
        text = self.tmx.render(self.beads)
        assert "你好&lt;世界&gt; &amp; \"朋友\"" in text
        assert "\x01" not in text and "\x1b" not in text
        assert self.tmx.clean("a\r\nb\rc\td\x00e\ufffff") == "a\nb\nc\tdef"

    def test_reads_tmx_from_other_tools(self) -> None:
        text = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
<header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="X"
        adminlang="EN-US" srclang="EN-US" datatype="html"/>
<body>
  <!-- a comment -->
  <tu tuid="7">
    <note>reviewed</note>
    <tuv lang="EN-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept>.</seg>
    </tuv>
    <tuv lang="FR-FR"><seg>Appuyez sur OK.</seg></tuv>
    <tuv lang="ZH-TW"><seg>按<hi type="x">確定</hi><ph x="1">{0}</ph>。</seg></tuv>
  </tu>
  <tu><tuv xml:lang="zh_Hans"><seg>只有中文。</seg></tuv></tu>
  <tu><tuv xml:lang="eng"><seg>English only.</seg></tuv></tu>
</body>
</tmx>
"""
        assert self.tmx.parse(text, "x") == [
            Bead((0,), (0,), "按確定。", "Press OK.", DEFAULT_SCORE),
            Bead((1,), (), "只有中文。", "", DEFAULT_SCORE),
            Bead((), (1,), "", "English only.", DEFAULT_SCORE)]

    def test_reads_a_namespaced_utf16_file(self, tmp_path: Path) -> None:
        text = ('<?xml version="1.0" encoding="UTF-16"?>\n<tmx xmlns="http://www.lisa.org/tmx14" '
                'version="1.4"><body><tu><tuv xml:lang="zh-CN"><seg>你好</seg></tuv>'
                '<tuv xml:lang="en"><seg>Hi</seg></tuv></tu></body></tmx>\n')
        path = tmp_path / "utf16.tmx"
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        assert read_beads(path) == [Bead((0,), (0,), "你好", "Hi", DEFAULT_SCORE)]

    def test_error_lines_count_from_the_top_of_the_file(self) -> None:
        text = '<?xml version="1.0"\n   encoding="UTF-8"?>\n<tmx>\n<body>\n<tu></body></tmx>\n'
        with pytest.raises(InputError, match=re.escape("(line 5: mismatched tag)")):
            self.tmx.parse(text, "x")


# --- the contract every file format passes, bead and glossary formats alike ---------------

from aligner.formats import (  # noqa: E402
    GLOSSARY_FORMATS,
    read_glossary,
    write_glossary,
)
from aligner.records import Term  # noqa: E402

GLOSSARY = [
    Term("对等关税", "reciprocal tariff", ("reciprocal tariffs",), 0.875, 2,
         "延长对等关税暂停期。"),
    Term("301措施", "Section 301 measures", (), 0.5, 1, ""),
]
KINDS = {"beads": (FORMATS, SEQUENTIAL, read_beads, write_beads),
         "glossary": (GLOSSARY_FORMATS, GLOSSARY, read_glossary, write_glossary)}


@pytest.fixture(params=[(kind, name) for kind, (registry, *_) in KINDS.items()
                        for name in registry], ids=lambda p: f"{p[0]}-{p[1]}")
def any_format(request: pytest.FixtureRequest):
    kind, name = request.param
    registry, records, read, write = KINDS[kind]
    return registry, registry[name], records, read, write


class TestEveryFileFormat:
    """What translate-toolkit asks of every storage class: the same contract for TMX and TBX."""

    def test_round_trip_through_a_file_named_by_suffix(self, any_format, tmp_path: Path):
        registry, fmt, records, read, write = any_format
        path = tmp_path / f"out{fmt.suffixes[0]}"
        write(records, path)
        back = read(path)
        assert [r.zh for r in back] == [r.zh for r in records]
        assert [r.en for r in back] == [r.en for r in records]
        assert registry.name_for(path) == fmt.name

    def test_render_is_deterministic_and_parse_inverts_it(self, any_format):
        _, fmt, records, _, _ = any_format
        text = fmt.render(records)
        assert text == fmt.render(records)
        assert fmt.render(fmt.parse(text, "x")) == text

    def test_unrelated_text_is_one_line_input_error(self, any_format, tmp_path: Path):
        _, fmt, _, read, _ = any_format
        path = tmp_path / f"notes{fmt.suffixes[0]}"
        path.write_text("这不是对齐文件。\nThis is not an aligned file.\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read(path, fmt.name)
        assert caught.value.path == str(path) and "\n" not in caught.value.problem

    def test_missing_binary_and_empty_files(self, any_format, tmp_path: Path):
        _, fmt, _, read, _ = any_format
        with pytest.raises(InputError, match="no such file"):
            read(tmp_path / f"absent{fmt.suffixes[0]}")
        binary = tmp_path / f"binary{fmt.suffixes[0]}"
        binary.write_bytes(b"\x00\x01\x02" * 100)
        with pytest.raises(InputError, match="binary"):
            read(binary)

    def test_the_signature_is_in_the_file_or_beside_it_and_reading_skips_it(
            self, any_format, tmp_path: Path):
        """Every format: a signed file (its sidecar for a table) says what made it, and
        reads back exactly as the unsigned one; written again, it is the unsigned file."""
        _, fmt, records, read, write = any_format
        plain, signed = fmt.render(records), fmt.render(records, signature=SIGNATURE)
        assert fmt.parse(signed, "x") == fmt.parse(plain, "x")
        assert fmt.render(fmt.parse(signed, "x")) == fmt.render(fmt.parse(plain, "x"))
        assert (find_signature(signed) == SIGNATURE) is fmt.holds_signature
        assert (signed == plain) is not fmt.holds_signature
        path = tmp_path / f"out{fmt.suffixes[0]}"
        write(records, path, signature=SIGNATURE)
        assert path.read_bytes().decode("utf-8") == signed
        assert read(path) == fmt.parse(plain, "x")
        sidecar = tmp_path / f"{path.name}.signature.json"
        assert sidecar.exists() is not fmt.holds_signature
        if not fmt.holds_signature:
            record = json.loads(sidecar.read_text(encoding="utf-8"))
            assert Signature.from_dict(record["signature"]) == SIGNATURE
            assert find_signature(sidecar.read_text(encoding="utf-8")) == SIGNATURE

    def test_an_output_never_overwrites_an_input(self, any_format, tmp_path: Path):
        from aligner.errors import OutputError

        _, fmt, records, _, write = any_format
        path = tmp_path / f"in{fmt.suffixes[0]}"
        path.write_text("keep me", encoding="utf-8")
        with pytest.raises(OutputError, match="is also an input"):
            write(records, path, inputs=[str(path)])
        assert path.read_text(encoding="utf-8") == "keep me"

    def test_a_sidecar_that_cannot_be_written_is_refused_before_the_file(
            self, any_format, tmp_path: Path):
        """A folder (or a FIFO) where a table's sidecar goes: refused with nothing written,
        never the table without its signature; a format that holds its own is written."""
        from aligner.errors import OutputError

        _, fmt, records, _, write = any_format
        path = tmp_path / f"out{fmt.suffixes[0]}"
        (tmp_path / f"{path.name}.signature.json").mkdir()
        if fmt.holds_signature:
            write(records, path, signature=SIGNATURE)
            assert find_signature(path.read_text(encoding="utf-8")) == SIGNATURE
            return
        with pytest.raises(OutputError, match="is a directory"):
            write(records, path, signature=SIGNATURE)
        assert not path.exists()
        write(records, path)  # unsigned: nothing goes beside it, the folder stays
        assert path.exists() and (tmp_path / f"{path.name}.signature.json").is_dir()

    def test_a_file_written_again_unsigned_loses_its_stale_sidecar(
            self, any_format, tmp_path: Path):
        _, fmt, records, _, write = any_format
        path = tmp_path / f"out{fmt.suffixes[0]}"
        sidecar = tmp_path / f"{path.name}.signature.json"
        write(records, path, signature=SIGNATURE)
        assert sidecar.exists() is not fmt.holds_signature
        write(records, path)
        assert not sidecar.exists()
        assert path.read_bytes().decode("utf-8") == fmt.render(records)
        # A file of that name that aligner did not write is left alone.
        sidecar.write_text("my notes\n", encoding="utf-8")
        write(records, path)
        assert sidecar.read_text(encoding="utf-8") == "my notes\n"


class TestXliff:
    xliff = FORMATS["xliff"]

    def test_translate_toolkit_reads_the_same_units(self, tmp_path: Path) -> None:
        """A real XLIFF reader (translate-toolkit, as Pootle and Virtaal use) sees our units."""
        from translate.storage import xliff

        beads = [*SEQUENTIAL[:2], replace(SEQUENTIAL[4], score=0.3)]
        store = xliff.xlifffile.parsestring(self.xliff.render(beads).encode("utf-8"))
        units = [u for u in store.units if not u.isheader()]
        assert [(u.source, u.target) for u in units] == [(b.zh, b.en) for b in beads]
        assert store.getsourcelanguage() == "zh-CN" and store.gettargetlanguage() == "en"
        # A bead under the review threshold is marked for review in the CAT tool.
        assert "needs-review-translation" in self.xliff.render(beads).split("<trans-unit")[3]

    def test_translate_toolkit_reads_our_tmx_too(self) -> None:
        from translate.storage import tmx

        for signature in (None, SIGNATURE):
            store = tmx.tmxfile.parsestring(FORMATS["tmx"].render(
                SEQUENTIAL[:2], signature=signature).encode("utf-8"))
            assert [(u.source, u.target) for u in store.units] == \
                [(b.zh, b.en) for b in SEQUENTIAL[:2]]

    def test_translate_toolkit_reads_signed_xliff_the_same(self) -> None:
        from translate.storage import xliff

        store = xliff.xlifffile.parsestring(
            self.xliff.render(SEQUENTIAL[:2], signature=SIGNATURE).encode("utf-8"))
        units = [u for u in store.units if not u.isheader()]
        assert [(u.source, u.target) for u in units] == [(b.zh, b.en) for b in SEQUENTIAL[:2]]

    def test_a_signature_is_a_header_note(self) -> None:
        ns = "{urn:oasis:names:tc:xliff:document:1.2}"
        root = ET.fromstring(self.xliff.render(SEQUENTIAL[:2], signature=SIGNATURE))
        header = root.find(f"{ns}file/{ns}header")
        assert header is not None
        assert [child.tag for child in header] == [f"{ns}tool", f"{ns}note"]
        note = header.find(f"{ns}note")
        assert note is not None and note.get("from") == "aligner-signature"
        assert Signature.parse(note.text or "") == SIGNATURE

    def test_xliff_from_another_tool(self) -> None:
        text = ('<?xml version="1.0"?><xliff version="1.2" '
                'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh" '
                'target-language="en" datatype="plaintext" original="x"><body>'
                '<trans-unit id="a"><source>你好。</source><target>Hello.</target></trans-unit>'
                '<trans-unit id="b"><source>再见。</source></trans-unit></body></file></xliff>')
        beads = self.xliff.parse(text, "x")
        assert [(b.zh, b.en, b.type, b.score) for b in beads] == [
            ("你好。", "Hello.", "1-1", 1.0), ("再见。", "", "1-0", 1.0)]


def xliff_schema(version: str):
    """The official OASIS schema of XLIFF ``version`` (1.2 strict or 2.0 core), offline."""
    from lxml import etree

    if version == "1.2":
        xml_xsd = (XLIFF_SCHEMAS / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd")
        text = (XLIFF_SCHEMAS / "xliff-core-1.2-strict.xsd").read_bytes().replace(
            b"http://www.w3.org/2001/xml.xsd", xml_xsd.resolve().as_uri().encode())
        return etree.XMLSchema(etree.XML(text))
    return etree.XMLSchema(etree.parse(str(XLIFF_SCHEMAS / "xliff-core-2.0.xsd")))


class TestXliffSchemas:
    """Both XLIFF writers against the OASIS schemas, notes (check findings) included."""

    beads: ClassVar[list[Bead]] = [
        *SEQUENTIAL, Bead((5,), (5,), "控制\x01字符", "Cut\x1b here", 0.9, block=2, cut=True,
                          similarity=0.4)]

    @pytest.mark.parametrize(("name", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
    @pytest.mark.parametrize("count", [1, 6])
    def test_valid_to_the_oasis_schema(self, name: str, version: str, count: int) -> None:
        from lxml import etree

        from aligner.formats.xliff_common import UnitNote

        schema = xliff_schema(version)
        fmt = FORMATS[name]
        notes = [[UnitNote("term: 对等关税 is 'reciprocal tariff'", priority=2,
                           annotates="target"),
                  UnitNote("omission & <more>", priority=3, annotates="source")]
                 for _ in self.beads[:count]]
        for text in (fmt.render(self.beads[:count]),
                     fmt.render(self.beads[:count], notes=notes),
                     fmt.render(self.beads[:count], notes=notes, signature=SIGNATURE)):
            document = etree.fromstring(text.encode("utf-8"))
            assert schema.validate(document), schema.error_log.filter_from_errors()
            # Findings are notes only: the beads read back the same.
            assert fmt.parse(text, "x") == expected_back(fmt, self.beads[:count])

    @pytest.mark.parametrize(("name", "version", "old", "new"), [
        ("xliff", "1.2", 'state="translated"', 'state="done"'),
        ("xliff", "1.2", '<note from="aligner">', '<note priority="11">'),
        ("xliff", "1.2", "<source>", "<seg-source>x</seg-source><source>"),
        ("xliff2", "2.0", 'state="translated"', 'state="needs-review"'),
        ("xliff2", "2.0", '<file id="f1"', "<file"),
        ("xliff2", "2.0", "<notes>", "<notes><segment/>"),
    ])
    def test_the_schemas_catch_what_they_should(self, name: str, version: str, old: str,
                                                new: str) -> None:
        from lxml import etree

        text = FORMATS[name].render(self.beads[:2])
        assert old in text
        broken = etree.fromstring(text.replace(old, new, 1).encode("utf-8"))
        assert not xliff_schema(version).validate(broken)


class TestXliff2:
    xliff2 = FORMATS["xliff2"]

    def test_layout(self) -> None:
        beads = [Bead((0,), (0,), "你好", "Hello", 0.81234, similarity=0.6),
                 Bead((1,), (), "漏。", "", 0.2)]
        root = ET.fromstring(self.xliff2.render(beads))
        assert root.tag == f"{{{XLIFF2}}}xliff"
        assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == \
            ("2.1", "zh-CN", "en")
        units = root.findall(f".//{{{XLIFF2}}}unit")
        assert [u.get("id") for u in units] == ["u1", "u2"]
        segments = [u.find(f"{{{XLIFF2}}}segment") for u in units]
        assert [(s.get("state"), s.get("subState")) for s in segments] == [
            ("translated", None), ("translated", "aligner:needs-review")]
        note = units[0].find(f"{{{XLIFF2}}}notes/{{{XLIFF2}}}note")
        assert note is not None and note.get("category") == "aligner"
        assert note.text == "score=0.8123 type=1-1 block=0 zh-ids=0 en-ids=0 similarity=0.6000"

    def test_a_signature_is_file_metadata(self) -> None:
        """The Metadata module's content model (OASIS metadata.xsd: metadata → metaGroup+ →
        meta+ with a type), first in the file, as the core schema's ##other slot has it."""
        mda = "{urn:oasis:names:tc:xliff:metadata:2.0}"
        root = ET.fromstring(self.xliff2.render(SEQUENTIAL[:2], signature=SIGNATURE))
        file = root.find(f"{{{XLIFF2}}}file")
        assert file is not None and file[0].tag == f"{mda}metadata"
        assert file[0].attrib == {}
        [group] = file[0]
        assert group.tag == f"{mda}metaGroup"
        assert group.attrib == {"category": "aligner-signature"}
        metas = {meta.get("type"): meta.text for meta in group}
        assert all(meta.tag == f"{mda}meta" and not len(meta) for meta in group)
        assert Signature.parse(metas["signature"] or "") == SIGNATURE
        assert metas["model"] == SIGNATURE.model and metas["min-confidence"] == "0.5"
        assert [u.tag for u in file[1:]] == [f"{{{XLIFF2}}}unit"] * 2

    def test_xliff2_from_another_tool(self) -> None:
        """Segments are pairs; inline markup is dropped and the text it wraps kept."""
        text = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{XLIFF2}" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.0"
       srcLang="zh-CN" trgLang="en-US">
  <file id="f1">
    <notes><note>file note</note></notes>
    <group id="g1">
      <unit id="1">
        <notes><note category="aligner">score=0.1 type=3-3</note></notes>
        <originalData><data id="d1">&lt;br/&gt;</data></originalData>
        <segment id="s1" state="final">
          <source>按<pc id="1" dataRefStart="d1">确定</pc><ph id="2" dataRef="d1"/>。</source>
          <target>Press <pc id="1">OK</pc><ph id="2" dataRef="d1"/>.</target>
        </segment>
        <ignorable><source> </source></ignorable>
        <segment id="s2">
          <source><mrk id="m1" type="term">关税</mrk><sc id="3"/>上调<ec startRef="3"/>。</source>
          <target>Tariffs <sm id="m2" type="comment"/>rise<em startRef="m2"/>.<cp
            hex="2028"/></target>
        </segment>
      </unit>
    </group>
    <unit id="2"><segment><source>只有原文。</source></segment></unit>
  </file>
</xliff>
"""
        assert self.xliff2.parse(text, "x") == [
            Bead((0,), (0,), "按确定。", "Press OK.", DEFAULT_SCORE),
            Bead((1,), (1,), "关税上调。", "Tariffs rise.\u2028", DEFAULT_SCORE),
            Bead((2,), (), "只有原文。", "", DEFAULT_SCORE)]
        # The 1.2 format's reader reads it too (a 2.x file named .xlf).
        assert FORMATS["xliff"].parse(text, "x") == self.xliff2.parse(text, "x")

    def test_an_xliff2_file_named_xlf_is_read_by_align_and_check_readers(
            self, tmp_path: Path) -> None:
        path = tmp_path / "from_tool.xlf"
        path.write_text(self.xliff2.render(SEQUENTIAL), encoding="utf-8")
        assert read_beads(path) == round_scores(SEQUENTIAL)
        from aligner.pipeline import read_alignment

        assert [b.en for b in read_alignment(path).beads] == [b.en for b in SEQUENTIAL]

    def test_the_12_reader_drops_inline_codes_and_keeps_wrapped_text(self) -> None:
        text = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
                'original="x" source-language="zh" target-language="en" datatype="html"><body>'
                '<trans-unit id="1"><source>按<g id="1">确定</g><x id="2"/>'
                '<ph id="3">&lt;br/&gt;</ph>。</source><target>Press <bpt id="4">&lt;b&gt;'
                '</bpt>OK<ept id="4">&lt;/b&gt;</ept><mrk mtype="term">!</mrk></target>'
                "</trans-unit></body></file></xliff>")
        assert [(b.zh, b.en) for b in FORMATS["xliff"].parse(text, "x")] == [
            ("按确定。", "Press OK!")]

    def test_a_12_file_given_as_xliff2_is_read(self) -> None:
        text = FORMATS["xliff"].render(SEQUENTIAL)
        assert self.xliff2.parse(text, "x") == round_scores(SEQUENTIAL)
