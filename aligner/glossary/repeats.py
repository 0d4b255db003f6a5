"""Stage 1a of the glossary: longer set phrases, found by repetition rather than by rule.

The part-of-speech rules of :mod:`.candidates_zh` keep a term short and nominal, and jieba's
tags of a set phrase's words are often those of the words in a clause: 新/a 发展/vn 格局/n,
中华民族/nz 伟大/a 复兴/a, 国务院/nz 联防/v 联控/j 机制/n, and without a curated dictionary
对/p 等/u 关税/n. What makes such a run a term is that the text repeats it whole: a
repeated word sequence whose edges may bound a term, and which is not always inside one
longer such repeat (新发展格局 is, in 构建新发展格局, but 构建 cannot begin a term), the
string-level side of the C-value (Frantzi, Ananiadou and Mima 2000), whose nested
candidates :mod:`.termhood` then weighs.

The repeats are found level by level, a sequence of k + 1 words only where its first k
words repeat, so the cost follows what the text repeats rather than its length squared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aligner.glossary.candidates_zh import ZhCandidates, ZhSpan, breaks
from aligner.lexicon import split_words

# The longest repeat considered, in words and characters: 国务院/联防/联控/机制 is four words,
# 越南/国家/数字/技术/企业/发展/论坛 seven (14 characters); 习近平新时代中国特色社会主义思想,
# 16 characters, repeats three times in the wmt22 documents of benchmarks/glossary_terms.py.
MAX_WORDS = 8
MAX_CHARS = 16
# Parts of speech (of the phrase's words said on their own) a phrase may not hold inside:
# function words, pronouns and adverbs (专制政权|永远|无法 is a clause);
_NOT_INSIDE = frozenset(split_words("p c u uj ul uv ud uz ug y e o r rr rz d dg ad"))
# nor begin or end with: those, measure words, locatives, time words.
_NOT_EDGE = _NOT_INSIDE | frozenset(split_words("q x w zg h k f t tg mq"))
# What a term may end on, its head: nouns of all kinds (n...), verbal and adjectival nouns,
# adjectives (中华民族伟大复兴/a), abbreviations, set phrases and idioms.
_HEADS = frozenset(split_words("vn an a ad j l i"))
_PEOPLE = frozenset(split_words("nr nrt nrfg"))
# What the word of two characters of a four-character set phrase may be: nouns, verbs,
# adjectives, their nominal forms; and what its single characters may not be: numbers,
# measure words, pronouns, prepositions (女子|为|妻), particles, locatives, time words,
# punctuation, names.
_SET_WORD = frozenset(split_words("n vn v vd a an ad nz"))
_NOT_IN_SET = frozenset(split_words("m mq q r rr rz p u uj ul uv ud uz ug y e o x w f t tg")) \
    | _PEOPLE
# How many set phrases two single characters must complete (see _set_phrases). With 1, the
# Chinese of ../shared/eval/bible/zh/001 (6,301 lines) gives 29 such phrases, nearly all
# clauses (全会众说, 母牛吃尽, 孩子渐长), the 2,416 wmt22 segments 8 (较大病损, 耐药率高) and the
# seed 3 (互利共赢, 合作共赢, 相向而行); with 2, the bible 4 (气绝而死 and 担罪而死, of 而死; a
# name, 有示丢珥 and 是示丢珥), wmt22 none, the seed 互利共赢 and 合作共赢 (of 共赢).
SET_PHRASE_VARIETY = 2
# The measure words a count ends on (一只, 两个); a number alone may begin a term (十四五,
# 百年奋斗目标).
_MEASURES = frozenset("个只位名家项次件条头匹口座")


def repeated_spans(tagged: Sequence[Sequence[tuple[str, str]]], finder: ZhCandidates,
                   min_repeats: int = 2) -> list[list[ZhSpan]]:
    """Per text of ``tagged`` (jieba's words and tags), the occurrences of the word sequences
    of two words or more, repeated ``min_repeats`` times in all, that may be terms (see the
    module's text)."""
    # Per text, its words, their character offsets, and the chunk (between punctuation and
    # particles) each word belongs to; -1 for a word that breaks.
    words = [[w for w, _ in text] for text in tagged]
    flags = [[f for _, f in text] for text in tagged]
    offsets: list[list[int]] = []
    chunks: list[list[int]] = []
    for text in tagged:
        at, chunk, marks, starts = 0, 0, [], []
        for word, flag in text:
            starts.append(at)
            at += len(word)
            if breaks(word, flag):
                chunk += 1
                marks.append(-1)
            else:
                marks.append(chunk)
        offsets.append(starts)
        chunks.append(marks)

    def grow(places: list[tuple[int, int]], k: int) -> dict[tuple[str, ...], list[tuple[int, int]]]:
        groups: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for t, i in places:
            j = i + k - 1
            if j >= len(words[t]) or chunks[t][j] != chunks[t][i] or chunks[t][j] < 0:
                continue
            if offsets[t][j] + len(words[t][j]) - offsets[t][i] > MAX_CHARS:
                continue
            groups.setdefault(tuple(words[t][i:j + 1]), []).append((t, i))
        return {key: where for key, where in groups.items() if len(where) >= min_repeats}

    places = [(t, i) for t, marks in enumerate(chunks) for i, c in enumerate(marks) if c >= 0]
    levels: list[dict[tuple[str, ...], list[tuple[int, int]]]] = [{}, {}]
    for k in range(2, MAX_WORDS + 1):
        groups = grow(places, k)
        if not groups:
            break
        levels.append(groups)
        places = [p for where in groups.values() for p in where]
    phrases = _set_phrases(levels[3] if len(levels) > 3 else {}, flags, chunks, finder)
    out: list[list[ZhSpan]] = [[] for _ in tagged]
    # From the longest down: a repeat every occurrence of which lies in one longer term
    # (新发展格局 in 构建新发展格局 is not that: 构建 cannot begin a term) is no term itself.
    covered: set[tuple[str, ...]] = set()
    for k in range(len(levels) - 1, 1, -1):
        longer = levels[k + 1] if k + 1 < len(levels) else {}
        for key, where in levels[k].items():
            if any(len(longer.get(ext, ())) == len(where) and ext in covered
                   for ext in _extensions(key, where, words)):
                covered.add(key)
                continue
            text = "".join(key)
            if key not in phrases and (flags[where[0][0]][where[0][1] + k - 1] in _PEOPLE
                                       or not _edges_ok(text, finder)):
                continue  # a title and a name (美国总统拜登) are two entries
            covered.add(key)
            for t, i in where:
                start = offsets[t][i]
                # A set phrase is its two halves (see _set_phrases), a repeat jieba's words.
                parts, tags = phrases.get(key) or (key, tuple(flags[t][i:i + k]))
                out[t].append(ZhSpan(text, start, start + len(text), "", parts, tags))
    return out


def _set_phrases(repeats: Mapping[tuple[str, ...], Sequence[tuple[int, int]]],
                 flags: Sequence[Sequence[str]], chunks: Sequence[Sequence[int]],
                 finder: ZhCandidates) -> dict[tuple[str, ...], tuple[tuple[str, str],
                                                                     tuple[str, str]]]:
    """The set phrases of four characters (四字格) among repeats of three words that jieba cut
    into a word of two and two single characters, with their halves and the halves' tags:
    互利/n 共/d 赢/v → (互利, 共赢), (n, l), mutual benefit and win-win; 合作共赢.

    What makes the two characters a half of a set phrase rather than words of a clause
    (饥荒|甚|大, the famine was severe; 女子|为|妻): they are no dictionary word, no
    number, measure word, pronoun, preposition or particle, the phrase ends its chunk every
    time (互利共赢，, 合作共赢的原则), and the two characters complete at least
    ``SET_PHRASE_VARIETY`` such phrases of different first halves (共赢 of 互利共赢 and
    合作共赢), as an unknown word of a text does (its accessor variety)."""
    found: dict[str, dict[tuple[str, ...], tuple[str, str]]] = {}
    for key, where in repeats.items():
        t, i = where[0]
        tags = flags[t][i:i + 3]
        if len(key[0]) != 2 or len(key[1]) != 1 or len(key[2]) != 1 \
                or tags[0] not in _SET_WORD or tags[1] in _NOT_IN_SET or tags[2] in _NOT_IN_SET \
                or finder.known(key[1] + key[2]) \
                or not all(_ends_chunk(t, i + 3, chunks) for t, i in where):
            continue
        found.setdefault(key[1] + key[2], {})[key] = (tags[0], "l")
    return {key: ((key[0], half), tags) for half, keys in found.items()
            if len(keys) >= SET_PHRASE_VARIETY for key, tags in keys.items()}


def _ends_chunk(t: int, j: int, chunks: Sequence[Sequence[int]]) -> bool:
    """Whether word ``j`` of text ``t`` is past the end of the chunk that word ``j - 1`` is in."""
    return j >= len(chunks[t]) or chunks[t][j] != chunks[t][j - 1]


def _extensions(key: tuple[str, ...], where: Sequence[tuple[int, int]],
                words: Sequence[Sequence[str]]) -> set[tuple[str, ...]]:
    """The repeats one word longer that the first occurrence of ``key`` sits in."""
    t, i = where[0]
    text, k = words[t], len(key)
    out = set()
    if i > 0:
        out.add((text[i - 1], *key))
    if i + k < len(text):
        out.add((*key, text[i + k]))
    return out


def _edges_ok(text: str, finder: ZhCandidates) -> bool:
    """Whether the phrase, split as the dictionary splits it on its own (对等/关税 rather than
    the 对/等/关税 of a clause), begins and ends on words that may begin and end a term, and
    is not a count (a number and its measure word)."""
    parts = finder.split(text)
    if len(parts) < 2:
        return False
    # A piece of two characters or more that the dictionary lacks (对等 of 对等关税, which
    # jieba only knows as the start of 对等性) is a word it does not know, a noun as often
    # as not; single leftover characters are not.
    first, last = (finder.tag(p) or ("n" if len(p) >= 2 else "x") for p in (parts[0], parts[-1]))
    if parts[0].isdigit() or parts[-1].isdigit() or (first == "m" and parts[0][-1] in _MEASURES):
        return False  # a count: 一只|公山羊, 两个|儿子
    # A verb first is a verb and its object (构建新发展格局); a term ends on its head, a noun
    # or a quality (中华民族伟大复兴/a), not on a verb (拜登说).
    head = (last in _HEADS or last[:1] == "n") and last not in _PEOPLE
    # A verb of one character inside is the verb of a clause (本质|是|互利共赢).
    inner = all(finder.tag(p) not in _NOT_INSIDE and not (len(p) == 1 and finder.tag(p) == "v")
                for p in parts[1:-1])
    return head and inner and first not in _NOT_EDGE and (first[:1] != "v" or first == "vn")
