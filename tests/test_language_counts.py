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
