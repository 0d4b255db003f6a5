"""Stage 1b of the glossary: termhood and nesting of the Chinese candidates.

Runs of words nest (美国财政部长 holds 财政部长, 中美经贸磋商机制 holds 经贸磋商机制). Three
things are decided here, before co-occurrence is counted:

- cores: the head of a candidate behind a modifier (a place, a country pair, a locative:
  美国|财政部长, 国内|批准程序, 中美|经贸磋商机制) and the head of a curated compound
  (积累|互信, 脱钩|断链) become candidates of their own at the same place, so that the long
  term and its core each get a rendering;
- non-terms: a count with its measure word (48小时, 110个国家), a string of names (新华社北京)
  and a person's name with more than a noun after it (拜登政府的真正意图) are dropped; a name
  and one noun after it is a unit a terminologist lists (习近平|总书记, General Secretary Xi
  Jinping; 拜登|政府, Biden administration), and the name keeps its own entry;
- termhood: each candidate's C-value (Frantzi, Ananiadou and Mima 2000), its frequency less
  the frequency of the longer candidates it sits in, weighted by its length; and the
  recognised units (dictionary and curated words, names, cores), which keep their
  occurrences inside longer terms in the resolution stage.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from aligner.glossary.candidates_zh import PEOPLE, ZhCandidates, ZhSpan
from aligner.lexicon import COUNTED_IN, COUNTRIES, split_words

if TYPE_CHECKING:
    from aligner.glossary.candidates import Candidates


_PLACES = frozenset(("ns", "nt", "s"))
# Proper names (not locatives such as 口岸 of 口岸城市).
_PROPER = frozenset(("ns", "nt")) | PEOPLE
# Parts of speech a core may not begin with (function words, numbers, adverbs).
_NOT_FIRST = frozenset(split_words("p c u uj ul uv ud uz ug y e o r rr rz d dg ad q x w m mq f"))


@dataclass(frozen=True)
class Termhood:
    """Per Chinese candidate key: its C-value, and whether it is a recognised unit."""

    cvalue: Mapping[str, float]
    units: frozenset[str]
    # The candidates that are a core behind a place modifier (美国|财政部长): they may
    # share their core's rendering (Treasury Secretary).
    placed: frozenset[str] = frozenset()
    # Those seen only inside a longer title in 《》: pieces of one name (调查分析 of a report).
    titled: frozenset[str] = frozenset()

    def of(self, key: str) -> float:
        return self.cvalue.get(key, 0.0)


def nest(candidates: Candidates, finder: ZhCandidates) -> tuple[Candidates, Termhood]:
    """``candidates`` with cores added and non-terms dropped, and their termhood."""
    compounds = _compounds(candidates, finder)
    # The compounds and their dictionary words: each read by the dictionary's split.
    compounds |= {p for c in compounds for p in finder.split(c) if len(p) >= 2}
    zh: list[tuple[ZhSpan, ...]] = []
    cores: set[str] = set()
    placed: set[str] = set()
    for spans in candidates.zh:
        kept = [s for s in spans if not _non_term(s)]
        seen = {(s.key, s.start) for s in kept}
        for span in list(kept):
            for core in _cores(span, finder, compounds, placed):
                cores.add(core.key)
                if (core.key, core.start) not in seen:
                    seen.add((core.key, core.start))
                    kept.append(core)
        zh.append(tuple(sorted(kept, key=lambda s: (s.start, s.end))))
    found = replace(candidates, zh=tuple(zh))
    keys = {s.key: s for spans in zh for s in spans}
    units = frozenset(k for k, s in keys.items() if k in cores or s.kind or finder.known(k))
    return found, Termhood(c_values(found.zh), units, frozenset(placed), _title_pieces(found))


_TITLE = re.compile(r"《\s*([^《》]*?)\s*》")


def _title_pieces(found: Candidates) -> frozenset[str]:
    """The candidates every occurrence of which lies inside a longer title (Termhood.titled)."""
    inside, outside = set[str](), set[str]()
    for bead, spans in zip(found.beads, found.zh, strict=True):
        titles = [m.span(1) for m in _TITLE.finditer(bead.zh)] if "《" in bead.zh else []
        for s in spans:
            piece = any(a <= s.start and s.end <= b and b - a > s.end - s.start
                        for a, b in titles)
            (inside if piece else outside).add(s.key)
    return frozenset(inside - outside)


def c_values(zh: Sequence[Sequence[ZhSpan]]) -> dict[str, float]:
    """The C-value of every candidate: log2(1 + words) × (f(a) − mean f(b) over the longer
    candidates b that hold it), f the number of occurrences."""
    frequency: Counter[str] = Counter()
    holders: dict[str, set[str]] = {}
    parts: dict[str, int] = {}
    for spans in zh:
        for i, span in enumerate(spans):
            frequency[span.key] += 1
            parts.setdefault(span.key, max(1, len(span.words)))
            # Spans are sorted by start: the ones that hold this one start at most
            # ten characters (a candidate's longest) before it.
            for other in spans[max(0, i - 40):i + 40]:
                if other.start <= span.start and span.end <= other.end \
                        and other.end - other.start > span.end - span.start:
                    holders.setdefault(span.key, set()).add(other.key)
    out: dict[str, float] = {}
    for key, f in frequency.items():
        held = holders.get(key)
        nested = sum(frequency[b] for b in held) / len(held) if held else 0.0
        out[key] = math.log2(1 + parts[key]) * (f - nested)
    return out


def _non_term(span: ZhSpan) -> bool:
    words, flags = span.words, span.flags
    if len(words) < 2 or len(flags) != len(words):
        return False
    if any(a.isdigit() and (b in COUNTED_IN or f in ("m", "q", "t"))
           for a, b, f in zip(words, words[1:], flags[1:], strict=False)):
        return True
    if flags[0] in PEOPLE and len(words[1]) >= 2 and (len(words) > 2 or flags[1] != "n"):
        return True
    return all(f in _PROPER and len(w) >= 2 for w, f in zip(words, flags, strict=True))


def _cores(span: ZhSpan, finder: ZhCandidates, compounds: frozenset[str],
           placed: set[str]) -> list[ZhSpan]:
    """The cores of a candidate (see the module's text), as spans at their own places; the
    candidate goes into ``placed`` when a core sits behind a place modifier."""
    out: list[ZhSpan] = []
    words, flags = span.words, span.flags
    if len(words) == 1 and span.key in compounds:
        # A curated compound: its dictionary words stand in for jieba's.
        words = finder.split(span.key)
        flags = tuple("ns" if set(w) <= COUNTRIES else finder.tag(w) for w in words)
    if len(flags) == len(words):
        words, flags = _place_parts(words, flags, finder)
    if len(words) >= 2 and len(flags) == len(words):
        offset = 0
        for k in range(1, len(words)):
            offset += len(words[k - 1])
            core = "".join(words[k:])
            prefix = list(zip(words[:k], flags[:k], strict=True))
            modifier = all(f in _PLACES for _, f in prefix)
            if len(core) < 2 or flags[k] in _NOT_FIRST or not (modifier or finder.known(core)):
                continue
            if len(words[k - 1]) == len(words[k]) == 1 \
                    and set(words[k - 1] + words[k]) <= COUNTRIES:
                continue  # not inside a country pair: 美|中经贸关系 is no core
            if k == len(words) - 1 and span.flags[-1:] == ("v",) and len(span.words) > 1:
                continue  # the verb of a noun + verb term (复苏 of 经济复苏) is no term alone
            if modifier:
                placed.add(span.key)
            kind = "place" if k == len(words) - 1 and flags[k] in _PLACES else ""
            out.append(ZhSpan(core, span.start + offset, span.end, kind, words[k:], flags[k:]))
    return out


def _place_parts(words: Sequence[str], flags: Sequence[str], finder: ZhCandidates
                 ) -> tuple[Sequence[str], Sequence[str]]:
    """The words of a candidate with each name that the dictionary holds whole behind a place
    split in two, the place and the name (中国外交部/nt → 中国/ns 外交部/nt), so that the name
    becomes a core: the curated dictionary splits it so, jieba's alone does not."""
    if not any(f in _PLACES and len(w) >= 4 for w, f in zip(words, flags, strict=True)):
        return words, flags
    out_words: list[str] = []
    out_flags: list[str] = []
    for word, flag in zip(words, flags, strict=True):
        parts = finder.split(word) if flag in _PLACES and len(word) >= 4 else (word,)
        rest = word[len(parts[0]):]
        if len(parts) >= 2 and finder.tag(parts[0]) == "ns" and finder.tag(rest) in _PLACES:
            out_words += [parts[0], rest]
            out_flags += ["ns", finder.tag(rest)]
        else:
            out_words.append(word)
            out_flags.append(flag)
    return tuple(out_words), tuple(out_flags)


def _compounds(candidates: Candidates, finder: ZhCandidates) -> frozenset[str]:
    """The curated compounds that occur (积累互信), and the set phrases of four characters or
    more that the text quotes (“脱钩断链”): known units of dictionary words."""
    return frozenset(s.key for spans in candidates.zh for s in spans if len(s.key) >= 4 and (
        (len(s.words) == 1 and finder.known(s.key) and not finder.general_frequency(s.key))
        or (s.kind == "quoted" and len(s.words) >= 2)))
