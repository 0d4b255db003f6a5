"""Dictionary evidence for the pairing: which words of an English candidate the CC-CEDICT
glosses (:mod:`aligner.dictionary`) of a Chinese term's words explain.

One occurrence carries it: a term seen once co-occurs equally with every n-gram of its bead,
and the embeddings of single words and short phrases rank them loosely (磋商 was rendered
"industries" in a Foreign Ministry text), but the dictionary says 磋商 may be "consult",
"negotiate", "discuss", and no word of "industries" is one of those.

Two kinds of evidence:

- :func:`links`, word by word: which English words a gloss of a Chinese part explains
  (the pairing counts them as translating the part, whatever the embeddings say);
- :func:`rendered`, per pair: the share of the term's parts (its dictionary words) that the
  dictionary glosses and the candidate renders by a gloss.

A gloss explains an English word when their stems are equal or are one word's derivations
(economy, economic; nation, national; negotiate, negotiation): a shared beginning of at
least four letters that leaves at most four letters of the longer one, on words of five
letters or more. Terms the dictionary knows nothing of (most names) give no evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from aligner.lexicon import STOP_WORDS

if TYPE_CHECKING:
    from aligner.dictionary import Dictionary

# How a gloss stem and an English stem may differ and still be one word (see the module).
_SHARED_FROM = 4
_LEFT_AT_MOST = 4
_FUZZY_FROM = 5


def english_words(key: str) -> list[str]:
    """The lower-case stems an English candidate key is matched by: its content words,
    dashed ones in pieces (U.S.-China: us, china), dots dropped."""
    out: list[str] = []
    for word in key.split():
        if word.lower() in STOP_WORDS:
            continue
        for piece in word.lower().replace(".", "").split("-"):
            if piece and piece not in out:
                out.append(piece)
    return out


def matches(word: str, gloss: str) -> bool:
    """Whether English stem ``word`` is gloss stem ``gloss`` or a derivation of it."""
    if word == gloss:
        return True
    if min(len(word), len(gloss)) < _FUZZY_FROM:
        return False
    shared = 0
    for a, b in zip(word, gloss, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= _SHARED_FROM and shared >= max(len(word), len(gloss)) - _LEFT_AT_MOST


def rendered(zh_parts: Sequence[Sequence[str]], en_keys: Sequence[str], z_row: np.ndarray,
             e_row: np.ndarray, dictionary: Dictionary,
             names: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (the term of parts ``zh_parts[z_row[i]]``, English candidate
    ``en_keys[e_row[i]]``): the share of the term's parts that the dictionary glosses and
    that some content word of the English renders by one of those glosses; and whether the
    term has such parts at all. ``names`` (per term) marks the person names, whose
    characters gloss nothing of their spelling: they have none."""
    n = len(z_row)
    if not n:
        return np.zeros(0), np.zeros(0, dtype=bool)
    en_words = [english_words(k) for k in en_keys]
    vocabulary = sorted({w for words in en_words for w in words})
    word_id = {w: i for i, w in enumerate(vocabulary)}
    width = max(len(vocabulary), 1)
    by_start: dict[str, list[int]] = {}
    for i, w in enumerate(vocabulary):
        by_start.setdefault(w[:_SHARED_FROM], []).append(i)

    @cache
    def explained(gloss: str) -> tuple[int, ...]:
        return tuple(i for i in by_start.get(gloss[:_SHARED_FROM], ())
                     if matches(vocabulary[i], gloss))

    # The English words each part's glosses explain, as codes part * width + word.
    part_list = sorted({p for parts in zh_parts for p in parts})
    part_id = {p: i for i, p in enumerate(part_list)}
    part_glossed = np.array([bool(dictionary.glosses(p)) for p in part_list], dtype=bool)
    codes = np.array(sorted(i * width + w for i, p in enumerate(part_list)
                            for g in dictionary.glosses(p) for w in explained(g)), dtype=np.int64)
    p_flat, p_off = ragged([[part_id[p] for p in parts] for parts in zh_parts])
    glossed = part_glossed[p_flat] if len(p_flat) else np.zeros(0, dtype=bool)
    if names is not None and len(glossed):
        glossed &= ~np.repeat(names, np.diff(p_off))
    e_flat, e_off = ragged([[word_id[w] for w in words] for words in en_words])
    n_words = np.diff(e_off)[e_row]
    n_parts = np.diff(p_off)[z_row]
    # (pair, part, word) rows; a part counts as rendered once any word renders it.
    sizes = n_parts * n_words
    slots = int(n_parts.sum())
    found = np.zeros(slots, dtype=bool)
    if sizes.sum():
        row = np.repeat(np.arange(n), sizes)
        local = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        part_local = local // n_words[row]
        word = e_flat[e_off[e_row[row]] + local % n_words[row]]
        hit = np.isin(p_flat[p_off[z_row[row]] + part_local] * width + word, codes)
        slot = np.repeat(np.cumsum(n_parts) - n_parts, sizes) + part_local
        np.logical_or.at(found, slot, hit)
    pair_of_slot = np.repeat(np.arange(n), n_parts)
    flat_part = np.repeat(p_off[z_row], n_parts) + np.arange(slots) \
        - np.repeat(np.cumsum(n_parts) - n_parts, n_parts)
    counted = glossed[flat_part] if slots else np.zeros(0, dtype=bool)
    total = np.zeros(n)
    np.add.at(total, pair_of_slot, counted)
    covered = np.zeros(n)
    np.add.at(covered, pair_of_slot, found & counted)
    return np.divide(covered, total, out=np.zeros(n), where=total > 0), total > 0


def ragged(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    flat = np.fromiter((x for items in lists for x in items), dtype=np.int64)
    offsets = np.cumsum([0] + [len(items) for items in lists])
    return flat, offsets


def links(parts: Sequence[str], words: Sequence[str],
          dictionary: Dictionary) -> frozenset[tuple[str, str]]:
    """The (Chinese part, English word key) pairs of ``parts`` × ``words`` where a gloss of
    the part explains the word (a piece of it, for a dashed word: the china of U.S.-China
    for 中): the dictionary's word-by-word evidence, beside the embeddings' cosines."""
    pieces = {w: english_words(w) for w in words}
    by_start: dict[str, list[str]] = {}
    for word, found in pieces.items():
        for piece in found:
            by_start.setdefault(piece[:_SHARED_FROM], []).append(word)
    out: set[tuple[str, str]] = set()
    for part in parts:
        for gloss in dictionary.glosses(part):
            for word in by_start.get(gloss[:_SHARED_FROM], ()):
                if any(matches(piece, gloss) for piece in pieces[word]):
                    out.add((part, word))
    return frozenset(out)
