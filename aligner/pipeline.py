"""Whole jobs, composed in one place: read → segment → embed → pair paragraphs → align (the
last three by :class:`~aligner.engine.AlignmentEngine`), and the glossary and check jobs on
top of an alignment.

One call per command: :func:`align`, :func:`glossary_for`, :func:`check_files`. Each
returns records (:class:`~aligner.records.Alignment`, :class:`~aligner.records.Term`,
:class:`~aligner.check.CheckResult`); writing them is the caller's choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from os import PathLike

from aligner.alignment.measure import Measured, measure_alignment
from aligner.check import (
    DEFAULT_LOW_SCORE,
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_THRESHOLD,
    Finding,
    check_alignment,
)
from aligner.documents import read_document
from aligner.embed import Encoder, get_encoder
from aligner.engine import (
    SPILL_SENTENCES,
    Aligned,
    AlignmentEngine,
    SentenceVectors,
    SpilledVectors,
)
from aligner.engine import embed_sentences as embed_sentences  # where it was before the engine
from aligner.errors import InputError, UsageError
from aligner.formats import is_bead_file, read_beads, read_glossary
from aligner.glossary import build_glossary, load_curated, shipped_glossaries, user_words
from aligner.paragraphs import Block, ParagraphList
from aligner.progress import Progress, step
from aligner.records import (
    AlignedSide,
    Alignment,
    Bead,
    BeadMembers,
    BeadTable,
    Sentence,
    Term,
)
from aligner.segment import (
    ZH,
    alignment_from_beads,
    detect_language,
    split_lines,
    split_paragraphs,
)

PathName = str | PathLike[str]


# --- align --------------------------------------------------------------------------------

def align_texts(zh_text: str, en_text: str, *, presplit: bool = False,
                encoder: Encoder | None = None, progress: Progress | None = None,
                names: tuple[str, str] = ("zh", "en"), keep_vectors: bool = False) -> Alignment:
    """Align two texts that translate each other; the first is the source side.

    With ``presplit`` each non-blank line is one sentence and ids are 0-based line
    numbers; otherwise paragraphs are paired first and sentences aligned within each pair.
    """
    return _aligned_texts(AlignmentEngine(encoder or get_encoder(), progress=progress),
                          zh_text, en_text, presplit=presplit, names=names,
                          keep_vectors=keep_vectors).alignment


def _aligned_texts(engine: AlignmentEngine, zh_text: str, en_text: str, *, presplit: bool,
                   names: tuple[str, str], keep_vectors: bool,
                   detected: tuple[str | None, str | None] | None = None) -> Aligned:
    """``detected``: each text's :func:`detect_language`, where the caller has it already
    (a pass over every letter of the text: 0.1 s a bible side)."""
    progress = engine.progress
    zh_lang, en_lang = detected if detected is not None else \
        (detect_language(zh_text), detect_language(en_text))
    if presplit:
        with step(progress, "Segmenting"):
            zh_sentences, zh_lines = _line_sentences(zh_text)
            en_sentences, en_lines = _line_sentences(en_text)
        langs = (zh_lang or ZH, en_lang or "en")
        x, y = engine.embed(zh_sentences, en_sentences, langs)
        block = Block(tuple(range(len(zh_sentences))), tuple(range(len(en_sentences))))
        return engine.align_blocks([block], (zh_text, zh_sentences), (en_text, en_sentences),
                                   x, y, keep_vectors=keep_vectors, ids=(zh_lines, en_lines))
    zh, en, x, y, blocks = _paired_texts(engine, zh_text, en_text, names=names,
                                         keep_vectors=keep_vectors, langs=(zh_lang, en_lang))
    return engine.align_blocks(blocks, (zh_text, zh.sentences), (en_text, en.sentences), x, y,
                               keep_vectors=keep_vectors)


def _packed_alignment(engine: AlignmentEngine, zh_text: str, en_text: str, *,
                      names: tuple[str, str], langs: tuple[str | None, str | None]
                      ) -> tuple[Alignment, SentenceVectors | SpilledVectors,
                                 SentenceVectors | SpilledVectors]:
    """Two texts aligned as :func:`_aligned_texts` aligns them, with the sentence vectors
    the engine embedded (each side's; a long pair's in a file), its beads and sentences
    kept as offsets (:class:`BeadTable`, :class:`SentenceTable`): flat in the text's
    length, but for about 40 bytes a bead and 25 a sentence."""
    zh, en, x, y, blocks = _paired_texts(engine, zh_text, en_text, names=names,
                                         keep_vectors=False, langs=langs)
    beads = BeadTable((zh_text, zh.sentences), (en_text, en.sentences))
    for bead in engine.iter_beads(blocks, (zh_text, zh.sentences), (en_text, en.sentences),
                                  x, y):
        beads.append(bead)
    return Alignment(beads, AlignedSide(zh_text, zh.sentences),
                     AlignedSide(en_text, en.sentences), BeadMembers(beads)), x, y


def _paired_texts(engine: AlignmentEngine, zh_text: str, en_text: str, *,
                  names: tuple[str, str], keep_vectors: bool,
                  langs: tuple[str | None, str | None]
                  ) -> tuple[ParagraphList, ParagraphList, SentenceVectors | SpilledVectors,
                             SentenceVectors | SpilledVectors, Sequence[Block]]:
    """Two texts segmented (sentences kept as offsets, :meth:`ParagraphList.table`),
    embedded and their paragraphs paired: what remains is to align the blocks."""
    sides = (_side_language(langs[0], names[0]), _side_language(langs[1], names[1]))
    with step(engine.progress, "Segmenting"):
        zh = ParagraphList.table(zh_text, sides[0])
        en = ParagraphList.table(en_text, sides[1])
    x: SentenceVectors | SpilledVectors
    y: SentenceVectors | SpilledVectors
    if keep_vectors or len(zh.sentences) + len(en.sentences) < SPILL_SENTENCES:
        x, y = engine.embed(zh.sentences, en.sentences, sides)
    else:  # a long text: its vectors wait in a file until their window is aligned
        x, y = engine.embed_spilled(zh.sentences, en.sentences, sides)
    return zh, en, x, y, engine.pair_texts(zh, en, x, y)


def align_document(text: str, *, encoder: Encoder | None = None,
                   progress: Progress | None = None, name: str = "document",
                   keep_vectors: bool = False) -> Alignment:
    """Find the Chinese and English passages of a mixed document that translate each other."""
    return _aligned_document(AlignmentEngine(encoder or get_encoder(), progress=progress),
                             text, name=name, keep_vectors=keep_vectors).alignment


def _aligned_document(engine: AlignmentEngine, text: str, *, name: str,
                      keep_vectors: bool) -> Aligned:
    with step(engine.progress, "Segmenting"):
        paragraphs = split_paragraphs(text)
    languages = {p.lang for p in paragraphs if p.lang}
    if ZH not in languages:
        raise InputError(name, "has no Chinese paragraphs: nothing to align (only one language)")
    if languages == {ZH}:
        raise InputError(name, "has only Chinese paragraphs: nothing to align (only one language)")
    zh = ParagraphList.of([p for p in paragraphs if p.lang == ZH])
    en = ParagraphList.of([p for p in paragraphs if p.lang and p.lang != ZH])
    x, y = engine.embed(zh.sentences, en.sentences)
    blocks = engine.pair_document(paragraphs, zh, en, x, y)
    if not blocks:
        raise InputError(name, "has no English paragraphs that translate its Chinese ones")
    return engine.align_blocks(blocks, (text, zh.sentences), (text, en.sentences), x, y,
                               keep_vectors=keep_vectors)


def align(*inputs: PathName, presplit: bool = False, model: str | None = None,
          encoder: Encoder | None = None, encoding: str | None = None,
          progress: Progress | None = None, keep_vectors: bool = False,
          confidence: bool = True) -> Alignment:
    """Align files: one mixed document, or a Chinese and an English file in either order.

    One aligned file (tsv, jsonl, tmx, by its suffix) is read back as it is, not aligned.
    Without ``confidence`` the sentence beads' posteriors are not computed: each bead's
    score is its paragraph pair's confidence (the same beads, for a job that reads none of
    their scores; see :class:`~aligner.engine.AlignmentEngine`).
    """
    return aligned(*inputs, presplit=presplit, model=model, encoder=encoder, encoding=encoding,
                   progress=progress, keep_vectors=keep_vectors,
                   confidence=confidence).alignment


def aligned(*inputs: PathName, presplit: bool = False, model: str | None = None,
            encoder: Encoder | None = None, encoding: str | None = None,
            progress: Progress | None = None, keep_vectors: bool = False,
            confidence: bool = True) -> Aligned:
    """:func:`align`, with the blocks the engine aligned the beads in and the length ratio it
    judged them by (what a review needs to re-align a stretch as ``align`` would)."""
    if len(inputs) == 1 and is_bead_file(inputs[0]):
        if presplit:
            raise UsageError(inputs[0], "is an aligned file: --presplit takes two text files")
        return Aligned(read_alignment(inputs[0], encoding=encoding))
    engine = AlignmentEngine(encoder or get_encoder(model), progress=progress,
                             confidence=confidence)
    if len(inputs) == 1:
        if presplit:
            raise UsageError(inputs[0], "--presplit needs two files, one sentence per line")
        with step(progress, "Reading"):
            text = read_document(inputs[0], encoding)
        return _aligned_document(engine, text, name=str(inputs[0]), keep_vectors=keep_vectors)
    if len(inputs) != 2:
        raise UsageError(None, f"expected one mixed document or two files, got {len(inputs)}")
    first, second, names, detected = _read_pair(inputs, encoding, progress)
    return _aligned_texts(engine, first, second, presplit=presplit, names=names,
                          keep_vectors=keep_vectors, detected=detected)


def _read_pair(inputs: Sequence[PathName], encoding: str | None, progress: Progress | None
               ) -> tuple[str, str, tuple[str, str], tuple[str | None, str | None]]:
    """Two text files read, the Chinese one first: their texts, names and languages."""
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
        lang_first, lang_second = lang_second, lang_first
    return first, second, names, (lang_first, lang_second)


def align_beads(*inputs: PathName, presplit: bool = False, model: str | None = None,
                encoder: Encoder | None = None, encoding: str | None = None,
                progress: Progress | None = None) -> Iterator[Bead]:
    """The beads of :func:`align`, in order, each as soon as it is final.

    A pair of texts is read, segmented, embedded and its paragraphs paired here; its
    beads are then aligned a window at a time as the iterator is read, and nothing is
    kept of them or of their sentences but the offsets (a long pair, whose vectors are
    spilled, is written with memory flat in its length). Anything else (a mixed document,
    ``presplit``, an aligned file) is aligned whole first. The beads are those of
    :func:`align`, to the last bit."""
    if len(inputs) != 2 or presplit or any(map(is_bead_file, inputs)):
        return iter(align(*inputs, presplit=presplit, model=model, encoder=encoder,
                          encoding=encoding, progress=progress).beads)
    engine = AlignmentEngine(encoder or get_encoder(model), progress=progress)
    first, second, names, langs = _read_pair(inputs, encoding, progress)
    zh, en, x, y, blocks = _paired_texts(engine, first, second, names=names,
                                         keep_vectors=False, langs=langs)
    return engine.iter_beads(blocks, (first, zh.sentences), (second, en.sentences), x, y)


def read_alignment(path: PathName, *, encoding: str | None = None,
                   fmt: str | None = None) -> Alignment:
    """The alignment in an aligned file (tsv, jsonl, tmx, xliff; ``fmt`` names the format,
    else its suffix does; ``-``: stdin), as :func:`align` would give it.

    Each bead's text is split into sentences once, here, so that the later stages see the
    same record as after aligning.
    """
    return alignment_from_beads(read_beads(path, fmt, encoding=encoding))


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
        # The glossary reads the beads' text alone: their posteriors are not computed.
        beads.extend(align(*group, presplit=presplit, encoder=encoder, encoding=encoding,
                           progress=progress, confidence=False).beads)
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
    """Whether a document holds paragraphs of Chinese and of another language.

    Each line's language as :func:`split_paragraphs` detects it, without splitting the
    lines into sentences, which the alignment does once after (the bible's two sides: 0.2
    s of CPU instead of 1.9, most of it syntok on the English)."""
    languages: set[str] = set()
    for _, start, end in split_lines(text):
        lang = detect_language(text[start:end])
        if lang:
            languages.add(lang)
            if ZH in languages and len(languages) > 1:
                return True
    return False


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_files` found, and the alignment it found it in (with its vectors,
    except for a pair of files, whose vectors are read from the engine as the check goes and
    whose beads are kept as their sentences' ids, :class:`~aligner.records.BeadTable`)."""

    findings: list[Finding]
    alignment: Alignment


def check_files(inputs: Sequence[PathName], glossaries: Iterable[PathName] = (), *,
                checks: Iterable[str] | None = None, low_score: float = DEFAULT_LOW_SCORE,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE, presplit: bool = False,
                model: str | None = None, encoder: Encoder | None = None,
                encoding: str | None = None, progress: Progress | None = None,
                threshold: float = DEFAULT_THRESHOLD,
                input_format: str | None = None) -> CheckResult:
    """Check the English of a mixed document, a zh + en pair, or an aligned file against
    its Chinese and the ``glossaries`` (tsv, csv or TBX), keeping the findings whose
    probability is at least ``threshold`` (0: every one). An aligned file is known by its
    suffix, or by ``input_format`` (its format's name: one input, ``-`` for stdin).

    An aligned file is a hypothesis: it is embedded and measured (:func:`remeasure`), so
    its beads get their own confidences and its shifted segments are found."""
    # Glossaries first: a bad glossary should fail before the model loads.
    # A glossary without the evidence columns `aligner glossary` writes is a hand-made
    # (curated) one: the renderings a reviewer agreed, whose absence weighs more.
    terms = [term if term.evidence is not None else replace(term, curated=True)
             for path in glossaries for term in read_glossary(path, encoding=encoding)]
    encoder = encoder or get_encoder(model)
    measured, beads_measured = None, []
    vectors: tuple[SentenceVectors | SpilledVectors, SentenceVectors | SpilledVectors] | None
    vectors = None
    if input_format is not None and (len(inputs) != 1 or presplit):
        raise UsageError(None, f"--from {input_format} names one aligned file's format: "
                               "give one input, without --presplit")
    if len(inputs) == 1 and (input_format or is_bead_file(inputs[0])) and not presplit:
        alignment, measured, beads_measured = remeasure(
            read_alignment(inputs[0], encoding=encoding, fmt=input_format), encoder,
            progress)
    elif len(inputs) == 2 and not presplit:
        # A pair is checked as it is aligned: its vectors stay with the engine (a long
        # pair's in a file) and the check reads them a window at a time; its beads are
        # kept as their sentences' ids (BeadTable), made again as the check reads them.
        first, second, names, langs = _read_pair(inputs, encoding, progress)
        alignment, x, y = _packed_alignment(AlignmentEngine(encoder, progress=progress),
                                            first, second, names=names, langs=langs)
        vectors = (x, y)
    else:
        alignment = align(*inputs, presplit=presplit, encoder=encoder, encoding=encoding,
                          progress=progress, keep_vectors=True)
    try:
        with step(progress, "Checking"):
            findings = check_alignment(alignment, terms, checks=checks, low_score=low_score,
                                       min_confidence=min_confidence, encoder=encoder,
                                       threshold=threshold, measured=measured,
                                       beads_measured=beads_measured, vectors=vectors)
    finally:  # a long pair's vector files go now, not when the collector finds them
        for side in vectors or ():
            if isinstance(side, SpilledVectors):
                side.close()
    return CheckResult(findings, alignment)


def remeasure(alignment: Alignment, encoder: Encoder, progress: Progress | None = None
              ) -> tuple[Alignment, Measured, list[int]]:
    """An alignment read from a file (a CAT tool's bilingual file, an edited alignment),
    embedded and measured as a hypothesis, not taken as the truth.

    Every sentence is embedded once, with its clauses, as :func:`align` embeds them, and
    the alignment measured (:func:`aligner.alignment.measure.measure_alignment`). Returns the
    alignment with vectors, each bead's ``score`` its posterior and ``similarity`` the
    cosine of its sides; the measure, whose best path is the model's own pairing; and the
    index of the bead of each of its steps (beads with text).
    """
    langs = (detect_language(alignment.zh.source) or ZH,
             detect_language(alignment.en.source) or "en")
    zh_embedded, en_embedded = AlignmentEngine(encoder, progress=progress).embed(
        alignment.zh.sentences, alignment.en.sentences, langs)
    embedded = replace(
        alignment,
        zh=replace(alignment.zh, vectors=zh_embedded.vectors, clauses=zh_embedded.every_clause()),
        en=replace(alignment.en, vectors=en_embedded.vectors, clauses=en_embedded.every_clause()))
    return measure_alignment(embedded)


# --- helpers --------------------------------------------------------------------------------

def _side_language(lang: str | None, name: str) -> str:
    """A text's language (:func:`detect_language`), or its refusal when it has none."""
    if lang is None:
        raise InputError(name, "has no text to align")
    return lang


def _line_sentences(text: str) -> tuple[list[Sentence], list[int]]:
    """Each non-blank line of ``text`` as one sentence, and its 0-based line number."""
    sentences, numbers = [], []
    for number, start, end in split_lines(text):
        sentences.append(Sentence(text[start:end], start, end, paragraph=number))
        numbers.append(number)
    return sentences, numbers
