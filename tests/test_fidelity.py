"""The user's text is sacred: every sentence and every bead is source text, character for
character, and every format gives back what it was given."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aligner import align_texts
from aligner.formats import FORMATS
from aligner.records import Bead
from aligner.segment import split_paragraphs, split_sentences
from aligner.segment.sentences import MAX_SENTENCE_CHARS

SEED = "seeds/000_50897b66f031bdf8.txt"


class HashingEncoder:
    """A deterministic stand-in for a sentence encoder: hashed character bigrams. Fast
    enough for property tests; fidelity does not depend on the quality of the vectors."""

    name = "hashing"

    def encode(self, texts: Sequence[str], progress=None) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:] + " ", strict=True):
                out[row, hashlib.md5((a + b).encode()).digest()[0] % 64] += 1.0
        out[:, 0] += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


# --- generated text ---------------------------------------------------------------------

ZH_WORDS = ["中美", "经贸", "磋商", "关税", "合作", "双方", "同意", "臺灣", "會議", "發展",
            "进一步", "301", "2025年", "芬太尼", "😀", "“对等关税”", "《人民日报》", "——", "……"]
ZH_ENDS = ["。", "！", "？", "……", "。”", "！」", "；", "，"]
EN_WORDS = ["didn't", "won't", "it's", "U.S.", "Mr.", "Section", "301", "tariffs", "—",
            "...", "\"quoted\"", "‘single’", "(brackets)", "3.5%", "e.g.", "Zürich", "😀",
            "Jan.", "No.", "trade", "talks", "A.", "co-operation"]
EN_ENDS = [".", "!", "?", "...", ".\"", "?'", ";", ","]
SPACES = [" ", " ", " ", "  ", "\t", "\u3000", " \u00a0"]


@st.composite
def zh_paragraph(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        words = [draw(st.sampled_from(ZH_WORDS[:10]))]
        words += draw(st.lists(st.sampled_from(ZH_WORDS), max_size=7))
        sep = draw(st.sampled_from(["", "", " ", "  "]))
        parts.append(sep.join(words) + draw(st.sampled_from(ZH_ENDS)))
        parts.append(draw(st.sampled_from(["", "", " ", "  "])))
    return "".join(parts)


@st.composite
def en_paragraph(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        words = [draw(st.sampled_from(["didn't", "Section", "tariffs", "trade", "Zürich"]))]
        words += draw(st.lists(st.sampled_from(EN_WORDS), max_size=9))
        words[0] = words[0][:1].upper() + words[0][1:]
        sep = draw(st.sampled_from(SPACES))
        parts.append(sep.join(words) + draw(st.sampled_from(EN_ENDS)))
        parts.append(draw(st.sampled_from(SPACES)))
    return "".join(parts)


def document(paragraphs: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    newline = st.sampled_from(["\n", "\n\n", "\r\n", "\n  \n"])
    return st.lists(st.tuples(paragraphs, newline), min_size=1, max_size=5).map(
        lambda items: "".join(p + n for p, n in items))


def _nonspace(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- segmentation -----------------------------------------------------------------------

@given(text=document(st.one_of(zh_paragraph(), en_paragraph())))
@settings(max_examples=150, deadline=None)
def test_sentences_are_slices_that_cover_the_text(text: str):
    text = text.replace("\r\n", "\n")  # what read_text gives
    for paragraph in split_paragraphs(text):
        assert text[paragraph.start:paragraph.start + len(paragraph.text)] == paragraph.text
        previous_end = paragraph.start
        for sentence in paragraph.sentences:
            assert text[sentence.start:sentence.end] == sentence.text
            assert sentence.text and sentence.text == sentence.text.strip()
            assert sentence.start >= previous_end
            previous_end = sentence.end
        # Nothing but white space between and around the sentences is left out.
        assert _nonspace("".join(s.text for s in paragraph.sentences)) == \
            _nonspace(paragraph.text)


def test_contractions_quotes_and_spaces_are_kept():
    text = "He didn't go.  They won't   say “why”. It’s 3.5 p.m. — fine…"
    assert split_sentences(text, "en") == ["He didn't go.", "They won't   say “why”.",
                                           "It’s 3.5 p.m. — fine…"]
    zh = "他说：“好。”2025年双方同意。  下一句！"
    assert split_sentences(zh, "zh") == ["他说：“好。”", "2025年双方同意。", "下一句！"]


def test_a_long_paragraph_is_never_cut_inside_a_sentence():
    sentence = "The delegations discussed tariffs, export controls and shipping fees at length."
    paragraph = " ".join([sentence] * 80)  # 6,400 characters, more than the old 4,800 chunk
    assert split_sentences(paragraph, "en") == [sentence] * 80


def test_an_over_long_sentence_is_cut_at_a_soft_break_and_marked():
    words = " ".join(f"word{i}," for i in range(400))  # no sentence end at all
    pieces = split_paragraphs(words, "en")[0].sentences
    assert len(pieces) > 1
    assert all(len(p.text) <= MAX_SENTENCE_CHARS["default"] for p in pieces)
    assert all(p.text.endswith(",") and p.cut for p in pieces[:-1])
    assert not pieces[-1].cut
    assert " ".join(p.text for p in pieces) == words


# --- alignment ----------------------------------------------------------------------------

def _in_source(bead_text: str, source: str) -> bool:
    """A bead's text is source text: in a mixed document, where a paragraph of the other
    language stands between two of its sentences, each piece either side occurs verbatim."""
    return all(piece in source for piece in bead_text.split("\n"))


@given(zh=document(zh_paragraph()), en=document(en_paragraph()))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_bead_is_source_text(zh: str, en: str):
    zh, en = zh.replace("\r\n", "\n"), en.replace("\r\n", "\n")
    assume(zh.strip() and en.strip())
    alignment = align_texts(zh, en, encoder=HashingEncoder())
    for bead in alignment.beads:
        # Each side is one text: a bead is one slice of it, blank lines and all.
        assert bead.zh in zh, bead.zh
        assert bead.en in en, bead.en
    # Every sentence is in exactly one bead.
    zh_ids = sorted(i for zs, _ in alignment.members for i in zs)
    en_ids = sorted(j for _, js in alignment.members for j in js)
    assert zh_ids == list(range(len(alignment.zh.sentences)))
    assert en_ids == list(range(len(alignment.en.sentences)))


def test_presplit_keeps_line_numbers_and_skips_blank_lines():
    zh = "第一句。\n\n第二句。  \n第三句。\n"
    en = "First.\nSecond.  \n\nThird.\n"
    alignment = align_texts(zh, en, presplit=True, encoder=HashingEncoder())
    zh_ids = [i for bead in alignment.beads for i in bead.zh_ids]
    en_ids = [j for bead in alignment.beads for j in bead.en_ids]
    assert zh_ids == [0, 2, 3] and en_ids == [0, 1, 3]
    assert all(bead.zh == bead.zh.strip() and bead.en == bead.en.strip()
               for bead in alignment.beads)
    assert all(bead.zh in zh and bead.en in en for bead in alignment.beads)
    # Two lines in one bead are the source between them, the blank line included.
    from aligner.records import join_sentences

    assert join_sentences(zh, alignment.zh.sentences[:2])[0] == "第一句。\n\n第二句。"


def test_seed_beads_are_seed_text(seed_beads):
    source = Path(SEED).read_text(encoding="utf-8")
    assert seed_beads.beads
    for bead in seed_beads.beads:
        assert _in_source(bead.zh, source) and _in_source(bead.en, source)


def test_two_file_version_of_the_seed_is_source_text(encoder, tmp_path):
    from aligner import align
    from aligner.segment import ZH, detect_language

    lines = Path(SEED).read_text(encoding="utf-8").split("\n")
    zh = "\n".join(line for line in lines if detect_language(line) == ZH)
    en = "\n".join(line for line in lines if detect_language(line) not in (ZH, None))
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    alignment = align(tmp_path / "en.txt", tmp_path / "zh.txt", encoder=encoder)
    assert len(alignment.beads) > 10
    for bead in alignment.beads:
        assert bead.zh in zh and bead.en in en


# --- formats ------------------------------------------------------------------------------

# Text every format can hold: no control characters; TSV cannot hold tabs or line breaks.
_SAFE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"),
                      blacklist_characters="\u2028\u2029\x85\ufffe\uffff")


@given(texts=st.lists(st.tuples(st.text(_SAFE, min_size=1, max_size=40),
                                st.text(_SAFE, min_size=1, max_size=40)),
                      min_size=1, max_size=5),
       fmt=st.sampled_from(sorted(FORMATS)))
@settings(max_examples=200, deadline=None)
def test_write_then_read_gives_the_text_back(texts: list[tuple[str, str]], fmt: str):
    beads = [Bead((k,), (k,), zh, en, 0.5) for k, (zh, en) in enumerate(texts)]
    back = FORMATS[fmt].parse(FORMATS[fmt].render(beads), "test")
    assert [(b.zh, b.en) for b in back] == texts


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_seed_text_survives_every_format(seed_beads, fmt: str):
    beads = [replace(b, score=round(b.score, 4), similarity=round(b.similarity, 4))
             for b in seed_beads.beads]
    back = FORMATS[fmt].parse(FORMATS[fmt].render(beads), "seed")
    if FORMATS[fmt].keeps_ids:
        assert back == beads
    else:
        # TSV turns the line break between a heading and its paragraph into a space.
        assert [(b.zh, b.en) for b in back] == [(FORMATS[fmt].clean(b.zh),
                                                  FORMATS[fmt].clean(b.en)) for b in beads]


def test_jsonl_marks_a_bead_with_a_cut_sentence():
    bead = Bead((0,), (0,), "长句", "long", 0.5, cut=True)
    record = json.loads(FORMATS["jsonl"].render([bead]))
    assert record["cut"] is True
    assert FORMATS["jsonl"].parse(FORMATS["jsonl"].render([bead]))[0].cut
    assert "cut" not in json.loads(FORMATS["jsonl"].render([replace(bead, cut=False)]))


def test_a_multi_sentence_bead_is_the_source_span_with_its_spaces():
    """The old join put a space after 。” before a digit and collapsed runs of spaces."""
    from aligner.records import join_sentences

    text = "他说：“好。”2025年双方同意。\nHe said:  \"Fine.\"   Both sides didn't object.\n"
    zh, en = split_paragraphs(text)
    assert len(zh.sentences) == 2 and len(en.sentences) >= 2
    assert join_sentences(text, zh.sentences)[0] == "他说：“好。”2025年双方同意。"
    assert join_sentences(text, en.sentences)[0] == \
        "He said:  \"Fine.\"   Both sides didn't object."
    # Across a paragraph break: one newline, each side of it verbatim.
    both, spans = join_sentences(text, [zh.sentences[-1], en.sentences[0]])
    assert both == "2025年双方同意。\n" + en.sentences[0].text
    assert [both[a:b] for a, b in spans] == [zh.sentences[-1].text, en.sentences[0].text]


def test_spans_of_beads_read_from_a_file_point_at_their_sentences():
    """A hand-made bead with white space around its sentences once gave spans counted from
    its first sentence, so reports highlighted the wrong text."""
    from aligner.segment import alignment_from_beads

    beads = [Bead((0, 1), (0,), "  第一句。 第二句。 ", " One.  Two. ", 0.5),
             Bead((2,), (1,), "第三句。", "Three.", 0.5)]
    alignment = alignment_from_beads(beads)
    for k, bead in enumerate(beads):
        for side, text in (("zh", bead.zh), ("en", bead.en)):
            sentences = alignment.sentences(k, side)
            assert [text[a:b] for a, b in alignment.spans(k, side)] == \
                [s.text for s in sentences]
    assert [s.text for s in alignment.sentences(0, "zh")] == ["第一句。", "第二句。"]


_TERM_TEXT = st.text(_SAFE, min_size=1, max_size=30).map(str.strip).filter(
    lambda t: bool(t) and "|" not in t and not t.startswith("#")
    and not any(c in t for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e"))


@given(terms=st.lists(st.tuples(_TERM_TEXT, _TERM_TEXT, st.lists(_TERM_TEXT, max_size=2),
                                st.integers(0, 10 ** 6)), min_size=1, max_size=4),
       fmt=st.sampled_from(["tsv", "csv", "tbx"]))
@settings(max_examples=200, deadline=None)
def test_glossary_write_then_read_gives_the_terms_back(terms, fmt: str):
    from aligner.formats import GLOSSARY_FORMATS
    from aligner.records import Term

    entries = [Term(zh, en, tuple(a for a in dict.fromkeys(alts) if a != en), 0.5, count, zh)
               for zh, en, alts, count in terms]
    fmt_ = GLOSSARY_FORMATS[fmt]
    assert fmt_.parse(fmt_.render(entries), "test") == entries


@given(terms=st.lists(st.tuples(_TERM_TEXT, _TERM_TEXT, st.lists(_TERM_TEXT, max_size=3),
                                st.lists(_TERM_TEXT, max_size=2)), min_size=1, max_size=4))
@settings(max_examples=200, deadline=None)
def test_cat_csv_gives_back_every_text_a_cat_tool_keeps(terms):
    """The CAT glossary keeps no score or count, but every term, rendering, forbidden
    rendering and context character for character."""
    from aligner.formats import GLOSSARY_FORMATS
    from aligner.records import Term

    entries = [Term(zh, en, tuple(a for a in dict.fromkeys(alts) if a != en), 1.0, 0, zh,
                    forbidden=tuple(dict.fromkeys(bad)))
               for zh, en, alts, bad in terms]
    fmt = GLOSSARY_FORMATS["cat-csv"]
    assert fmt.parse(fmt.render(entries), "test") == entries
