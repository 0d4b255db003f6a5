"""Chinese term candidates: jieba words and the runs of adjacent words that can form a term.

jieba splits text into dictionary words tagged with a part of speech; a term is one content
word (出口, 芬太尼, 吉隆坡) or a short run of them (出口管制, 301措施, 国务院副总理). Runs stop at
punctuation and at structural particles, and may not begin or end with a function word, so
fragments such as 的重要 or 等关税 never become candidates. Known terms from a curated glossary
are added to jieba's dictionary so they stay whole (对等关税 rather than 对/等/关税).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aligner.dictionary import new_tokenizer, pos_tokenizer
from aligner.lexicon import BREAK_WORDS, INSTITUTIONS, LIGHT_HEADS, STOP_WORDS, split_words

if TYPE_CHECKING:
    from jieba.posseg import POSTokenizer


# Longest run considered: 中/美/经贸/磋商/机制 is five jieba words.
MAX_WORDS = 5
MAX_CHARS = 10
MAX_PART = 4
SPLIT_FROM = 4

# Parts of speech (jieba's ICTCLAS tag set) that cannot begin or end a term: prepositions,
# conjunctions, particles, adverbs, pronouns, measure words, interjections, punctuation.
_FUNCTION = frozenset(split_words("p c u uj ul uv ud uz ug y e o r rr rz d dg ad q x w zg h k"))
# Also not at the end: numbers (a term ends on what is counted: 301措施), locatives (中, 期间),
# distinguishing words (副 in 副总理 needs what follows).
_NOT_LAST = _FUNCTION | frozenset(split_words("m mq f b s"))
# What a one-word candidate must be: nouns of all kinds, verbal and adjectival nouns, set
# phrases and abbreviations. Verbs and adjectives alone are not terms.
NOUNISH = frozenset(split_words("n nr nrt nrfg ns nt nz nl ng vn an l j eng"))
_NAMES = frozenset(split_words("nr nrt nrfg ns nt"))
# Nouns that a two-character verb may follow in a term (经济复苏, 投资限制); not names,
# which are the subjects of clauses (美国希望, 越南面临).
_HEADED = frozenset(split_words("n vn j"))
# jieba's tags of a person's name (also read by repeats and termhood).
PEOPLE = frozenset(split_words("nr nrt nrfg"))
# Not inside a multiword term: verbs (but verbal nouns are), locatives.
_NOT_INSIDE = frozenset(split_words("v vd vi vl vg vq f a ad i"))
# Letters and digits of any script, Han included.
_WORD_CHAR = re.compile(r"\w")
_ASCII_WORD = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class ZhSpan:
    """One occurrence of a candidate: characters ``start:end`` of the text."""

    key: str
    start: int
    end: int
    # "person" (jieba's nr, nrfg, nrt), "place" (ns, nt: places and organisations) or "".
    kind: str
    # The words jieba split it into, and their parts of speech.
    words: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


# English endings of adjectives and adverbs (related, interactive, famous, practical,
# prominent, apparently); not -ment (requirement, development), which nouns end on.
_ADJECTIVE_ENDINGS = ("ed", "ive", "ous", "ful", "able", "ible", "less", "al", "ic", "ent",
                      "ant", "ly")


def _nominal(sense: str) -> bool:
    """Whether a dictionary sense reads as a noun phrase: no verb ("to push"), modal,
    preposition or adverb first (cannot, for example, one's conduct), and no adjective or
    adverb last (related, in keeping with), an article aside (a list)."""
    words = sense.lower().split()
    if words[0] in ("a", "an", "the"):
        words = words[1:]
    if not words or words[0] in STOP_WORDS or words[0].endswith(("'t", "'s")) \
            or words[-1] in STOP_WORDS:
        return False
    return words[-1].endswith("ment") or not words[-1].endswith(_ADJECTIVE_ENDINGS)


# The least frequency a curated word gets in jieba's dictionary (see make_tokenizer).
USER_WORD_FREQ = 2000


def make_tokenizer(user_words: Iterable[str] = ()) -> tuple[POSTokenizer, frozenset[str]]:
    """A private jieba tokenizer (no global state) that keeps ``user_words`` whole, and
    those of them that were not dictionary words already (对等关税, not 芬太尼)."""

    tokenizer = new_tokenizer()
    compounds = set()
    for word in user_words:
        word = word.strip()
        if len(word) >= 2 and not word.isascii():
            if not tokenizer.FREQ.get(word):
                compounds.add(word)
            # jieba's suggested frequency only beats the word's own pieces; a curated term
            # must also beat dictionary words that overlap its edge (符合国际 in 符合国际社会).
            tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word, False),
                                              USER_WORD_FREQ), tag="nz")
    return pos_tokenizer(tokenizer), frozenset(compounds)


class ZhCandidates:
    """Finds candidate spans in Chinese text with one lazily built jieba tokenizer."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._user_words = frozenset(user_words)
        self._tokenizer: POSTokenizer | None = None
        self._compounds: frozenset[str] = frozenset()
        self._retagged: dict[tuple[str, str], str] = {}

    def words(self, text: str) -> list[tuple[str, str]]:
        """jieba's words of ``text`` and their parts of speech, each retagged by its first
        sense in CC-CEDICT (:meth:`retag`)."""
        return [(sys.intern(pair.word), self.retag(pair.word, pair.flag))
                for pair in self._posseg().cut(text)]

    def retag(self, word: str, flag: str) -> str:
        """jieba's part of speech of ``word``, corrected by the dictionary's first sense:
        a verb whose first sense is a noun is a verbal noun (死刑 death penalty, 知识
        knowledge, 拐卖 human trafficking, 互信 mutual trust), and so is one whose second is
        a noun of other words (执法 law enforcement; not 需要, needs); a name whose first sense is a
        common word is a noun (关怀 care, 文明 civilized), or a verb (弘扬 to enhance).
        Names the dictionary spells with capitals (拜登 Biden) or lacks (何立峰) stay names.

        jieba's tags are a dictionary's, not the sentence's (金融/n 知识/v, 人文/n 关怀/nr):
        its verbs and names end or split a term."""
        if len(word) < 2 or (flag != "v" and flag not in PEOPLE):
            return flag
        cached = self._retagged.get((word, flag))
        if cached is None:
            from aligner.dictionary import cedict, english_stems

            sense = cedict().first_gloss(word)
            cached = flag
            if not sense or sense[0].isupper():
                pass
            elif flag == "v":
                cached = "vn" if _nominal(sense) or any(
                    _nominal(s) and not set(english_stems(s)) <= set(english_stems(sense))
                    for s in cedict().senses(word)[1:2]) else flag
            else:
                cached = "v" if sense.startswith("to ") else "n"
            self._retagged[word, flag] = cached
        return cached

    def general_frequency(self, word: str) -> int:
        """How common ``word`` is in jieba's general dictionary (0: not a dictionary word).

        Curated words added to keep them whole count as not in the dictionary.
        """
        if word in self._user_words:
            return 0
        return int(self._posseg().tokenizer.FREQ.get(word, 0))

    def known(self, word: str) -> bool:
        """Whether ``word`` is a unit of its own: a dictionary word of two characters or more,
        or a curated one."""
        return len(word) >= 2 and (word in self._user_words
                                   or bool(self._posseg().tokenizer.FREQ.get(word)))

    def tag(self, word: str) -> str:
        """jieba's part of speech of a dictionary word ("" for none)."""
        return str(self._posseg().word_tag_tab.get(word, ""))

    def parts(self, span: ZhSpan) -> tuple[str, ...]:
        """The words of a candidate, curated compounds split too: 对等关税 → 对等, 关税."""
        if span.kind == "person":
            return (span.key,)
        self._posseg()  # builds self._compounds
        out: list[str] = []
        for word in span.words or (span.key,):
            # Curated compounds, and set phrases of two words (沟通交流, 合作共赢) that the
            # dictionary lists whole.
            whole = word not in self._compounds and len(word) < SPLIT_FROM
            out.extend((word,) if whole else self.split(word))
        return tuple(out)

    def split(self, term: str) -> tuple[str, ...]:
        """The dictionary words of ``term``, ignoring curated words: 对等关税 → 对等, 关税.

        jieba's most probable split on its own dictionary; leftover single characters pair
        up when the pair begins a dictionary word (对等 of 对等性), as jieba splits rare
        compounds into characters. Runs of Latin letters or digits stay whole.
        """
        tokenizer = self._posseg().tokenizer
        freq, log_total = tokenizer.FREQ, math.log(tokenizer.total)
        n = len(term)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = []
            for j in range(i + 1, n + 1):
                piece = term[i:j]
                latin = piece.isascii() and piece.isalnum()
                if j - i > MAX_PART and not latin:
                    break
                known = freq.get(piece) and piece != term
                if j == i + 1 or known or latin:
                    options.append((math.log(freq.get(piece) or 1) - log_total + best[j][0], j))
            best[i] = max(options)
        out: list[str] = []
        i = 0
        while i < n:
            piece = term[i:best[i][1]]
            if len(piece) == 1 and out and len(out[-1]) == 1 and (out[-1] + piece) in freq:
                out[-1] += piece
            else:
                out.append(piece)
            i = best[i][1]
        return tuple(out)

    def _posseg(self) -> POSTokenizer:
        if self._tokenizer is None:
            self._tokenizer, self._compounds = make_tokenizer(self._user_words)
        return self._tokenizer

    def spans(self, text: str) -> list[ZhSpan]:
        return spans_from_words(self.words(text))


def spans_from_words(words: list[tuple[str, str]]) -> list[ZhSpan]:
    """Every candidate occurrence in a tagged word sequence."""
    spans: list[ZhSpan] = []
    offset = 0
    run: list[tuple[str, str, int]] = []
    joined, pieces = _join_country_pairs(words)
    for word, flag in joined:
        if breaks(word, flag):
            spans.extend(_run_spans(run, pieces))
            run = []
        else:
            run.append((word, flag, offset))
        offset += len(word)
    spans.extend(_run_spans(run, pieces))
    return spans


# Quotation marks and brackets around a set phrase: “十四五”, “越南制造”, （德国之声中文网）.
# The ASCII double quote both opens and closes.
_OPENING = frozenset("“「『《（(\"‘")
_CLOSING = frozenset("”」』》）)\"’")
# The longest quoted phrase taken for a term, in characters: 德国之声中文网 is 7; a quoted
# clause or headline (实现了“十四五”良好开局) is longer and holds a particle anyway.
MAX_QUOTED = 10
# Parts of speech a quoted term holds none of: prepositions, conjunctions, pronouns,
# adverbs, modal particles (美方无意与中方脱钩 is a quoted clause). Not 之 (u), the
# classical genitive of names: 德国之声.
_NOT_QUOTED = frozenset(split_words("p c r rr rz d dg y e o"))


def quoted_spans(words: list[tuple[str, str]]) -> list[ZhSpan]:
    """The phrases a text sets in quotation marks or brackets, as candidates of kind
    "quoted": the writer marks them as set phrases (“国际人权日”, “越南制造”), whatever
    parts of speech jieba gives their words (日/m, 制造/v), and they are kept seen once, as
    names are. Innermost quotes only, spaces at the edges aside; two to ``MAX_QUOTED``
    characters, and no space, punctuation, particle or function word inside (see
    ``_NOT_QUOTED``); or a title in 《》, which names a work whatever its words, up to 30
    (《统筹推进世界一流大学和一流学科建设总体方案》 is 21; its English is in title case)."""
    spans: list[ZhSpan] = []
    offset, title = 0, False
    inside: list[tuple[str, str, int]] | None = None
    for word, flag in words:
        if word in _CLOSING and inside is not None:
            if (span := _quoted(inside, title)) is not None:
                spans.append(span)
            inside = None
        elif word in _OPENING:
            inside, title = [], word == "《"
        elif inside is not None:
            inside.append((word, flag, offset))
        offset += len(word)
    return spans


def _quoted(inside: list[tuple[str, str, int]], title: bool = False) -> ZhSpan | None:
    """The candidate the words of one quotation make, if they may make a term."""
    kept = [k for k, (w, _, _) in enumerate(inside) if w.strip()]
    inside = inside[kept[0]:kept[-1] + 1] if kept else []
    text = "".join(w for w, _, _ in inside)
    if not 2 <= len(text) <= (30 if title else MAX_QUOTED) or not _CHINESE.search(text):
        return None  # a quoted date or figure (12月10日) has its own rule: see termhood
    if len(text) <= MAX_QUOTED and any(
            not w.strip() or breaks(w, f) or f in _NOT_QUOTED for w, f, _ in inside):
        return None
    if len(inside) > 1 and inside[-1][1] in PEOPLE:
        return None  # a title and a name (记者阳娜) are two entries
    start = inside[0][2]
    return ZhSpan(text, start, start + len(text), "quoted", tuple(w for w, _, _ in inside),
                  tuple(f for _, f, _ in inside))


# The lengths of the dictionary words looked for across jieba's words (dictionary_spans).
_DICTIONARY_LENGTHS = range(3, 7)


def dictionary_spans(words: list[tuple[str, str]], finder: ZhCandidates) -> list[ZhSpan]:
    """CC-CEDICT headwords of three to six characters, noun phrases or names by their first
    sense (:func:`_nominal`), that jieba splits into words (碳/中/和, carbon neutrality, where
    中/f 和/c end any run; 古/特雷斯) or that make up a word of its own split into words of two
    characters or more (外交部 of 外交部发言人; not of 外交部长, nor 文学家 of 天文学家)."""
    from aligner.dictionary import cedict

    dictionary = cedict()
    starts = list(itertools.accumulate((len(w) for w, _ in words), initial=0))
    own = {(a, a + len(w)) for (w, _), a in zip(words, starts, strict=False)}
    # The places between the dictionary's words inside each longer word, by its start.
    inner = {(at, cut) for (word, _), at in zip(words, starts, strict=False)
             if len(word) > 3 and min(map(len, parts := finder.split(word))) > 1
             for cut in itertools.accumulate(map(len, parts), initial=at)}
    bounds = set(starts)
    text, spans = "".join(w for w, _ in words), []
    for i in sorted(bounds | {cut for _, cut in inner}):
        at = starts[bisect.bisect_right(starts, i) - 1]
        for n in _DICTIONARY_LENGTHS:
            key, end = text[i:i + n], i + n
            sense = dictionary.first_gloss(key) if key in dictionary.entries else ""
            if sense and (i, end) not in own and (sense[0].isupper() or _nominal(sense)) and (
                    {i, end} <= bounds or {(at, i), (at, end)} <= inner):
                flag = finder.tag(key) or "n"  # a name where jieba's dictionary has it so
                spans.append(ZhSpan(key, i, end, _kind(flag), (key,), (flag,)))
    return spans


# What the words of an institution's name before its suffix (lexicon.INSTITUTIONS) may be
# (疾病/n 预防/v 控制/v 局, 国家/n 卫生/an 健康/a 委): nouns, verbs, adjectives,
# abbreviations; and what they begin with, a noun (not 控制局, 健康委).
_INSTITUTION_WORDS = frozenset(split_words("n ns nt nz nl ng vn v vd a an j l b"))
_INSTITUTION_START = frozenset(split_words("n ns nt nz nl j"))


def institution_spans(words: list[tuple[str, str]]) -> list[ZhSpan]:
    """The names of institutions that jieba tags as a clause: a noun and the words after
    it, verbs and adjectives included, up to a one-character institution suffix
    (疾病预防控制局, Bureau of Disease Prevention and Control; 国家卫生健康委, National Health
    Commission), at most ``MAX_CHARS`` characters. Of kind "place", as jieba's
    organisations (nt) are: kept seen once, and paired with capitalised English."""
    spans: list[ZhSpan] = []
    starts = list(itertools.accumulate((len(w) for w, _ in words), initial=0))
    for k, (suffix, flag) in enumerate(words):
        if suffix not in INSTITUTIONS or flag[:1] in ("v", "p", "c", "u", "d"):
            continue
        j = k
        while j > 0 and words[j - 1][1] in _INSTITUTION_WORDS \
                and starts[k + 1] - starts[j - 1] <= MAX_CHARS:
            j -= 1
            inside = words[j:k + 1]
            if words[j][1] in _INSTITUTION_START and len(words[j][0]) >= 2 \
                    and any(f[:1] in ("v", "a") for _, f in inside):
                spans.append(ZhSpan("".join(w for w, _ in inside), starts[j], starts[k + 1],
                                    "place", tuple(w for w, _ in inside),
                                    tuple(f for _, f in inside)))
    return spans


def _join_country_pairs(words: list[tuple[str, str]]
                        ) -> tuple[list[tuple[str, str]], dict[str, tuple[str, ...]]]:
    """中/f 美/ns → 中美/ns: one-character country abbreviations pair up (中美, 美中, 中欧); and
    the pieces of a person's name that jieba cut apart join (肖/nr 尔茨/nrt → 肖尔茨/nr), and
    可 with the verb after it (可/v 持续/vd → 可持续/b, sustainable).

    Also returns the pairs made, with their two words: 中美 is China and the U.S. both.
    """
    out: list[tuple[str, str]] = []
    pieces: dict[str, tuple[str, ...]] = {}
    for word, flag in words:
        if out and len(word) == 1 and len(out[-1][0]) == 1 \
                and {flag, out[-1][1]} in ({"ns"}, {"ns", "f"}):
            pieces[out[-1][0] + word] = (out[-1][0], word)
            out[-1] = (out[-1][0] + word, "ns")
        elif word == "性" and out and len(out[-1][0]) == 2 and out[-1][1][:1] in "vna":
            # 性 makes a quality of the word before it (聚集/v 性/n → 聚集性, cluster; 结构性,
            # structural), as jieba's b words are.
            out[-1] = (out[-1][0] + word, "b")
        elif out and out[-1] == ("可", "v") and flag[:1] == "v" and len(word) == 2:
            # 可 + verb is an adjective (可|持续 sustainable), as jieba's b words are.
            out[-1] = ("可" + word, "b")
        elif out and flag in PEOPLE and out[-1][1] in PEOPLE \
                and len(out[-1][0]) + len(word) <= 4 and min(len(out[-1][0]), len(word)) <= 2:
            # A name jieba cut in two (肖/nr 尔茨/nrt): one person.
            out[-1] = (out[-1][0] + word, out[-1][1])
        else:
            out.append((word, flag))
    return out, pieces


def breaks(word: str, flag: str) -> bool:
    """Whether a word ends a run of candidate words: punctuation, particles, lower-case
    English."""
    if flag in ("x", "w") or word in BREAK_WORDS or not _WORD_CHAR.search(word):
        return True
    # Lower-case English inside Chinese text (a quoted "briefing") is not part of a term;
    # acronyms and brand names (CGTN, TikTok) are, and stay as words of their own.
    return word.isascii() and _ASCII_WORD.search(word) is not None and word.islower()


def _run_spans(run: list[tuple[str, str, int]], pieces: dict[str, tuple[str, ...]]) -> list[ZhSpan]:
    spans = []
    for i, (first, first_flag, start) in enumerate(run):
        modified = _modifying_verb(run, i, pieces)
        if modified is not None:
            spans.append(modified)
        if not _may_start(run, i):
            # An acronym before Chinese is still a candidate on its own (对CGTN有).
            if not (first.isascii() and _latin_before_chinese(run, i)):
                continue
            last = i + 1
        else:
            last = i + MAX_WORDS
        chars = 0
        for j in range(i, min(len(run), last)):
            word, flag, _ = run[j]
            chars += len(word)
            if chars > MAX_CHARS:
                break
            if j == i:
                # Nouns; acronyms and names in Latin letters (CGTN, TikTok), not numbers.
                if chars >= 2 and (flag in NOUNISH if not word.isascii() else
                                   _ASCII_WORD.search(word) is not None and not word.islower()):
                    split = pieces.get(word, (word,))
                    spans.append(ZhSpan(word, start, start + chars, _kind(flag), split,
                                        (flag,) * len(split)))
                continue
            # Past the first word, a verb or function word means a clause, not a term
            # (何立峰表示, 出口管制等双方); verbal nouns (管控/vn) are fine.
            if flag == "v" and j == i + 1 and len(word) == 2 and first_flag in _HEADED \
                    and len(run[i][0]) >= 2 and word not in LIGHT_HEADS \
                    and (j + 1 == len(run) or run[j + 1][1].startswith(("v", "f"))):
                # A noun and the verb it is the object or subject of, as a nominal compound
                # (经济|复苏 economic recovery, 投资|限制 investment restrictions): two words
                # only, and nothing but a verb or a locative after it (经济复苏|放缓, 战略引领|
                # 下; 关税|限制|双方 and 双方达成|初步共识 are clauses).
                key = run[i][0] + word
                spans.append(ZhSpan(key, start, start + chars, "",
                                    (*pieces.get(run[i][0], (run[i][0],)), word),
                                    (*(first_flag,) * len(pieces.get(run[i][0], "x")), flag)))
                break
            if flag in _FUNCTION or flag in _NOT_INSIDE or flag in PEOPLE:
                # A person's name ends a run: 副部长李成钢 is a title and a name, not a term.
                break
            if flag in _NOT_LAST or word in LIGHT_HEADS or (
                    word.isascii() and not _DIGIT.search(word)):
                continue
            words = run[i:j + 1]
            key = "".join(w for w, _, _ in words)
            name = all(f in _NAMES or len(w) == 1 for w, f, _ in words)
            spans.append(ZhSpan(key, start, start + chars, _kind(first_flag) if name else "",
                                tuple(p for w, _, _ in words for p in pieces.get(w, (w,))),
                                tuple(f for w, f, _ in words for _ in pieces.get(w, (w,)))))
    return spans


# The nouns a verb may modify (see _modifying_verb): common nouns, set phrases and
# abbreviations; not names (访问|美国 is a verb and its object).
_MODIFIED = frozenset(split_words("n nz nl j"))


def _modifying_verb(run: list[tuple[str, str, int]], i: int,
                    pieces: dict[str, tuple[str, ...]]) -> ZhSpan | None:
    """The verb at ``i`` and the nouns after it, as a term, where another verb of two
    characters or more follows those nouns: the nouns are then the subject or object of
    that verb, and the verb before them reads as their modifier (利用|监视|技术|协助,
    surveillance techniques; 对|独立|新闻媒体|提供, independent new media). A one-character
    verb after (存在分歧|是 正常的, 需要斗士|来) is the copula or a light verb of a clause.

    Only the whole run of nouns. On the five wmt22 documents of benchmarks/glossary_terms.py
    the rule adds 5 entries, 2 of them reference terms (监视技术, 独立新闻媒体: terms right
    0.895 → 0.911 in both modes), none in the top 50; on the seed none; on the other wmt22
    news documents 2 (创新创业, innovation and entrepreneurship, at rank 80 of 901; 拐卖案件
    past 700)."""
    word, flag, start = run[i]
    if flag != "v" or len(word) != 2:
        return None
    k = i + 1
    while k < len(run) and run[k][1] in _MODIFIED and len(run[k][0]) >= 2:
        k += 1
    if k == i + 1 or k == len(run) or run[k][1] != "v" or len(run[k][0]) < 2:
        return None
    words = run[i:k]
    key = "".join(w for w, _, _ in words)
    if len(key) > MAX_CHARS:
        return None
    return ZhSpan(key, start, start + len(key), "",
                  tuple(p for w, _, _ in words for p in pieces.get(w, (w,))),
                  tuple(f for w, f, _ in words for _ in pieces.get(w, (w,))))


def _may_start(run: list[tuple[str, str, int]], i: int) -> bool:
    word, flag, _ = run[i]
    after = run[i + 1] if i + 1 < len(run) else None
    before = run[i - 1] if i > 0 else None
    if flag == "d" and len(word) == 2 and after is not None and after[1] in ("n", "vn") \
            and len(after[0]) >= 2:
        # An adverb of two characters as the modifier of a noun: 初步|共识 (preliminary
        # consensus), 共同|发展 (common development).
        return True
    if flag in _FUNCTION or flag in ("f", "t", "tg", "i"):
        return False
    if len(word) == 1 and before and len(before[0]) == 1 and before[1] in ("m", "b"):
        # 两/国, 副/总理: a one-character word that completes the one before it.
        return False
    if flag == "m" and not _DIGIT.search(word):
        # 两国 (two countries) is a term, 一次 (once) and 两大 (two big) are not.
        return len(word) == 1 and after is not None and len(after[0]) == 1
    if flag.startswith("v") and flag != "vn":
        # A verb begins a term only as a modifier of a verbal noun (执法合作, 禁毒合作);
        # before a noun it is a verb and its object (维护利益, 推动中美经贸关系).
        return len(word) > 1 and after is not None and after[1] == "vn"
    if flag.startswith("a") and flag != "an" and len(word) == 1:
        return False
    return not _latin_before_chinese(run, i)


def _latin_before_chinese(run: list[tuple[str, str, int]], i: int) -> bool:
    """Whether word ``i`` is Latin letters with Chinese after it: no term runs across
    the two (CGTN|有)."""
    word = run[i][0]
    return bool(word.isascii() and _ASCII_WORD.search(word) and i + 1 < len(run)
                and not run[i + 1][0].isascii())


def _kind(flag: str) -> str:
    if flag in PEOPLE:
        return "person"
    return "place" if flag in _NAMES else ""
