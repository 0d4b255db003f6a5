"""Stage 1a of the glossary: longer set phrases, found by repetition rather than by rule.

The part-of-speech rules of :mod:`.candidates_zh` keep a term short and nominal, and jieba's tags of
a set phrase's words are often those of the words in a clause: 新/a 发展/vn 格局/n, 中华民族/nz
伟大/a 复兴/a, 国务院/nz 联防/v 联控/j 机制/n, and without a curated dictionary 对/p 等/u 关税/n.
What makes such a run a term is that the text repeats it whole: a repeated word sequence whose edges
may bound a term, and which is not always inside one longer such repeat (新发展格局 is, in
构建新发展格局, but 构建 cannot begin a term), the string-level side of the C-value (Frantzi,
Ananiadou and Mima 2000), whose nested candidates :mod:`.termhood` then weighs.

The repeats are found level by level, a sequence of k + 1 words only where its first k
words repeat, so the cost follows what the text repeats rather than its length squared.
"""

from __future__ import annotations

from collections.abc import Sequence

from aligner.glossary.candidates_zh import PEOPLE, ZhCandidates, ZhSpan, breaks
from aligner.lexicon import MEASURES, split_words

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
        for place in places:
            t, i = place
            j = i + k - 1
            if j >= len(words[t]) or chunks[t][j] != chunks[t][i] or chunks[t][j] < 0:
                continue
            if offsets[t][j] + len(words[t][j]) - offsets[t][i] > MAX_CHARS:
                continue
            groups.setdefault(tuple(words[t][i:j + 1]), []).append(place)
        return {key: where for key, where in groups.items() if len(where) >= min_repeats}

    places = [(t, i) for t, marks in enumerate(chunks) for i, c in enumerate(marks) if c >= 0]
    levels: list[dict[tuple[str, ...], list[tuple[int, int]]]] = [{}, {}]
    for k in range(2, MAX_WORDS + 1):
        groups = grow(places, k)
        if not groups:
            break
        levels.append(groups)
        places = [p for where in groups.values() for p in where]
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
            if flags[where[0][0]][where[0][1] + k - 1] in PEOPLE or not _edges_ok(text, finder):
                continue  # a title and a name (美国总统拜登) are two entries
            covered.add(key)
            for t, i in where:
                start = offsets[t][i]
                out[t].append(ZhSpan(text, start, start + len(text), "", key,
                                     tuple(flags[t][i:i + k])))
    return out


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
    if parts[0].isdigit() or parts[-1].isdigit() or (first == "m" and parts[0][-1] in MEASURES):
        return False  # a count: 一只|公山羊, 两个|儿子 (a number alone may begin: 十四五)
    # A verb first is a verb and its object (构建新发展格局); a term ends on its head, a noun
    # or a quality (中华民族伟大复兴/a), not on a verb (拜登说).
    head = (last in _HEADS or last[:1] == "n") and last not in PEOPLE
    # A verb of one character inside is the verb of a clause (本质|是|互利共赢).
    inner = all(finder.tag(p) not in _NOT_INSIDE and not (len(p) == 1 and finder.tag(p) == "v")
                for p in parts[1:-1])
    return head and inner and first not in _NOT_EDGE and (first[:1] != "v" or first == "vn")
