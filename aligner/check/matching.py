"""Finding glossary terms: Chinese on the raw text, English as whole words with inflections.

Chinese is matched on the characters rather than on jieba's tokens, because segmentation
splits names and long terms inconsistently; longer terms claim their characters first so
that 中美 is not reported inside 中美经贸关系. English renderings become regular expressions
that accept plural and verb endings, possessives, hyphen/space/dash variants and
abbreviations with or without dots, always on whole words ("east" never matches "Easter").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aligner.check.findings import Span
from aligner.lexicon import FUNCTION_WORDS, TermIndex, claim, singular
from aligner.lexicon import rendering_key as rendering_key

_DASHES = "-‐‑‒–—―"
_DASH = r"\-‐‑‒–—―"  # the same, escaped for a character class
# Between words of a rendering the text may have spaces or any dash, with spaces around it.
_SPACE_SEP = rf"(?:\s*[{_DASH}]\s*|\s+)"
# A hyphenated rendering (anti-narcotics) also matches the closed-up spelling.
_HYPHEN_SEP = rf"(?:\s*[{_DASH}/]\s*|\s+)?"
_TOKEN_SPLIT = re.compile(rf"(\s+|\s*[{_DASH}]\s*)")
_APOSTROPHES = "'’"
_POSSESSIVE = rf"(?:[{_APOSTROPHES}]s?)?"


class ZhTermIndex:
    """Finds glossary terms in Chinese text, longest first and never overlapping: the
    lexicon's :func:`~aligner.lexicon.claim`, the rule the glossary counts terms by."""

    def __init__(self, terms: Iterable[str]) -> None:
        terms = {term for term in terms if term}
        self._index = TermIndex(terms)
        self._rank = {term: -len(term) for term in terms}

    def find(self, text: str) -> list[tuple[str, Span]]:
        """Every ``(term, (start, end))`` in ``text``, in text order."""
        kept = claim(self._index.occurrences(text), self._rank)
        return sorted(((term, (start, end)) for term, start, end in kept),
                      key=lambda found: found[1])


class EnMatcher:
    """Compiles English renderings once each and finds them in text."""

    def __init__(self) -> None:
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        self._word_patterns: dict[str, list[re.Pattern[str]]] = {}

    def pattern(self, rendering: str) -> re.Pattern[str] | None:
        if rendering not in self._patterns:
            self._patterns[rendering] = rendering_pattern(rendering)
        return self._patterns[rendering]

    def find(self, rendering: str, text: str, *, reordered: bool = False) -> list[Span]:
        """The spans in ``text`` where ``rendering`` (or an inflected variant) occurs.

        With ``reordered``, a rendering that does not occur as written is also found where
        all its content words stand close together in another order, as translators
        write "tariffs ... related to fentanyl" for "fentanyl-related tariffs" or insert a
        word ("build greater mutual trust").
        """
        pattern = self.pattern(rendering)
        if pattern is None:
            return []
        spans = [m.span() for m in pattern.finditer(text)]
        if spans or not reordered:
            return spans
        return _reordered(self._content_patterns(rendering), text)

    def _content_patterns(self, rendering: str) -> list[re.Pattern[str]]:
        key = rendering
        if key not in self._word_patterns:
            words = [w for w in re.split(rf"[\s{_DASH}]+", rendering.strip())
                     if w and w.lower() not in FUNCTION_WORDS]
            self._word_patterns[key] = [
                re.compile(r"(?<!\w)" + _word_pattern(w) + r"(?!\w)", re.IGNORECASE)
                for w in dict.fromkeys(words)]
        return self._word_patterns[key]


# A reordered rendering may lose or gain lexicon.FUNCTION_WORDS ("measures on Section 301").
# How many words more than it has a reordered rendering may spread over.
_REORDER_SLACK = 5
_WORD = re.compile(r"\w+")


def _reordered(patterns: list[re.Pattern[str]], text: str) -> list[Span]:
    """The narrowest stretch of ``text`` holding every content word, if it is short enough."""
    if len(patterns) < 2:
        return []
    hits = sorted((m.start(), m.end(), index)
                  for index, pattern in enumerate(patterns) for m in pattern.finditer(text))
    if len({index for _, _, index in hits}) < len(patterns):
        return []
    best: Span | None = None
    window: dict[int, int] = {}
    left = 0
    for _, end, index in hits:
        window[index] = window.get(index, 0) + 1
        while len(window) == len(patterns):
            start = hits[left][0]
            if best is None or end - start < best[1] - best[0]:
                best = (start, end)
            dropped = hits[left][2]
            window[dropped] -= 1
            if not window[dropped]:
                del window[dropped]
            left += 1
    if best is None:
        return []
    words = len(_WORD.findall(text[best[0]:best[1]]))
    return [best] if words <= len(patterns) + _REORDER_SLACK else []


def rendering_pattern(rendering: str) -> re.Pattern[str] | None:
    """A case-insensitive whole-word pattern for an English rendering; None if it is empty."""
    rendering = rendering.strip(_DASHES + " \t")
    if not rendering:
        return None
    pieces = []
    for index, part in enumerate(_TOKEN_SPLIT.split(rendering)):
        if index % 2:
            pieces.append(_HYPHEN_SEP if part.strip() else _SPACE_SEP)
        elif part:
            pieces.append(_word_pattern(part))
    return re.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)", re.IGNORECASE)


def _word_pattern(word: str) -> str:
    if "." in word:
        # Abbreviations: U.S. also as US, but case-sensitive so that "us" stays a pronoun.
        letters = "".join(r"\.?" if c == "." else _char(c) for c in word)
        return f"(?-i:{letters})"
    match = re.fullmatch(rf"([A-Za-z]+)((?:[{_APOSTROPHES}]s?)?)", word)
    if not match or len(match[1]) < 3:
        return "".join(_char(c) for c in word)
    return f"(?:{'|'.join(_inflections(match[1]))}){_POSSESSIVE}"


def _char(c: str) -> str:
    return f"[{_APOSTROPHES}]" if c in _APOSTROPHES else re.escape(c)


def _inflections(word: str) -> list[str]:
    """The word itself and the regular plural, past and -ing forms of its stem."""
    lower = word.lower()
    stem = singular(lower)
    forms = {lower, stem, stem + "s", stem + "es", stem + "ed", stem + "ing"}
    if stem.endswith("e"):
        forms |= {stem + "d", stem[:-1] + "ing"}
    if re.search(r"[^aeiou]y$", stem):
        forms |= {stem[:-1] + "ies", stem[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", stem):
        forms |= {stem + stem[-1] + "ed", stem + stem[-1] + "ing"}
    # Longest first so that the alternation does not stop at a shorter form.
    return [re.escape(f) for f in sorted(forms, key=len, reverse=True)]


def drop_contained(spans: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """Drop the matches of a rendering that lie inside a longer rendering's match."""
    every = [(span, key) for key, found in spans.items() for span in found]
    kept: dict[str, list[Span]] = {}
    for span, key in every:
        inside = any(other != span and other[0] <= span[0] and span[1] <= other[1]
                     for other, _ in every)
        if not inside:
            kept.setdefault(key, []).append(span)
    return kept
