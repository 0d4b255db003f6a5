"""Encoding detection: the promised encodings read exactly, unclear ones are refused."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import charset_normalizer
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.text import decode, read_text

TRADITIONAL = (
    "中華民國行政院今日召開院會，通過「國土計畫法」部分條文修正草案，並將送請立法院審議。"
    "行政院發言人表示，本次修正旨在強化地方政府執行國土保育與農地維護的權責，建立跨部會協調機制，"
    "以因應氣候變遷與人口結構轉變所帶來的挑戰。各部會應於三個月內提出具體執行方案，確保政策落實。\n")
SIMPLIFIED = (
    "中华民国行政院今日召开院会，通过「国土计划法」部分条文修正草案，并将送请立法院审议。"
    "行政院发言人表示，本次修正旨在强化地方政府执行国土保育与农地维护的权责，建立跨部会协调机制，"
    "以因应气候变迁与人口结构转变所带来的挑战。各部会应于三个月内提出具体执行方案，确保政策落实。\n")
ENGLISH = (
    "Dr. Müller flew from Zürich to Beijing on Monday. “The talks were constructive,” he "
    "said — adding that both sides’ negotiators would meet again in Geneva next month.\n")
MIXED = "中美经贸磋商在吉隆坡举行。\nTalks were held in Kuala Lumpur.\n"


def write(tmp_path: Path, data: bytes, name: str = "in.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_big5_traditional_paragraph_is_not_read_as_gb18030(tmp_path: Path) -> None:
    assert len(TRADITIONAL) > 100
    path = write(tmp_path, TRADITIONAL.encode("big5"))
    assert read_text(path) == TRADITIONAL


def test_gb18030_simplified_paragraph(tmp_path: Path) -> None:
    path = write(tmp_path, SIMPLIFIED.encode("gb18030"))
    assert read_text(path) == SIMPLIFIED


def test_windows_1252_english_is_not_read_as_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, ENGLISH.encode("cp1252"))
    assert read_text(path) == ENGLISH


def test_latin_1_reads_as_windows_1252(tmp_path: Path) -> None:
    text = "Le café de la Société Générale à Genève ouvre à 8 h. Ångström was Swedish.\n"
    assert read_text(write(tmp_path, text.encode("latin-1"))) == text


def test_english_saved_as_gb18030_keeps_its_quotes(tmp_path: Path) -> None:
    # ’ “ ” — are two-byte GB18030 punctuation; read as Windows-1252 they would be "¡¯".
    text = "China’s “dual circulation” plan — explained by the State Council.\n"
    assert read_text(write(tmp_path, text.encode("gb18030"))) == text


@pytest.mark.parametrize("text", [ENGLISH, MIXED, SIMPLIFIED, TRADITIONAL],
                         ids=["english", "mixed", "simplified", "traditional"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom(tmp_path: Path, text: str, codec: str) -> None:
    assert read_text(write(tmp_path, text.encode(codec))) == text


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
])
def test_byte_order_marks_decide_and_are_dropped(tmp_path: Path, bom: bytes, codec: str) -> None:
    assert read_text(write(tmp_path, bom + MIXED.encode(codec))) == MIXED


def test_newlines_are_normalised(tmp_path: Path) -> None:
    data = "第一行\r\n第二行\rthird\n".encode("big5")
    assert read_text(write(tmp_path, data), encoding="big5") == "第一行\n第二行\nthird\n"


def test_tiny_ambiguous_input_is_refused_naming_candidates(tmp_path: Path) -> None:
    # B0A1 B0A2 is 啊阿 in GB18030 and 陛陝 in Big5: both frequent characters.
    path = write(tmp_path, b"\xb0\xa1\xb0\xa2\n", "short.txt")
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert "short.txt" in message
    assert "unclear" in message and "--encoding" in message
    assert "gb18030" in message and "big5" in message
    assert "\n" not in message


def test_named_encoding_wins(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xb0\xa1\xb0\xa2\n")
    assert read_text(path, encoding="gb18030") == "啊阿\n"
    assert read_text(path, encoding="big5") == "陛陝\n"
    big5 = write(tmp_path, TRADITIONAL.encode("big5"), "big5.txt")
    assert read_text(big5, encoding="gb18030") == TRADITIONAL.encode("big5").decode("gb18030")


def test_named_encoding_errors_are_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "中文".encode("gb18030"))
    with pytest.raises(InputError, match="unknown encoding"):
        read_text(path, encoding="no-such-codec")
    with pytest.raises(InputError, match=r"is not valid utf-8 \(byte 0\)"):
        read_text(path, encoding="utf-8")


RANDOM = random.Random(7)


@pytest.mark.parametrize("data", [
    bytes(RANDOM.randrange(256) for _ in range(4096)),
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8,
    b"\x00\x01\x02abc" * 50,
], ids=["random", "png", "controls"])
def test_binary_is_refused_as_binary(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        read_text(write(tmp_path, data))


def test_valid_utf8_never_runs_the_detector(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("charset-normalizer ran on UTF-8")
    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    assert read_text(write(tmp_path, MIXED.encode("utf-8"))) == MIXED


COMMON_HAN = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域读"  # noqa: E501
ALPHABET = (COMMON_HAN + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + ".,;:!?'\"()-" + "，。、；：？！“”‘’（）《》…—" + "  \n\r")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=200),
       codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_round_trip(text: str, codec: str) -> None:
    assume(text.strip())
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode(text.encode(codec), "generated.txt") == expected
