"""The whole job as plain functions: read → segment → pair paragraphs → embed → align."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.alignment import align_sentences
from aligner.embed import Encoder, get_encoder
from aligner.errors import InputError
from aligner.formats import FORMATS, read_beads
from aligner.paragraphs import Block, Side, blocks_from_document, blocks_from_pair
from aligner.progress import Progress
from aligner.segment import ZH, detect_language, split_paragraphs
from aligner.segment.language import CJK
from aligner.text import read_text
from aligner.records import Bead


def align_texts(zh_text: str, en_text: str, *, presplit: bool = False,
                encoder: Encoder | None = None, progress: Progress | None = None,
                names: tuple[str, str] = ("zh", "en")) -> list[Bead]:
    """Align two texts that translate each other; the first is the source side.

    With ``presplit`` each line is one sentence and ids are 0-based line numbers;
    otherwise paragraphs are paired first and sentences aligned within each pair.
    """
    encoder = encoder or get_encoder()
    if presplit:
        zh_lines, en_lines = _lines(zh_text), _lines(en_text)
        vectors = encoder.encode(zh_lines + en_lines, progress=progress)
        block = Block(tuple(range(len(zh_lines))), tuple(range(len(en_lines))))
        return _align_blocks([block], zh_lines, en_lines, vectors[:len(zh_lines)],
                             vectors[len(zh_lines):], keep_ids=True)
    zh = Side.of(split_paragraphs(zh_text, _side_language(zh_text, names[0])))
    en = Side.of(split_paragraphs(en_text, _side_language(en_text, names[1])))
    zh_vectors, en_vectors = _embed(zh, en, encoder, progress)
    blocks = blocks_from_pair(zh, en, zh_vectors, en_vectors)
    return _align_blocks(blocks, zh.sentences, en.sentences, zh_vectors, en_vectors)


def align_document(text: str, *, encoder: Encoder | None = None,
                   progress: Progress | None = None, name: str = "document") -> list[Bead]:
    """Find the Chinese and English passages of a mixed document that translate each other."""
    encoder = encoder or get_encoder()
    paragraphs = split_paragraphs(text)
    languages = {p.lang for p in paragraphs if p.lang}
    if ZH not in languages:
        raise InputError(name, "has no Chinese paragraphs: nothing to align (only one language)")
    if languages == {ZH}:
        raise InputError(name, "has only Chinese paragraphs: nothing to align (only one language)")
    zh = Side.of([p for p in paragraphs if p.lang == ZH])
    en = Side.of([p for p in paragraphs if p.lang and p.lang != ZH])
    zh_vectors, en_vectors = _embed(zh, en, encoder, progress)
    blocks = blocks_from_document(paragraphs, zh, en, zh_vectors, en_vectors)
    if not blocks:
        raise InputError(name, "has no English paragraphs that translate its Chinese ones")
    return _align_blocks(blocks, zh.sentences, en.sentences, zh_vectors, en_vectors)


def align(*inputs: str | Path, presplit: bool = False, model: str | None = None,
          encoder: Encoder | None = None, encoding: str | None = None,
          progress: Progress | None = None) -> list[Bead]:
    """Align files: one mixed document, or a Chinese and an English file in either order."""
    encoder = encoder or get_encoder(model)
    if len(inputs) == 1:
        if presplit:
            raise InputError(inputs[0], "--presplit needs two files, one sentence per line")
        return align_document(read_text(inputs[0], encoding), encoder=encoder,
                              progress=progress, name=str(inputs[0]))
    if len(inputs) != 2:
        raise InputError(None, f"expected one mixed document or two files, got {len(inputs)}")
    first, second = (read_text(path, encoding) for path in inputs)
    names = (str(inputs[0]), str(inputs[1]))
    lang_first, lang_second = detect_language(first), detect_language(second)
    if lang_first == lang_second == ZH:
        raise InputError(names[1], "is Chinese like the first file: give one Chinese and one "
                                   "English file")
    if lang_second == ZH and lang_first != ZH:
        first, second, names = second, first, (names[1], names[0])
    return align_texts(first, second, presplit=presplit, encoder=encoder, progress=progress,
                       names=names)


def load_beads(inputs: Sequence[str | Path], *, presplit: bool = False,
               model: str | None = None, encoder: Encoder | None = None,
               encoding: str | None = None, progress: Progress | None = None) -> list[Bead]:
    """Beads from an aligned file (tsv, jsonl, tmx) or from texts aligned on the fly."""
    aligned_suffixes = {suffix for fmt in FORMATS.values() for suffix in fmt.suffixes}
    if len(inputs) == 1 and Path(inputs[0]).suffix.lower() in aligned_suffixes:
        return read_beads(inputs[0], encoding=encoding)
    return align(*inputs, presplit=presplit, model=model, encoder=encoder, encoding=encoding,
                 progress=progress)


def _side_language(text: str, name: str) -> str:
    lang = detect_language(text)
    if lang is None:
        raise InputError(name, "has no text to align")
    return lang


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _embed(zh: Side, en: Side, encoder: Encoder,
           progress: Progress | None) -> tuple[np.ndarray, np.ndarray]:
    """Every sentence of both sides embedded once, in one call."""
    zh_sentences = zh.sentences
    vectors = encoder.encode(zh_sentences + en.sentences, progress=progress)
    return vectors[:len(zh_sentences)], vectors[len(zh_sentences):]


def _align_blocks(blocks: Sequence[Block], zh_sentences: Sequence[str],
                  en_sentences: Sequence[str], zh_vectors: np.ndarray, en_vectors: np.ndarray,
                  keep_ids: bool = False) -> list[Bead]:
    """Sentence beads of every block; ids count from 0 in each block unless ``keep_ids``."""
    beads: list[Bead] = []
    for number, block in enumerate(blocks):
        zh_ids, en_ids = list(block.zh), list(block.en)
        if len(zh_ids) == len(en_ids) == 1:
            # Paired one-sentence paragraphs are a bead already (most blocks of texts
            # laid out one sentence per line).
            cosine = float(zh_vectors[zh_ids[0]] @ en_vectors[en_ids[0]])
            sentence_beads = [((0,), (0,), min(1.0, max(0.0, cosine)))]
        else:
            sentence_beads = align_sentences(
                zh_vectors[zh_ids], en_vectors[en_ids],
                [len(zh_sentences[i]) for i in zh_ids], [len(en_sentences[j]) for j in en_ids])
        for zh_local, en_local, score in sentence_beads:
            beads.append(Bead(
                zh_ids=tuple(zh_ids[i] if keep_ids else i for i in zh_local),
                en_ids=tuple(en_ids[j] if keep_ids else j for j in en_local),
                zh=_join([zh_sentences[zh_ids[i]] for i in zh_local]),
                en=" ".join(en_sentences[en_ids[j]] for j in en_local),
                score=score, block=number))
    return beads


def _join(sentences: list[str]) -> str:
    """Chinese sentences join without a space; others (the source side of de-fr) with one."""
    out = ""
    for sentence in sentences:
        if out and not (CJK.match(out[-1]) or CJK.match(sentence[0])):
            out += " "
        out += sentence
    return out
