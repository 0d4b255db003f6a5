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


def detect_language(text: str) -> str | None:
    """``"zh"``, ``"en"`` (any non-Chinese script), or None when there are no letters."""
    letters = _LETTER.findall(text)
    if not letters:
        return None
    han = sum(1 for ch in letters if CJK.match(ch))
    return ZH if han / len(letters) >= _ZH_SHARE else EN

