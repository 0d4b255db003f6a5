"""detect_language counts letters by runs (issue 26): the same counts as letter by letter."""

from __future__ import annotations

import random

import pytest

from aligner.segment.language import _HAN_CLASS, _LETTER, CJK, detect_language


def _by_letter(text: str) -> str | None:
    """detect_language as it was: every letter found, each tested for Han."""
    letters = _LETTER.findall(text)
    if not letters:
        return None
    han = sum(1 for ch in letters if CJK.match(ch))
    return "zh" if han / len(letters) >= 0.25 else "en"


@pytest.mark.parametrize("text", [
    "", "123 456_789", "½ ² 二 三", "中美 CGTN briefing", "a中", "𠀀𠀁 abc", "\u9fff\ufa6e\ufa6f x",
    "Ünïcödé ß 中", "中" + "x" * 3, "中" + "x" * 4, "__中__"])
def test_the_same_language_as_letter_by_letter(text):
    assert detect_language(text) == _by_letter(text)


def test_random_strings():
    rng = random.Random(26)
    assert _HAN_CLASS  # the class both count against
    for _ in range(3000):
        text = "".join(chr(rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x3000, 0xa000),
                                       rng.randrange(0xf800, 0xfb00),
                                       rng.randrange(0x20000, 0x32000)]))
                       for _ in range(rng.randrange(0, 12)))
        assert detect_language(text) == _by_letter(text)


def test_a_long_text_counted_a_slice_at_a_time_counts_the_same(monkeypatch):
    """A run cut at a slice's end counts the same in two pieces (the runs of a whole long
    file, one string a word, took hundreds of MB)."""
    import aligner.segment.language as language

    rng = random.Random(2626)
    alphabet = "ab 中文\u3400é1_,.\U00020001ß\n"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
             for _ in range(200)]
    whole = [(sum(map(len, language._LETTER_RUN.findall(t))),
              sum(map(len, language._HAN_LETTER_RUN.findall(t)))) for t in texts]
    for size in (1, 3, 64):
        monkeypatch.setattr(language, "SLICE_CHARS", size)
        assert [(language._count(language._LETTER_RUN, t),
                 language._count(language._HAN_LETTER_RUN, t)) for t in texts] == whole
