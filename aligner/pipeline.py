"""Whole jobs, composed in one place: read → segment → pair paragraphs → embed → align, and
the glossary and check jobs on top of an alignment.

One call per command: :func:`align`, :func:`glossary_for`, :func:`check_files`. Each
returns records (:class:`~aligner.records.Alignment`, :class:`~aligner.records.Term`,
:class:`~aligner.check.CheckResult`); writing them is the caller's choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from os import PathLike

import numpy as np

from aligner.alignment import AlignedBead, Clauses, align_sentences, length_ratio
from aligner.alignment.measure import Measured, measure_path
from aligner.check import (
    DEFAULT_LOW_SCORE,
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_THRESHOLD,
    Finding,
    check_alignment,
)
from aligner.documents import read_document
from aligner.embed import Encoder, get_encoder, normalise
from aligner.embed.base import BATCH, encode_spans_as_texts
from aligner.errors import InputError, UsageError
from aligner.formats import is_bead_file, read_beads, read_glossary
from aligner.glossary import build_glossary, load_curated, shipped_glossaries, user_words
from aligner.paragraphs import Block, ParagraphList, blocks_from_document, blocks_from_pair
from aligner.progress import Progress, stage, step
from aligner.records import AlignedSide, Alignment, Bead, Sentence, Term, join_sentences
from aligner.segment import (
    ZH,
    alignment_from_beads,
    detect_language,
    split_lines,
    split_paragraphs,
)
from aligner.segment.clauses import clause_spans

PathName = str | PathLike[str]


# --- align --------------------------------------------------------------------------------

def align_texts(zh_text: str, en_text: str, *, presplit: bool = False,
                encoder: Encoder | None = None, progress: Progress | None = None,
                names: tuple[str, str] = ("zh", "en"), keep_vectors: bool = False) -> Alignment:
    """Align two texts that translate each other; the first is the source side.

    With ``presplit`` each non-blank line is one sentence and ids are 0-based line
    numbers; otherwise paragraphs are paired first and sentences aligned within each pair.
    """
    encoder = encoder or get_encoder()
    if presplit:
        with step(progress, "Segmenting"):
            zh_sentences, zh_lines = _line_sentences(zh_text)
            en_sentences, en_lines = _line_sentences(en_text)
        langs = (detect_language(zh_text) or ZH, detect_language(en_text) or "en")
        zh_vectors, en_vectors, clauses = embed_sentences(zh_sentences, en_sentences,
                                                          encoder, progress, langs)
        block = Block(tuple(range(len(zh_sentences))), tuple(range(len(en_sentences))))
        return _align_blocks([block], (zh_text, zh_sentences, zh_vectors, clauses[0]),
                             (en_text, en_sentences, en_vectors, clauses[1]), keep_vectors,
                             ids=(zh_lines, en_lines), progress=progress)
    langs = (_side_language(zh_text, names[0]), _side_language(en_text, names[1]))
    with step(progress, "Segmenting"):
        zh = ParagraphList.of(split_paragraphs(zh_text, langs[0]))
        en = ParagraphList.of(split_paragraphs(en_text, langs[1]))
    zh_vectors, en_vectors, clauses = embed_sentences(zh.sentences, en.sentences, encoder,
                                                      progress, langs)
    with step(progress, "Pairing paragraphs"):
        blocks = blocks_from_pair(zh, en, zh_vectors, en_vectors)
    return _align_blocks(blocks, (zh_text, zh.sentences, zh_vectors, clauses[0]),
                         (en_text, en.sentences, en_vectors, clauses[1]), keep_vectors,
                         progress=progress)


def align_document(text: str, *, encoder: Encoder | None = None,
                   progress: Progress | None = None, name: str = "document",
                   keep_vectors: bool = False) -> Alignment:
    """Find the Chinese and English passages of a mixed document that translate each other."""
    encoder = encoder or get_encoder()
    with step(progress, "Segmenting"):
        paragraphs = split_paragraphs(text)
    languages = {p.lang for p in paragraphs if p.lang}
    if ZH not in languages:
        raise InputError(name, "has no Chinese paragraphs: nothing to align (only one language)")
    if languages == {ZH}:
        raise InputError(name, "has only Chinese paragraphs: nothing to align (only one language)")
    zh = ParagraphList.of([p for p in paragraphs if p.lang == ZH])
    en = ParagraphList.of([p for p in paragraphs if p.lang and p.lang != ZH])
    zh_vectors, en_vectors, clauses = embed_sentences(zh.sentences, en.sentences, encoder, progress)
    with step(progress, "Pairing paragraphs"):
        blocks = blocks_from_document(paragraphs, zh, en, zh_vectors, en_vectors)
    if not blocks:
        raise InputError(name, "has no English paragraphs that translate its Chinese ones")
    return _align_blocks(blocks, (text, zh.sentences, zh_vectors, clauses[0]),
                         (text, en.sentences, en_vectors, clauses[1]), keep_vectors,
                         progress=progress)


def align(*inputs: PathName, presplit: bool = False, model: str | None = None,
          encoder: Encoder | None = None, encoding: str | None = None,
          progress: Progress | None = None, keep_vectors: bool = False) -> Alignment:
    """Align files: one mixed document, or a Chinese and an English file in either order.

    One aligned file (tsv, jsonl, tmx, by its suffix) is read back as it is, not aligned.
    """
    if len(inputs) == 1 and is_bead_file(inputs[0]):
        if presplit:
            raise UsageError(inputs[0], "is an aligned file: --presplit takes two text files")
        return read_alignment(inputs[0], encoding=encoding)
    encoder = encoder or get_encoder(model)
    if len(inputs) == 1:
        if presplit:
            raise UsageError(inputs[0], "--presplit needs two files, one sentence per line")
        with step(progress, "Reading"):
            text = read_document(inputs[0], encoding)
        return align_document(text, encoder=encoder,
                              progress=progress, name=str(inputs[0]), keep_vectors=keep_vectors)
    if len(inputs) != 2:
        raise UsageError(None, f"expected one mixed document or two files, got {len(inputs)}")
    for path in inputs:
        if is_bead_file(path):
            raise InputError(path, "is an aligned file: give it alone, or two text files")
    with step(progress, "Reading"):
        first, second = (read_document(path, encoding) for path in inputs)
    names = (str(inputs[0]), str(inputs[1]))
    lang_first, lang_second = detect_language(first), detect_language(second)
    if lang_first == lang_second == ZH:
        raise InputError(names[1], "is Chinese like the first file: give one Chinese and one "
                                   "English file")
    if lang_first != ZH and lang_second != ZH:
        raise InputError(names[1], "is not Chinese, nor is the first file: give one Chinese "
                                   "and one English file")
    if lang_second == ZH:
        first, second, names = second, first, (names[1], names[0])
    return align_texts(first, second, presplit=presplit, encoder=encoder, progress=progress,
                       names=names, keep_vectors=keep_vectors)


def read_alignment(path: PathName, *, encoding: str | None = None) -> Alignment:
    """The alignment in an aligned file (tsv, jsonl, tmx), as :func:`align` would give it.

    Each bead's text is split into sentences once, here, so that the later stages see the
    same record as after aligning.
    """
    return alignment_from_beads(read_beads(path, encoding=encoding))


# --- glossary and check --------------------------------------------------------------------

def glossary_for(inputs: Sequence[PathName], *, curated: PathName | None = None,
                 min_count: int | None = None, top: int | None = None,
                 presplit: bool = False, model: str | None = None,
                 encoder: Encoder | None = None, encoding: str | None = None,
                 use_shipped: bool = True, progress: Progress | None = None,
                 min_consistency: float = 0.0, keep_unused: bool = False) -> list[Term]:
    """The glossary of a corpus: mixed documents, zh + en pairs and aligned tsv/jsonl/tmx
    files, pooled into one glossary with counts across all of them (see
    :func:`corpus_groups` for how inputs are grouped).

    ``curated`` is merged into the result (its entries win; those that never occur are left
    out unless ``keep_unused``); the shipped glossaries' terms, unless ``use_shipped`` is
    off, and the curated ones are only kept whole by the Chinese word splitter.
    """
    user = load_curated([curated]) if curated is not None else []
    shipped = load_curated(shipped_glossaries()) if use_shipped else []
    encoder = encoder or get_encoder(model)
    beads: list[Bead] = []
    for group in corpus_groups(inputs, encoding=encoding):
        beads.extend(align(*group, presplit=presplit, encoder=encoder, encoding=encoding,
                           progress=progress).beads)
    name = str(inputs[0]) if len(inputs) == 1 else None
    with step(progress, "Building the glossary"):
        return build_glossary(beads, encoder=encoder, curated=user,
                              user_words=user_words(shipped, user), min_count=min_count,
                              top=top, name=name, min_consistency=min_consistency,
                              keep_unused=keep_unused)


def corpus_groups(inputs: Sequence[PathName], *,
                  encoding: str | None = None) -> list[tuple[PathName, ...]]:
    """The inputs of a corpus, each group aligned on its own: an aligned file or a mixed
    document alone, a Chinese-only file with the English-only file next to it (in either
    order). One or two inputs are one group, as :func:`align` takes them."""
    if len(inputs) == 1 or (len(inputs) == 2 and not any(map(is_bead_file, inputs))
                            and not any(_mixed(read_document(p, encoding)) for p in inputs)):
        return [tuple(inputs)]
    groups: list[tuple[PathName, ...]] = []
    waiting: tuple[PathName, str] | None = None
    for path in inputs:
        if is_bead_file(path):
            groups.append((path,))
            continue
        text = read_document(path, encoding)
        if _mixed(text):
            groups.append((path,))
            continue
        lang = detect_language(text)
        if lang is None:
            raise InputError(path, "has no text to align")
        side = "zh" if lang == ZH else "en"
        if waiting is not None and waiting[1] != side:
            groups.append((waiting[0], path))
            waiting = None
        elif waiting is not None:
            raise InputError(waiting[0], f"has only {_LANGUAGE[waiting[1]]} text and the next "
                                         "input is no translation of it")
        else:
            waiting = (path, side)
    if waiting is not None:
        raise InputError(waiting[0], f"has only {_LANGUAGE[waiting[1]]} text and no file "
                                     "next to it translates it")
    return groups


_LANGUAGE = {"zh": "Chinese", "en": "English"}


def _mixed(text: str) -> bool:
    """Whether a document holds paragraphs of Chinese and of another language."""
    languages = {p.lang for p in split_paragraphs(text) if p.lang}
    return ZH in languages and len(languages) > 1


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_files` found, and the alignment it found it in."""

    findings: list[Finding]
    alignment: Alignment


def check_files(inputs: Sequence[PathName], glossaries: Iterable[PathName] = (), *,
                checks: Iterable[str] | None = None, low_score: float = DEFAULT_LOW_SCORE,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE, presplit: bool = False,
                model: str | None = None, encoder: Encoder | None = None,
                encoding: str | None = None, progress: Progress | None = None,
                threshold: float = DEFAULT_THRESHOLD) -> CheckResult:
    """Check the English of a mixed document, a zh + en pair, or an aligned file against
    its Chinese and the ``glossaries`` (tsv, csv or TBX), keeping the findings whose
    probability is at least ``threshold`` (0: every one).

    An aligned file is a hypothesis: it is embedded and measured (:func:`remeasure`), so
    its beads get their own confidences and its shifted segments are found."""
    # Glossaries first: a bad glossary should fail before the model loads.
    # A glossary without the evidence columns `aligner glossary` writes is a hand-made
    # (curated) one: the renderings a reviewer agreed, whose absence weighs more.
    terms = [term if term.evidence is not None else replace(term, curated=True)
             for path in glossaries for term in read_glossary(path, encoding=encoding)]
    encoder = encoder or get_encoder(model)
    measured, beads_measured = None, []
    if len(inputs) == 1 and is_bead_file(inputs[0]) and not presplit:
        alignment, measured, beads_measured = remeasure(
            read_alignment(inputs[0], encoding=encoding), encoder, progress)
    else:
        alignment = align(*inputs, presplit=presplit, encoder=encoder, encoding=encoding,
                          progress=progress, keep_vectors=True)
    with step(progress, "Checking"):
        findings = check_alignment(alignment, terms, checks=checks, low_score=low_score,
                                   min_confidence=min_confidence, encoder=encoder,
                                   threshold=threshold, measured=measured,
                                   beads_measured=beads_measured)
    return CheckResult(findings, alignment)


def remeasure(alignment: Alignment, encoder: Encoder, progress: Progress | None = None
              ) -> tuple[Alignment, Measured, list[int]]:
    """An alignment read from a file (a CAT tool's bilingual file, an edited alignment),
    embedded and measured as a hypothesis, not taken as the truth.

    Every sentence is embedded once, with its clauses, as :func:`align` embeds them; each
    bead side is one item (its sentences' vectors summed), and the file's pairing of items
    is scored under the alignment model (:func:`aligner.alignment.measure.measure_path`).
    Returns the alignment with vectors, each bead's ``score`` its posterior and
    ``similarity`` the cosine of its sides; the measure, whose best path is the model's own
    pairing; and the index of the bead of each of its steps (beads with text).
    """
    langs = (detect_language(alignment.zh.source) or ZH,
             detect_language(alignment.en.source) or "en")
    zh_vectors, en_vectors, (zh_clauses, en_clauses) = embed_sentences(
        alignment.zh.sentences, alignment.en.sentences, encoder, progress, langs)
    beads_measured = [k for k, (zh, en) in enumerate(alignment.members) if zh or en]
    items: dict[str, list[np.ndarray]] = {"zh": [], "en": []}
    lengths: dict[str, list[int]] = {"zh": [], "en": []}
    sizes = []
    for k in beads_measured:
        size = []
        for side, ids, vectors in (("zh", alignment.members[k][0], zh_vectors),
                                   ("en", alignment.members[k][1], en_vectors)):
            size.append(1 if ids else 0)
            if ids:
                items[side].append(vectors[list(ids)].sum(axis=0))
                text = alignment.beads[k].zh if side == "zh" else alignment.beads[k].en
                lengths[side].append(len(text))
        sizes.append((size[0], size[1]))
    dim = zh_vectors.shape[1] if len(zh_vectors) else en_vectors.shape[1]
    x, y = (normalise(np.array(items[s], dtype=np.float32).reshape(-1, dim))
            for s in ("zh", "en"))
    measured = measure_path(x, y, lengths["zh"], lengths["en"], sizes)
    beads = list(alignment.beads)
    for s, k in enumerate(beads_measured):
        both = bool(sizes[s][0] and sizes[s][1])
        beads[k] = replace(beads[k], score=measured.given_posterior[s],
                           similarity=measured.given_similarity[s] if both else 0.0)
    return Alignment(tuple(beads),
                     replace(alignment.zh, vectors=zh_vectors,
                             clauses=(zh_clauses.vectors, zh_clauses.starts)),
                     replace(alignment.en, vectors=en_vectors,
                             clauses=(en_clauses.vectors, en_clauses.starts)),
                     alignment.members), measured, beads_measured


# --- helpers --------------------------------------------------------------------------------

def _side_language(text: str, name: str) -> str:
    lang = detect_language(text)
    if lang is None:
        raise InputError(name, "has no text to align")
    return lang


def _with_left_out(beads: Sequence[AlignedBead], zh_ids: Sequence[int],
                   en_ids: Sequence[int], left_out: Sequence[tuple[str, int, float]]
                   ) -> tuple[list[AlignedBead], list[int], list[int]]:
    """``beads`` (ids local to ``zh_ids`` and ``en_ids``) with a 1-0 or 0-1 bead for each
    left-out sentence where it stands, and the block's ids with them, in order; every
    bead's ids are made local to the latter.

    A bead whose sentences stand on both sides of a left-out sentence takes it in instead:
    a bead is a contiguous stretch of each text, and the sentence alignment, which paired
    the text around it, outweighs the paragraph alignment's guess that it is unrelated."""
    if not left_out:
        return list(beads), list(zh_ids), list(en_ids)
    every = {"zh": sorted([*zh_ids, *(i for side, i, _ in left_out if side == "zh")]),
             "en": sorted([*en_ids, *(j for side, j, _ in left_out if side == "en")])}
    position = {side: {s: k for k, s in enumerate(ids)} for side, ids in every.items()}
    out = [b._replace(source=tuple(position["zh"][zh_ids[i]] for i in b.source),
                      target=tuple(position["en"][en_ids[j]] for j in b.target))
           for b in beads]
    for side, sentence, unrelated in left_out:
        at = position[side][sentence]
        around = next((k for k, b in enumerate(out)
                       if (ids := b.source if side == "zh" else b.target)
                       and ids[0] < at < ids[-1]), None)
        if around is not None:
            bead = out[around]
            if side == "zh":
                out[around] = bead._replace(source=tuple(sorted((*bead.source, at))))
            else:
                out[around] = bead._replace(target=tuple(sorted((*bead.target, at))))
            continue
        here = next((k for k, b in enumerate(out)
                     if (b.source if side == "zh" else b.target)
                     and (b.source if side == "zh" else b.target)[0] > at), len(out))
        out.insert(here, AlignedBead((at,), (), 0.0, unrelated) if side == "zh"
                   else AlignedBead((), (at,), 0.0, unrelated))
    return out, every["zh"], every["en"]


def _line_sentences(text: str) -> tuple[list[Sentence], list[int]]:
    """Each non-blank line of ``text`` as one sentence, and its 0-based line number."""
    sentences, numbers = [], []
    for number, start, end in split_lines(text):
        sentences.append(Sentence(text[start:end], start, end, paragraph=number))
        numbers.append(number)
    return sentences, numbers


def embed_sentences(zh: Sequence[Sentence], en: Sequence[Sentence], encoder: Encoder,
           progress: Progress | None, langs: tuple[str, str] = (ZH, "en")
           ) -> tuple[np.ndarray, np.ndarray, tuple[Clauses, Clauses]]:
    """Every sentence of both sides embedded once (float32), with the clauses of every
    sentence of more than one (:mod:`aligner.segment.clauses`, float16), in slices of
    :data:`EMBED_SLICE` sentences written straight into those two arrays.

    An encoder with ``encode_spans`` gives the clause vectors from the pass that embeds the
    sentences (USE: :mod:`aligner.embed.spans`); any other embeds them as texts.
    Clauses are 2.8 texts a sentence on the bible, so they are kept in float16; the
    sentences stay float32: in float16 they flipped a near-tie paragraph bead of the bible
    (posterior 0.52), in float32 with float16 clauses its beads are the same.
    """
    embedding = stage(progress, "Embedding")
    spans = [clause_spans(s.text, lang)
             for side, lang in ((zh, langs[0]), (en, langs[1])) for s in side]
    texts = [s.text for s in zh] + [s.text for s in en]
    starts = np.concatenate([[0], np.cumsum([len(s) for s in spans])]).astype(np.int64)
    encode_spans = getattr(encoder, "encode_spans", None) or partial(encode_spans_as_texts,
                                                                     encoder)
    sentences: np.ndarray | None = None
    every: np.ndarray | None = None
    for begin in range(0, max(len(texts), 1), EMBED_SLICE):
        end = min(len(texts), begin + EMBED_SLICE)
        shown = None if embedding is None else \
            (lambda done, _, begin=begin: embedding(begin + done, len(texts)))
        vectors, clause_vectors = encode_spans(texts[begin:end], spans[begin:end],
                                               progress=shown)
        if sentences is None or every is None:
            sentences = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            every = np.zeros((int(starts[-1]), vectors.shape[1]), dtype=np.float16)
        sentences[begin:end] = vectors
        every[starts[begin]:starts[end]] = clause_vectors
    assert sentences is not None and every is not None
    zh_clauses = Clauses(every, starts[:len(zh) + 1])
    en_clauses = Clauses(every, starts[len(zh):])
    return sentences[:len(zh)], sentences[len(zh):], (zh_clauses, en_clauses)


# Texts per encoder call in :func:`embed_sentences`: a multiple of the encoders' batch, so that
# the batches are those of one call; 4,096 texts are 8 MB of float32.
EMBED_SLICE = 16 * BATCH


# A side's source text, its sentences, their vectors and their clauses.
_SideInput = tuple[str, Sequence[Sentence], np.ndarray, Clauses]


def _align_blocks(blocks: Sequence[Block], zh: _SideInput, en: _SideInput, keep_vectors: bool,
                  ids: tuple[Sequence[int], Sequence[int]] | None = None,
                  progress: Progress | None = None) -> Alignment:
    """Sentence beads of every block; a bead's ids are its sentences' indices in the
    document (one count per language, not restarted in each block), or what ``ids`` maps
    each sentence to (``--presplit``: line numbers)."""
    zh_source, zh_sentences, zh_vectors, zh_clauses = zh
    en_source, en_sentences, en_vectors, en_clauses = en
    beads: list[Bead] = []
    members: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    # Lengths are judged against the ratio of all the text the blocks pair, not of each
    # block: in a block of one paragraph a side, that ratio fits the block whatever it
    # holds, so an unrelated sentence added to a paragraph's English made its 1-1 bead look
    # too short and went into a 1-2 (benchmarks/planted.py, "add en sentence").
    ratio = length_ratio([len(zh_sentences[i].text) for block in blocks for i in block.zh],
                         [len(en_sentences[j].text) for block in blocks for j in block.en])
    aligning = stage(progress, "Aligning")
    for number, block in enumerate(blocks):
        if aligning is not None:
            aligning(number, len(blocks))
        zh_ids, en_ids = list(block.zh), list(block.en)
        # A bead is right if its paragraphs were paired right and it is right within them.
        paragraphs_sure = 1.0 if block.confidence is None else block.confidence
        if len(zh_ids) == len(en_ids) == 1 and block.confidence is not None:
            # A pair of one-sentence paragraphs is a bead already (most blocks of texts
            # laid out one sentence per line), as sure as the paragraph alignment is of it.
            cosine = float(zh_vectors[zh_ids[0]] @ en_vectors[en_ids[0]])
            sentence_beads = [AlignedBead((0,), (0,), min(1.0, max(0.0, cosine)), 1.0)]
        else:
            sentence_beads = align_sentences(
                zh_vectors[zh_ids], en_vectors[en_ids],
                [len(zh_sentences[i].text) for i in zh_ids],
                [len(en_sentences[j].text) for j in en_ids],
                clauses=(zh_clauses.take(zh_ids), en_clauses.take(en_ids)),
                length_ratio=ratio)
        sentence_beads, zh_ids, en_ids = _with_left_out(sentence_beads, zh_ids, en_ids,
                                                        block.left_out)
        for zh_local, en_local, similarity, confidence in sentence_beads:
            zh_members = tuple(zh_ids[i] for i in zh_local)
            en_members = tuple(en_ids[j] for j in en_local)
            cut = any(zh_sentences[i].cut for i in zh_members) \
                or any(en_sentences[j].cut for j in en_members)
            beads.append(Bead(
                zh_ids=tuple(ids[0][i] for i in zh_members) if ids else zh_members,
                en_ids=tuple(ids[1][j] for j in en_members) if ids else en_members,
                zh=join_sentences(zh_source, [zh_sentences[i] for i in zh_members])[0],
                en=join_sentences(en_source, [en_sentences[j] for j in en_members])[0],
                score=confidence * paragraphs_sure, block=number, cut=cut,
                similarity=similarity))
            members.append((zh_members, en_members))
    if aligning is not None:
        aligning(len(blocks), len(blocks))
    return Alignment(tuple(beads),
                     AlignedSide(zh_source, tuple(zh_sentences),
                                 zh_vectors if keep_vectors else None,
                                 (zh_clauses.vectors, zh_clauses.starts) if keep_vectors
                                 else None),
                     AlignedSide(en_source, tuple(en_sentences),
                                 en_vectors if keep_vectors else None,
                                 (en_clauses.vectors, en_clauses.starts) if keep_vectors
                                 else None),
                     tuple(members))
