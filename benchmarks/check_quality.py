"""How well ``aligner check`` finds real errors and how often it cries wolf.

    python benchmarks/check_quality.py                 # test split (the figures to report)
    python benchmarks/check_quality.py --split dev     # dev split
    python benchmarks/check_quality.py --no-mqm        # planted and clean texts only

Planted errors (benchmarks/check_cases.py: omitted sentence, omitted clause, changed number,
wrong term, added sentence, shifted segments; one per case) in the split's wmt22 news
documents and, for the test split, the seed readout, each checked two ways: as two files
(aligned by ``aligner``) and as a bilingual tsv (a CAT tool's segments, re-measured). A
case is found when a finding of a kind that names it (:data:`RELEVANT`; for a wrong term,
a term finding about the planted term) stands in one of its segments at the default
threshold; a shifted case only when each of its three segments
is flagged and the finding carries the re-alignment. False findings: every finding on the
clean texts (translator A, translator B checked against the glossary built from A, the
seed with the curated glossary), per 100 segments, at the default threshold and with
``--all``. MQM (machine translations rated by professional translators): the share of
segments with a Major omission or addition of 8+ characters that get a finding, and of
clean segments, as bilingual files of each system's documents.

Evaluation data is read from ../shared/eval; nothing of it is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

from check_cases import (
    KINDS,
    Case,
    Doc,
    as_bilingual_tsv,
    as_two_files,
    cases,
    mqm_documents,
    reference_terms,
    seed_doc,
    wmt22_domain,
    wmt22_news,
)
from paths import ROOT

from aligner.check import DEFAULT_THRESHOLD, Finding, check_alignment
from aligner.embed import Encoder, get_encoder
from aligner.formats import read_glossary
from aligner.glossary import build_glossary
from aligner.pipeline import align, align_texts, read_alignment, remeasure
from aligner.records import Term

CURATED = ROOT / "glossaries" / "trade_diplomacy.tsv"
MODES = ("files", "tsv")
# The checks whose findings name each kind of planted error.
RELEVANT = {"omitted sentence": {"omission", "low-score"},
            "omitted clause": {"omission", "low-score"},
            "changed number": {"number"},
            "wrong term": {"term", "forbidden"},
            "added sentence": {"addition", "low-score"},
            "shifted segments": {"shifted"}}


@dataclass(frozen=True)
class Located:
    """A finding (every one, whatever its probability) and the segments its bead holds."""

    finding: Finding
    segments: frozenset[int]


class Checker:
    """Checks segment lists as two files or as a bilingual file, with one encoder."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._glossaries: dict[str, list[Term]] = {}

    def glossary(self, doc: Doc) -> list[Term]:
        """The seed's curated glossary; for a wmt22 document, the glossary ``aligner``
        builds from its Chinese and translator A (the terms a reviewer would check B by),
        with the hand-made reference terms of the document (benchmarks/glossary_refs: thirteen
        documents of every split, as a translator checks against an agreed glossary) as a
        curated glossary."""
        if doc.name not in self._glossaries:
            if doc.name == "seed readout":
                # as `aligner check -g` takes a hand-made glossary: curated
                terms = [replace(t, curated=True) for t in read_glossary(CURATED)]
            else:
                beads = align_texts("\n".join(doc.zh), "\n".join(doc.en),
                                    encoder=self.encoder).beads
                renderings: dict[str, list[str]] = {}
                for zh, en in reference_terms(doc):
                    renderings.setdefault(zh, []).append(en)
                terms = [*build_glossary(beads, encoder=self.encoder),
                         *(Term(zh, en[0], tuple(en[1:]), curated=True)
                           for zh, en in renderings.items())]
            self._glossaries[doc.name] = terms
        return self._glossaries[doc.name]

    def check(self, zh: Sequence[str], en: Sequence[str], mode: str,
              glossary: Sequence[Term], checks: Sequence[str] | None = None) -> list[Located]:
        """Every finding of ``check`` (of the named ``checks``; all by default) on the
        segments written as the user would give them: two files (aligned here), or a
        bilingual tsv (read back and re-measured)."""
        with tempfile.TemporaryDirectory() as folder:
            if mode == "files":
                alignment = align(*as_two_files(zh, en, folder), encoder=self.encoder,
                                  keep_vectors=True)
                found = check_alignment(alignment, glossary, encoder=self.encoder,
                                        threshold=0.0, checks=checks)
                out = []
                for f in found:
                    zh_ids, en_ids = alignment.members[f.bead - 1]
                    segments = {alignment.zh.sentences[i].paragraph for i in zh_ids} | \
                        {alignment.en.sentences[j].paragraph for j in en_ids}
                    out.append(Located(f, frozenset(segments)))
                return out
            read = read_alignment(as_bilingual_tsv(zh, en, Path(folder) / "segments.tsv"))
        measured_alignment, measured, steps = remeasure(read, self.encoder)
        found = check_alignment(measured_alignment, glossary, encoder=self.encoder,
                                threshold=0.0, measured=measured, beads_measured=steps,
                                checks=checks)
        return [Located(f, frozenset({f.bead - 1})) for f in found]


def split_docs(split: str) -> list[Doc]:
    docs = [d for d in wmt22_news() if d.split == split]
    return [*docs, seed_doc()] if split == "test" else docs


def terms_for(checker: Checker) -> Callable[[Doc], list[tuple[str, str]]]:
    def terms(doc: Doc) -> list[tuple[str, str]]:
        return [(t.zh, r) for t in checker.glossary(doc) for r in t.renderings[:1]
                if len(t.zh) >= 2 and len(r) >= 3]
    return terms


@dataclass
class Example:
    """One finding as training data: its check, evidence and whether it is a real error."""

    check: str
    evidence: dict[str, float]
    label: int
    probability: float
    source: str


def planted(checker: Checker, docs: Sequence[Doc], per_doc: int
            ) -> Iterator[tuple[Case, str, list[Located]]]:
    for case in cases(docs, per_doc=per_doc, terms_for=terms_for(checker)):
        # Shifted segments are an error of a bilingual file only: two files are aligned
        # afresh, and hold no segments to shift.
        for mode in ("tsv",) if case.kind == "shifted segments" else MODES:
            yield case, mode, checker.check(case.zh, case.en, mode, checker.glossary(case.doc))


def names(case: Case, finding: Finding) -> bool:
    """Whether ``finding`` is of a kind that names ``case``: of a :data:`RELEVANT` check and,
    for a wrong term, about the planted term (its Chinese, or a term nested with it): a
    finding about another term of the segment is a false alarm that the clean text raises
    too, not the planted error found."""
    if finding.check not in RELEVANT[case.kind]:
        return False
    if case.kind != "wrong term" or case.term is None:
        return True
    term, zh = case.term[0], finding.zh_term or ""
    return bool(zh) and (zh in term or term in zh)


def found(case: Case, located: Sequence[Located], threshold: float) -> bool:
    relevant = [x for x in located if names(case, x.finding)
                and x.finding.probability >= threshold]
    if case.kind == "shifted segments":
        return all(any(k in x.segments and x.finding.suggestion for x in relevant)
                   for k in case.segments)
    return any(x.segments & set(case.segments) for x in relevant)


def clean_texts(checker: Checker, docs: Sequence[Doc]
                ) -> Iterator[tuple[str, str, int, list[Located]]]:
    """(text name, mode, segments, findings) of every clean text: A, and B against A's
    glossary."""
    for doc in docs:
        glossary = checker.glossary(doc)
        for ref, en in (("A", doc.en), ("B", doc.en_b)):
            if en is None:
                continue
            for mode in MODES:
                yield f"{doc.name}/{ref}", mode, len(doc.zh), checker.check(doc.zh, en, mode,
                                                                             glossary)


def mqm(checker: Checker, split: str) -> Iterator[tuple[str, Finding | None, int]]:
    """For each MQM segment of the split: its label, and each of its findings (None for a
    segment without any), with the segment's index in the run."""
    for (system, doc), segments in sorted(mqm_documents(split).items()):
        located = checker.check([s.zh for s in segments], [s.en for s in segments], "tsv", [])
        by_segment: dict[int, list[Finding]] = defaultdict(list)
        for x in located:
            for k in x.segments:
                by_segment[k].append(x.finding)
        for k, segment in enumerate(segments):
            for f in by_segment.get(k) or [None]:
                yield segment.label, f, hash((system, doc, k))


def examples(checker: Checker, split: str, per_doc: int, with_mqm: bool,
             domains: Sequence[str] = ("news",)) -> list[Example]:
    """Every finding of the planted cases of the split's documents of ``domains`` (wmt22's
    news and :data:`check_cases.OTHER_DOMAINS`; those naming the case, as positives: see
    :func:`names`; the others stand on the clean text too) and of their
    clean texts (as negatives), and of MQM segments labelled long omission/addition
    (omission and addition findings, positives) or clean (negatives)."""
    out = []
    docs = [d for domain in domains for d in wmt22_domain(domain) if d.split == split]
    for case, mode, located in planted(checker, docs, per_doc):
        for x in located:
            if names(case, x.finding) and x.segments & set(case.segments):
                out.append(_example(x.finding, 1, _source(case.doc, f"{case.kind}/{mode}")))
    for doc in docs:
        for _, mode, _, located in clean_texts(checker, [doc]):
            out.extend(_example(x.finding, 0, _source(doc, f"clean/{mode}")) for x in located)
    if with_mqm:
        for label, f, _ in mqm(checker, split):
            if f is None or label == "other":
                continue
            if label == "clean":
                out.append(_example(f, 0, "mqm"))
            elif f.check in ("omission", "addition"):
                out.append(_example(f, 1, "mqm"))
    return out


def _source(doc: Doc, source: str) -> str:
    """``source``, after ``domain:`` for a document of another domain than news."""
    return source if doc.domain == "news" else f"{doc.domain}:{source}"


def _example(f: Finding, label: int, source: str) -> Example:
    return Example(f.check, dict(f.evidence), label, f.probability, source)


def evaluate(checker: Checker, split: str, per_doc: int, with_mqm: bool,
             threshold: float) -> dict:
    docs = split_docs(split)
    hits: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    for case, mode, located in planted(checker, docs, per_doc):
        hits[case.kind][f"{mode} cases"] += 1
        hits[case.kind][f"{mode} found"] += found(case, located, threshold)
        hits[case.kind][f"{mode} found --all"] += found(case, located, 0.0)
    recall = {kind: {mode + suffix: round(c[f"{mode} found{suffix}"] / c[f"{mode} cases"], 3)
                     for mode in MODES for suffix in ("", " --all") if c[f"{mode} cases"]}
              | {"cases": c["tsv cases"]}
              for kind, c in hits.items()}
    false: dict[str, Counter] = defaultdict(Counter)
    for name, mode, segments, located in clean_texts(checker, docs):
        ref = "seed" if name.startswith("seed") else name.rsplit("/", 1)[1]
        false[f"{ref}/{mode}"]["segments"] += segments
        false[f"{ref}/{mode}"]["findings"] += sum(x.finding.probability >= threshold
                                                  for x in located)
        false[f"{ref}/{mode}"]["findings --all"] += len(located)
        for x in located:
            if x.finding.probability >= threshold:
                false[f"{ref}/{mode}"][f"kind {x.finding.check}"] += 1
    rates = {key: {"segments": c["segments"],
                   "per 100": round(100 * c["findings"] / max(c["segments"], 1), 2),
                   "per 100 --all": round(100 * c["findings --all"] / max(c["segments"], 1), 2),
                   **{k: v for k, v in c.items() if k.startswith("kind ")}}
             for key, c in sorted(false.items())}
    total = Counter()
    for c in false.values():
        total.update(c)
    result = {"split": split, "threshold": threshold, "recall": recall, "false": rates,
              "false per 100 (all clean texts)":
                  round(100 * total["findings"] / max(total["segments"], 1), 2),
              "false per 100 --all": round(100 * total["findings --all"]
                                           / max(total["segments"], 1), 2)}
    if with_mqm:
        flagged: dict[str, set] = defaultdict(set)
        every: dict[str, set] = defaultdict(set)
        segments: dict[str, set] = defaultdict(set)
        for label, f, key in mqm(checker, split):
            segments[label].add(key)
            if f is not None:
                every[label].add(key)
                if f.probability >= threshold:
                    flagged[label].add(key)
        result["mqm"] = {label: {"segments": len(keys),
                                 "flagged": round(len(flagged[label]) / max(len(keys), 1), 3),
                                 "flagged --all": round(len(every[label]) / max(len(keys), 1),
                                                        3)}
                         for label, keys in sorted(segments.items())}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--per-doc", type=int, default=2, help="cases of each kind a document")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--no-mqm", action="store_true")
    parser.add_argument("-o", "--output", help="also write the result (json) here")
    args = parser.parse_args()
    started = time.perf_counter()
    checker = Checker(get_encoder())
    result = evaluate(checker, args.split, args.per_doc, not args.no_mqm, args.threshold)
    result["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
