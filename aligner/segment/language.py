"""Paragraph language detection: Chinese is told from everything else by its script."""

from __future__ import annotations

import re

_HAN_CLASS = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
CJK = re.compile(_HAN_CLASS)
HAN_RUN = re.compile(_HAN_CLASS + "+")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

ZH = "zh"
EN = "en"

# A Chinese paragraph may quote English names and acronyms (CGTN, briefing); a
# quarter of its letters being Han characters is already far from any English text.
_ZH_SHARE = 0.25


# Runs of letters, and of letters that are Han characters: counted as the lengths of the
# runs the regex engine finds rather than letter by letter in Python (the bible's English
# side 0.31 s → 0.15 s, its Chinese side 0.10 s → 0.03 s; the same counts on 67,210
# texts, every file and line of ../shared/eval and random strings among them).
_LETTER_RUN = re.compile(r"[^\W\d_]+", re.UNICODE)
_HAN_LETTER_RUN = re.compile(r"(?:(?=[^\W\d_])" + _HAN_CLASS + ")+")


# Characters of a text whose runs are found at a time: the counts are of characters, so a
# run cut at a slice's end counts the same in two pieces. A whole file's runs at once were
# a string a word: detecting the language of a 64-bible pair's English (42 MB) took the
# process from 170 MB to 830 MB.
SLICE_CHARS = 1 << 20


def detect_language(text: str) -> str | None:
    """``"zh"``, ``"en"`` (any non-Chinese script), or None when there are no letters."""
    letters = _count(_LETTER_RUN, text)
    if not letters:
        return None
    han = _count(_HAN_LETTER_RUN, text)
    return ZH if han / letters >= _ZH_SHARE else EN


def _count(runs: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` in the runs of ``runs``, :data:`SLICE_CHARS` at a time."""
    if len(text) <= SLICE_CHARS:
        return sum(map(len, runs.findall(text)))
    return sum(sum(map(len, runs.findall(text, start, start + SLICE_CHARS)))
               for start in range(0, len(text), SLICE_CHARS))

