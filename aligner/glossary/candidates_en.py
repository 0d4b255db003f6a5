"""English term candidates: word n-grams that neither start nor end with a stop word.

Words keep their hyphens, inner capitals and abbreviation dots (China-U.S., TikTok, U.S.), n-grams
stop at punctuation, and each n-gram has a matching key with case and inflection normalised (tariffs
→ tariff, Vice Premier → vice premier) while the form printed is the one seen most often.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice, pairwise, takewhile
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

from aligner.lexicon import STOP_WORDS, is_plural, split_words, word_key

if TYPE_CHECKING:
    from aligner.glossary.scoring import GlossaryScoring

MAX_WORDS = 8

# A word: letters or digits, joined by inner hyphens, en dashes or apostrophes; an abbreviation with
# dots (U.S., U.K.); a percentage; a plural with its possessive apostrophe (the Leaders’ of
# "Leaders’ Democracy Summit", which would otherwise end the n-gram as punctuation does).
_WORD = re.compile(
    r"(?:[A-Za-z]\.){2,}(?:[-–][A-Za-z0-9]+(?:\.[A-Za-z]\.)?)*"
    r"|[A-Za-z0-9]+(?:[-–'’](?:(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+))*(?:%|(?<=s)['’](?![\w]))?"
)
# Between two words, anything but spaces ends an n-gram (commas, quotes, brackets, dashes);
# these also end a sentence.
_SENTENCE_END = re.compile(r"[.!?:;\n]")
_POSSESSIVE = re.compile(r"['’]s?$", re.IGNORECASE)
# A single quote that opens a quotation: after a space or at the start.
_OPENING_QUOTE = re.compile(r"(?:^|\s)['‘]")


@dataclass(frozen=True, slots=True)
class EnSpan:
    """One occurrence of a candidate: words ``start:end`` of the text."""

    key: str
    surface: str
    start: int
    end: int
    # The key of the capitalised word just before and just after, in the same chunk: the
    # name a longer candidate would complete (Kuala → Kuala Lumpur).
    left: str = ""
    right: str = ""
    # Whether the candidate starts after "X and": the second half of a coordination
    # (trade cooperation in economic and trade cooperation).
    coordinated: bool = False
    # The content words just before and after, whatever their case: what the candidate
    # leaves out (law, of enforcement cooperation).
    before: str = ""
    after: str = ""
    # Whether the very next word is a content word of the same chunk.
    open_right: bool = False
    # Whether the text sets the candidate in quotation marks or brackets (see
    # :func:`_quoted_ranges`): “Made in Vietnam”.
    quoted: bool = False


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and a text's
# words are made once and never changed. With the token cache (_token) and the plain-space
# gap, words() of the bible's English went from 0.75 to 0.41 s of CPU.
@dataclass(slots=True, eq=False)
class Word:
    text: str
    key: str
    stop: bool
    title: bool
    chunk: int
    starts_sentence: bool
    # Where the word starts in the text, in characters.
    at: int = 0
    # Whether it has no letter (a figure: 301, 2.5%).
    number: bool = False


# A text repeats its words: each is keyed (stemmed, case kept or not) once.
_word_key = functools.lru_cache(maxsize=1 << 16)(word_key)


@functools.lru_cache(maxsize=1 << 16)
def _token(token: str) -> tuple[str, str, bool, bool, bool]:
    """What a word is whatever its place: its text (interned), key, whether a stop word,
    capitalised, a figure; looked up once per distinct token (a text repeats its words)."""
    return (sys.intern(token), _word_key(token.rstrip("'’")), token.lower() in STOP_WORDS,
            token[:1].isupper(), _number(token))


def words(text: str) -> list[Word]:
    """The words of ``text``, numbered by the punctuation-free chunk they fall in."""
    out: list[Word] = []
    chunk = 0
    end = 0
    quoted = False
    for match in _WORD.finditer(text):
        at = match.start()
        token = match.group()
        if not out or text[end:at] != " ":
            # A single space (most gaps) neither ends a chunk or a sentence nor opens a quote.
            gap = text[end:at]
            if out and gap.strip():
                chunk += 1
            starts = not out or bool(_SENTENCE_END.search(gap))
            quoted = quoted or bool(_OPENING_QUOTE.search(gap))
        else:
            starts = False
        if token[-1] in "'’" and quoted:
            # The closing quote of 'trade talks', not a possessive: it ends the chunk.
            token, quoted = token[:-1], False
        interned, key, stop, title, number = _token(token)
        out.append(Word(interned, key, stop, title, chunk, starts, at, number))
        end = at + len(token)
    return out


# A phrase in quotation marks or brackets: “Made in Vietnam”, (Deutsche Welle Chinese Website). A
# single quote opens only after a space or the start (not the apostrophe of Leaders’).
_QUOTED = re.compile(r"[“\"(]([^“”\"()]+)[”\")]|(?:^|(?<=\s))[‘']([^‘’']+)[’']")


# Articles, prepositions and conjunctions, left out at the edges of a quoted phrase ("The 14th
# Five-Year Plan", "(of the Communist Party of China)"); other stop words stay (“Made in Vietnam”).
_EDGE_WORDS = frozenset(split_words("the a an of in on at to for by with from and or as"))


def _quoted_ranges(text: str, tokens: Sequence[Word]) -> list[tuple[int, int]]:
    """The word ranges of the phrases in quotation marks or brackets, function words at the
    edges left out ("The 14th Five-Year Plan" → 14th Five-Year Plan), of one chunk (no inner
    punctuation) and at most ``MAX_WORDS`` words. They are candidates whole even where
    they begin or end on a stop word (“Made in Vietnam”)."""
    out = []
    starts = [w.at for w in tokens]
    for match in _QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        i = bisect.bisect_left(starts, match.start(group))
        j = bisect.bisect_left(starts, match.end(group))
        while i < j and tokens[i].key.lower() in _EDGE_WORDS:
            i += 1
        while j > i and tokens[j - 1].key.lower() in _EDGE_WORDS:
            j -= 1
        if i < j and j - i <= MAX_WORDS and tokens[i].chunk == tokens[j - 1].chunk \
                and not tokens[i].number:
            out.append((i, j))
    return out


def _title_ranges(tokens: Sequence[Word]) -> list[tuple[int, int]]:
    """Titles in title case, as a translator writes the name of a report or a plan (the Report
    on Debt Status of Chinese Young People): 3 to 24 words from a capitalised word inside a
    sentence after no other (two stop words between: Nelson and the Report), over capitalised
    words, figures and stop words to the last capitalised word or figure."""
    out = []
    for i, first in enumerate(tokens):
        if first.title and not first.stop and not first.starts_sentence and not any(
                k >= 0 and tokens[k].title and not tokens[k].stop for k in (i - 1, i - 2)):
            run = takewhile(lambda w, c=first.chunk: w.chunk == c and (
                w.title or w.stop or w.number), islice(tokens, i, None))
            end = i + 1 + max(k for k, w in enumerate(run) if not w.stop)
            if 3 <= end - i <= 24:
                out.append((i, end))
    return out


def spans(text: str) -> list[EnSpan]:
    """Every candidate occurrence in ``text``."""
    return spans_in([text])[0]


def spans_in(texts: Sequence[str]) -> list[list[EnSpan]]:
    """Every candidate occurrence in each text.

    A capitalised stop word inside a sentence and before another capitalised word is part of
    a name (He Lifeng) rather than the pronoun; names seen that way anywhere are then
    recognised at the start of a sentence too (He Lifeng stated), where case says little.
    """
    tokenised = [words(text) for text in texts]
    names = {(tokens[i].key, tokens[i + 1].key)
             for tokens in tokenised for i in range(len(tokens) - 1)
             if _name_start(tokens, i)
             and (not tokens[i].starts_sentence or tokens[i].key in _SURNAMES)}
    out = []
    for text, tokens in zip(texts, tokenised, strict=True):
        ranges = _quoted_ranges(text, tokens) + _title_ranges(tokens)
        found = list(_spans(tokens, names))
        if ranges:
            quoted = set(ranges)
            found = [replace(span, quoted=True) if (span.start, span.end) in quoted else span
                     for span in found]
            have = {(span.start, span.end) for span in found}
            found += [_span(tokens, i, j - 1, quoted=True) for i, j in ranges if (i, j) not in have]
        out.append(found)
    return out


def _spans(tokens: list[Word], names: set[tuple[str, str]]) -> Iterator[EnSpan]:
    for i, first in enumerate(tokens):
        if first.stop and not (_name_start(tokens, i) and (first.key, tokens[i + 1].key) in names):
            continue
        # What the candidates starting at i share: their left side, and their words so far
        # (found once, not per candidate: spans_in of the bible's English 1.9 -> 1.5 s CPU).
        chunk = first.chunk
        left, before = _neighbour(tokens, i - 1, chunk), _content(tokens, i - 1, chunk, -1)
        coordinated = _coordinated(tokens, i)
        keys: list[str] = []
        texts: list[str] = []
        for j in range(i, min(len(tokens), i + MAX_WORDS)):
            last = tokens[j]
            if last.chunk != chunk:
                break
            keys.append(last.key)
            texts.append(last.text)
            if last.stop or (j == i and first.number):
                continue
            yield _made(tokens, i, j, keys, texts, left, before, j > i and coordinated)


def _span(tokens: list[Word], i: int, j: int, quoted: bool = False) -> EnSpan:
    """The candidate of words ``i`` to ``j`` (included)."""
    window, chunk = tokens[i:j + 1], tokens[i].chunk
    return _made(tokens, i, j, [w.key for w in window], [w.text for w in window],
                 _neighbour(tokens, i - 1, chunk), _content(tokens, i - 1, chunk, -1),
                 j > i and _coordinated(tokens, i), quoted)


def _made(tokens: list[Word], i: int, j: int, keys: list[str], texts: list[str], left: str,
          before: str, coordinated: bool, quoted: bool = False) -> EnSpan:
    """The candidate of words ``i`` to ``j`` (included), of those ``keys`` and ``texts``,
    with what lies left of it (:func:`_neighbour`, :func:`_content`, :func:`_coordinated`)."""
    chunk = tokens[i].chunk
    surface = " ".join(texts)
    if surface[-1] in "'’sS":  # all _POSSESSIVE can take off
        surface = _POSSESSIVE.sub("", surface)
    following = tokens[j + 1] if j + 1 < len(tokens) else None
    return EnSpan(sys.intern(" ".join(keys)), sys.intern(surface), i, j + 1,
                  left, _neighbour(tokens, j + 1, chunk), coordinated,
                  before, _content(tokens, j + 1, chunk, 1),
                  following is not None and following.chunk == chunk
                  and not following.stop and not following.number, quoted)


def _neighbour(tokens: list[Word], i: int, chunk: int) -> str:
    # Only capitalised words bind as parts of a name; a lower-case neighbour is a modifier
    # that the embeddings weigh better (bilateral relationship, most influential or not).
    if 0 <= i < len(tokens) and tokens[i].chunk == chunk and not tokens[i].stop \
            and tokens[i].title and not tokens[i].starts_sentence:
        return tokens[i].key
    return ""


def _content(tokens: list[Word], i: int, chunk: int, step: int) -> str:
    """The content word at ``i``, or past a joining "and"/"of" (economic, of "economic and
    trade"), within the chunk."""
    if 0 <= i < len(tokens) and tokens[i].key in ("and", "of"):
        i += step
    if 0 <= i < len(tokens) and tokens[i].chunk == chunk and not tokens[i].stop \
            and not tokens[i].number:
        return tokens[i].key
    return ""


def _coordinated(tokens: list[Word], i: int) -> bool:
    # "economic and trade cooperation" shares its head; after a plural noun (resolve
    # differences and strengthen cooperation) the "and" joins clauses instead.
    if i < 2 or tokens[i - 1].key not in ("and", "or"):
        return False
    before = tokens[i - 2]
    return not before.stop and before.chunk == tokens[i].chunk \
        and not is_plural(before.text.lower())


# Inside a term, only these stop words join its parts (Vice Premier of the State Council,
# economic and trade relations); others make a clause or a prepositional phrase
# (measures on China, tariffs that were).
_JOINING = frozenset(["of", "and", "the", "for", "&"])
_PARTICIPLE = re.compile(r"[A-Za-z][a-z]+(ing|ed)")


@dataclass(frozen=True)
class EnProfile:
    """What the pairing needs to know of the English candidates beyond their keys."""

    # The printed form of each candidate key and of each word key: the one seen most
    # (first seen on ties; manag → managing).
    surfaces: Mapping[str, str]
    word_surfaces: Mapping[str, str]
    # Per key asked for: how little the candidate looks like a term by itself (0 = fine),
    # and the content words that usually stand next to it.
    penalty: np.ndarray
    neighbours: tuple[tuple[str, ...], ...]
    # Per key asked for, whether a word of it takes an object, a content word before an
    # article (specify the details), as no noun phrase has it: see GlossaryScoring.shape_weight.
    verbal: np.ndarray
    # Per key asked for, whether it opens with an -ing participle: a phrase if that translates
    # no part of the term (pairing.score_pairs; GlossaryScoring.participle_linked).
    participle: np.ndarray


def profile(spans: Sequence[Sequence[EnSpan]], keys: Sequence[str],
            scoring: GlossaryScoring) -> EnProfile:
    """The candidates' printed forms, and for ``keys`` their penalties and neighbours, in
    one pass over ``spans``.

    A fragment is a candidate nearly always seen inside one longer name whose added word is seldom
    seen elsewhere: Kuala (Kuala Lumpur), 301 measures (Section 301 measures), but not Section 301
    measures inside U.S. Section 301 measures, since U.S. is everywhere. Seen once or twice, that is
    weak evidence (a sentence quoted twice repeats every neighbour), so it counts fully only from
    three times on. A phrase is a candidate joined by a preposition or verb rather than of/and, or
    opening with a participle (passed Resolution; an -ing one, including export controls, is judged
    per term: see EnProfile.participle), or the second half of a coordination (trade cooperation in
    economic and trade cooperation), or ends on a word that is nearly always followed by another
    (mutual benefit and win-win, of win-win cooperation). A neighbour is a content word next to the
    candidate in at least ``scoring.neighbour_share`` of its uses.
    """
    seen: Counter[str] = Counter()
    coordinated: Counter[str] = Counter()
    followed: Counter[str] = Counter()
    participle: dict[str, str] = {}  # the ending of an opening participle
    # Per key, tallies in plain dicts (in order of first sight, as a Counter keeps them): a
    # Counter per key (79,392 on the bible) is slow to build.
    extended: dict[str, dict[tuple[int, str], int]] = {}
    around: dict[str, dict[str, int]] = {}
    forms: dict[str, dict[str, int]] = {}
    word_forms: dict[str, dict[str, int]] = {}
    # Each (key, printed form) once, counted, in order of first sight: the printed forms are
    # tallied per pair (first seen first, as per span), not per span (the bible's English:
    # 49,680 pairs of 116,869 spans). With the plain dicts above, profile() of the bible's
    # English went from 1.6 to 0.95 s of CPU.
    written: Counter[tuple[str, str]] = Counter()
    for bead in spans:
        for span in bead:
            key = span.key
            seen[key] += 1
            coordinated[key] += span.coordinated
            followed[key] += span.open_right
            written[key, span.surface] += 1
            if key not in participle:
                # Keys are stemmed (maintaining → maintain): look at the words as written.
                found = _PARTICIPLE.fullmatch(span.surface.split()[0])
                participle[key] = found.group(1) if found else ""
            if span.left or span.right:
                tally = extended.setdefault(key, {})
                if span.left:
                    tally[0, span.left] = tally.get((0, span.left), 0) + 1
                if span.right:
                    tally[1, span.right] = tally.get((1, span.right), 0) + 1
            if span.before or span.after:
                near = around.setdefault(key, {})
                if span.before:
                    near[span.before] = near.get(span.before, 0) + 1
                if span.after:
                    near[span.after] = near.get(span.after, 0) + 1
    for (key, surface), n in written.items():
        printed = forms.setdefault(key, {})
        printed[surface] = printed.get(surface, 0) + n
        for word, text in zip(key.split(), surface.split(), strict=False):
            printed = word_forms.setdefault(word, {})
            printed[text] = printed.get(text, 0) + n
    penalty = np.zeros(len(keys), dtype=np.float64)
    for index, key in enumerate(keys):
        fragment = 0.0
        for (_, word), together in extended.get(key, {}).items():
            share = min(together / seen[key], together / max(seen[word], 1))
            fragment = max(fragment, share * min(1.0, together / scoring.fragment_evidence))
        words = key.split()
        phrase = sum(1 for w in words[1:-1] if w in STOP_WORDS and w not in _JOINING)
        if len(words) > 1 and participle.get(key) == "ed":
            phrase += 2
        last = words[-1]
        open_end = followed[last] / seen[last] if seen[last] >= scoring.open_evidence else 0.0
        penalty[index] = (scoring.fragment_penalty * fragment + scoring.phrase_penalty * phrase
                          + scoring.coordination_penalty * coordinated[key] / max(seen[key], 1)
                          + scoring.open_end_penalty * max(0.0, 2 * open_end - 1))
    neighbours = tuple(tuple(w for w, n in around.get(key, {}).items()
                             if n >= scoring.neighbour_share * seen[key]) for key in keys)
    verbal = np.array([any(a not in STOP_WORDS and b in ("a", "an", "the") for a, b in
                           pairwise(key.split())) for key in keys], dtype=bool)
    opening = np.array([participle.get(k) == "ing" and " " in k and k.split()[0] not in STOP_WORDS
                        for k in keys], dtype=bool)
    return EnProfile(_most_common(forms), _most_common(word_forms), penalty, neighbours, verbal,
                     opening)


def _name_start(tokens: list[Word], i: int) -> bool:
    word = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (word.title and word.key not in _NEVER_NAMES and after is not None
            and after.chunk == word.chunk and after.title and not after.stop)


# Pinyin surnames spelled like English function words (何 He, 安 An, 尤 You): before a
# capitalised word they start a name even at the start of a sentence.
_SURNAMES = frozenset(["he", "an", "you"])
# Capitalised mid-sentence only at the start of a title, never as part of a name.
_NEVER_NAMES = frozenset(["the", "a", "an", "i", "of", "and", "in", "on", "at", "to", "for"])


def _number(token: str) -> bool:
    return not any(c.isalpha() for c in token)


def _most_common(seen: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """Per key, its commonest item, the first seen on ties (as Counter.most_common)."""
    return {key: max(tally.items(), key=itemgetter(1))[0] for key, tally in seen.items()}
