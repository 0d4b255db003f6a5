"""The data side of the ``aligner check`` benchmark: documents, planted errors, MQM ratings.

    cd benchmarks && python check_cases.py      # prints what there is, split by split

Three sources, each split BY DOCUMENT into train / dev / test so that nothing measured on
"test" was seen while fitting:

- :func:`wmt22_news`: the 38 news documents of the wmt22-zh-en "general" collection, one
  segment per ``<seg>``, with both independent references (translator A as ``en``, B as
  ``en_b``). Index % 3 == 0 is "test" (the documents the alignment weights never trained
  on, see train_scoring.py), 1 "train", 2 "dev". Clean as they are: a finding on A or B is
  a false alarm.
- :func:`seed_doc`: the seed readout of planted.py (4 Chinese and 4 English paragraphs),
  "test".
- :func:`cases`: one planted error per case (:data:`KINDS`) in those documents, with the
  segments where ``check`` should report it.
- :func:`mqm_segments` / :func:`mqm_documents`: WMT23 zh→en machine translations rated by
  professional translators (MQM), labelled "long omission/addition", "clean" or "other".

:func:`as_two_files` and :func:`as_bilingual_tsv` write a case (or a clean document) as the
inputs ``aligner check`` reads. The evaluation data is read in place (paths.EVAL); nothing
of it is written into the repository.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from paths import EVAL, ROOT, SEED

from aligner.formats.tsv import TsvFormat
from aligner.segment.sentences import sentence_spans

WMT22 = EVAL / "wmt22-zh-en"
MQM = EVAL / "mqm-wmt23-zh-en" / "mqm_wmt23_zhen.tsv"
REFS = ROOT / "benchmarks" / "glossary_refs"
SPLITS = ("train", "dev", "test")

KINDS = ("omitted sentence", "omitted clause", "changed number", "wrong term",
         "added sentence", "shifted segments")


# --- documents --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Doc:
    """A clean document of aligned segments: what a planted case starts from, and a text on
    which every finding of ``check`` is a false alarm."""

    name: str
    split: str               # "train" | "dev" | "test"
    zh: list[str]            # Chinese segments (wmt22: one <seg> each; seed: one paragraph each)
    en: list[str]            # correct English segments (wmt22: translator A), as many as zh
    en_b: list[str] | None   # the second independent reference (wmt22 translator B), else None
    domain: str = "news"     # docs.tsv's domain guess (news, ecommerce, social, conversation)


def _split_of(index: int) -> str:
    """The split of the wmt22 news document at ``index`` (file order), as train_scoring.py
    sets them aside: every third from the first is "test"."""
    return ("test", "train", "dev")[index % 3]


@functools.lru_cache(maxsize=4)
def _wmt22_domain(domain: str) -> tuple[Doc, ...]:
    """The wmt22 "general" documents of one domain (docs.tsv's domain guess), read once,
    split by their index in that domain's own file order (:func:`_split_of`)."""
    root = ElementTree.parse(WMT22 / "wmttest2022.zh-en.xml").getroot()
    rows = [line.split("\t") for line in
            (WMT22 / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    wanted = {row[1] for row in rows if row[0] == "general" and row[2] == domain}
    general = next(c for c in root.iter("collection") if c.get("id") == "general")
    out = []
    for doc in general.iter("doc"):
        if doc.get("id") not in wanted:
            continue
        zh = [(seg.text or "").strip() for seg in doc.find("src").iter("seg")]
        refs = {ref.get("translator"): [(seg.text or "").strip() for seg in ref.iter("seg")]
                for ref in doc.findall("ref")}
        if not (len(zh) == len(refs["A"]) == len(refs["B"])):
            raise ValueError(f"wmt22 {doc.get('id')}: source and references differ in length")
        out.append(Doc(doc.get("id"), _split_of(len(out)), zh, refs["A"], refs["B"], domain))
    return tuple(out)


def _wmt22_news() -> tuple[Doc, ...]:
    """The wmt22 news documents, read once (news: docs.tsv's "news" domain guess)."""
    return _wmt22_domain("news")


# The other domains of wmt22's "general" collection, with the same two references A and B:
# more clean text for false findings (benchmarks/check_false.py).
OTHER_DOMAINS = ("ecommerce", "social", "conversation")
# Every wmt22 domain read: the news first.
DOMAINS = ("news", *OTHER_DOMAINS)


def wmt22_domain(domain: str) -> list[Doc]:
    """The wmt22 "general" documents of ``domain`` ("news" or one of
    :data:`OTHER_DOMAINS`), in file order, split by their index within the domain as
    :func:`wmt22_news` splits the news: 0 "test", 1 "train", 2 "dev"."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain {domain!r}; known: {', '.join(DOMAINS)}")
    return list(_wmt22_domain(domain))


def wmt22_news() -> list[Doc]:
    """The 38 news documents of wmt22-zh-en's "general" collection, in file order; split by
    index % 3: 0 "test" (never trained on), 1 "train", 2 "dev"."""
    return list(_wmt22_news())


def seed_readout() -> tuple[list[str], list[str]]:
    """The seed readout's 4 Chinese and 4 English paragraphs (planted.py's documents start
    from it too)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(k for k, line in enumerate(lines) if line.startswith("On October 25"))
    return lines[start + 4:start + 8], lines[start:start + 4]


def seed_doc() -> Doc:
    """The seed readout (planted.py's ``seed_readout()``: 4 Chinese and 4 English
    paragraphs, one segment each); split "test", no second reference."""
    zh, en = seed_readout()
    return Doc("seed readout", "test", zh, en, None)


def reference_terms(doc: Doc) -> list[tuple[str, str]]:
    """The hand-made reference terms of ``doc`` as (Chinese term, English rendering) pairs,
    one pair per rendering, from benchmarks/glossary_refs (seed.tsv for the seed readout,
    wmt22.tsv and wmt22_more.tsv for the thirteen wmt22 documents they cover); empty for any
    other document. Meant as ``cases(..., terms_for=reference_terms)`` for the "wrong term"
    kind."""
    if doc.name == "seed readout":
        rows, wanted = _ref_rows("seed.tsv"), None
    else:
        rows, wanted = _ref_rows("wmt22.tsv") + _ref_rows("wmt22_more.tsv"), doc.name
    return [(row[0], rendering) for row in rows
            if wanted is None or (len(row) > 2 and row[2] == wanted)
            for rendering in row[1].split("|") if rendering.strip()]


@functools.lru_cache(maxsize=4)
def _ref_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a reference term list under its header, comments left out."""
    lines = [line.rstrip("\n") for line in (REFS / name).open(encoding="utf-8")
             if line.strip() and not line.startswith("#")]
    return tuple(tuple(line.split("\t")) for line in lines[1:])


# --- planted errors ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One planted error in a copy of ``doc``: the segments after planting and where (and
    what) ``check`` should find.

    ``text`` by kind: omissions, the Chinese segment whose English lost text (the Chinese
    left partly untranslated; which words exactly is not known inside a segment) with the
    English cut in ``removed``; "changed number", the new number (old in ``removed``);
    "wrong term", the wrong rendering put in (the right one, as it stood, in ``removed``);
    "added sentence", the sentence added; "shifted segments", the English standing in the
    three shifted segments (joined by spaces).
    """

    doc: Doc
    kind: str
    zh: list[str]                    # the Chinese segments after planting
    en: list[str]                    # the English segments after planting (as many)
    segments: tuple[int, ...]        # 0-based segment indices where a finding is expected
    side: str                        # "zh" or "en": where the planted or orphaned text is
    text: str                        # see the class docstring
    removed: str = ""                # English text removed (omissions) or replaced
    term: tuple[str, str] | None = None  # wrong term: (Chinese term, correct rendering)

    @property
    def touched(self) -> tuple[int, ...]:
        """Every segment whose text the planting changed: ``segments`` and, for a shift, the
        segment cut short before it and the one that re-joins after it. A finding there is
        not a false alarm, though only ``segments`` are required."""
        return tuple(k for k in range(len(self.en))
                     if self.en[k] != self.doc.en[k] or self.zh[k] != self.doc.zh[k])


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each English sentence of ``text``; pieces the splitter cut only for
    length are joined back to their sentence."""
    out: list[tuple[int, int]] = []
    joined = False
    for piece in sentence_spans(text, "en"):
        if joined and out:
            out[-1] = (out[-1][0], piece.end)
        else:
            out.append((piece.start, piece.end))
        joined = piece.cut
    return out


def _words(text: str) -> int:
    """How many words (by whitespace) ``text`` has."""
    return len(text.split())


def _replace(items: list[str], k: int, text: str) -> list[str]:
    """A copy of ``items`` with item ``k`` replaced by ``text``."""
    return [*items[:k], text, *items[k + 1:]]


def _omit_sentence(doc: Doc, rng: random.Random) -> Case | None:
    """Delete one English sentence (of 4+ words; a sentence as ``split_sentences`` cuts
    them, which may end at a semicolon) from a segment of 2+ sentences, mending what is
    left: a sentence-initial lower-case letter is capitalised, a final semicolon becomes a
    full stop."""
    places = [(k, start, end) for k, en in enumerate(doc.en)
              if len(spans := _sentences(en)) >= 2
              for start, end in spans if _words(en[start:end]) >= 4]
    if not places:
        return None
    k, start, end = rng.choice(places)
    en = doc.en[k]
    before, after = en[:start].rstrip(), en[end:].strip()
    if not before:
        rest = after[:1].upper() + after[1:]
    elif not after:
        rest = before[:-1] + "." if before.endswith((";", ",")) else before
    else:
        rest = before + " " + after
    return Case(doc, "omitted sentence", list(doc.zh), _replace(doc.en, k, rest), (k,), "zh",
                doc.zh[k], removed=en[start:end])


# Where a clause may start: after a semicolon, or after a comma when its first word
# introduces a clause or a participle phrase (an -ing word). A bare " and " is no clause
# boundary: it joins nouns as often as clauses.
_CLAUSE_START = re.compile(r";\s+|,\s+(?=(?:and|but|while|whereas|which|who|whose|where|when|"
                           r"as well as|including|so as to|so that|in order to|thus|"
                           r"although|though|because|since|with|as|after|before|"
                           r"\w+ing)\b)")
_CLAUSE_STOP = {";": re.compile(r";\s+"), ",": re.compile(r"[,;]\s+")}
_PAIRED = set("\"“”‘’()[]（）")
_SENTENCE_END = re.compile(r"[.!?。！？\"'”’)\]]*$")


def _omit_clause(doc: Doc, rng: random.Random) -> Case | None:
    """Cut a clause of 7+ words from an English sentence of 20+ words: from a semicolon up
    to the next one, or from a comma before a clause word ("and", "which", "including",
    an -ing word ...) up to the next comma or semicolon, or in both cases up to the
    sentence's final punctuation; removed with its leading delimiter ("A, which B, C." →
    "A, C."; "A; B." → "A."). The sentence keeps 6+ words before the cut and 8+ in all,
    and no quote or bracket is left unpaired."""
    places = []
    for k, en in enumerate(doc.en):
        for start, end in _sentences(en):
            sentence = en[start:end]
            if _words(sentence) < 20:
                continue
            body_end = _SENTENCE_END.search(sentence).start()
            for m in _CLAUSE_START.finditer(sentence, 0, body_end):
                after = _CLAUSE_STOP[m.group(0)[0]].search(sentence, m.end(), body_end)
                stop = after.start() if after else body_end
                clause = sentence[m.end():stop]
                kept = sentence[:m.start()] + sentence[stop:]
                if (_words(clause) >= 7 and _words(kept) >= 8
                        and _words(sentence[:m.start()]) >= 6
                        and not _PAIRED & set(sentence[m.start():stop])):
                    places.append((k, start + m.start(), start + stop, clause))
    if not places:
        return None
    k, cut_start, cut_end, clause = rng.choice(places)
    en = doc.en[k]
    return Case(doc, "omitted clause", list(doc.zh),
                _replace(doc.en, k, en[:cut_start] + en[cut_end:]), (k,), "zh", doc.zh[k],
                removed=clause.strip())


# A digit number not part of a word, code, time or range ("COVID-19", "5G", "21st", "10:00",
# "2021-22", "100-year").
_DIGITS = re.compile(r"(?<![\w.,\-/:])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/]|[.,:]\d|-\w)")
_SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
_NUMBER_WORD = re.compile(r"(?<![\w-])(" + "|".join(_SMALL + _TENS + _SCALES) + r")(?![\w-])",
                          re.IGNORECASE)


def _changed_digits(match: re.Match[str], rng: random.Random) -> str:
    """Another plausible value for a digit number, written the same way: a year ±1, a
    small number ±1 or another last digit, a large one doubled or another first digit,
    a decimal another last decimal digit."""
    whole, decimals = match.group(1), match.group(2) or ""
    if decimals:
        last = int(decimals[-1])
        return whole + decimals[:-1] + str(rng.choice([d for d in range(1, 10) if d != last]))
    n = int(whole.replace(",", ""))
    if len(whole) == 4 and 1900 <= n <= 2100:
        new = n + rng.choice((-1, 1))
    elif n < 100:
        options = [n + 1, *([n - 1] if n > 1 else []),
                   *(n - n % 10 + d for d in range(10) if d != n % 10 and n - n % 10 + d > 0)]
        new = rng.choice(options)
    else:
        lead, size = int(str(n)[0]), 10 ** (len(str(n)) - 1)
        new = rng.choice([n * 2, *(n + (d - lead) * size for d in range(1, 10) if d != lead)])
    return f"{new:,}" if "," in whole else str(new)


def _changed_word(word: str, rng: random.Random) -> str:
    """Another number word of the same kind: two → three or one less, twenty → thirty,
    million → billion or thousand; capitalisation kept."""
    lower = word.lower()
    for group in (_SMALL, _TENS, _SCALES):
        if lower in group:
            i = group.index(lower)
            new = group[rng.choice([j for j in (i - 1, i + 1) if 0 <= j < len(group)])]
            break
    return new.capitalize() if word[0].isupper() else new


def _change_number(doc: Doc, rng: random.Random) -> Case | None:
    """Change one number of an English segment: a digit number if the document has any
    (they are what translations must carry over), else a number word."""
    for pattern in (_DIGITS, _NUMBER_WORD):
        places = [(k, m) for k, en in enumerate(doc.en) for m in pattern.finditer(en)]
        if places:
            break
    else:
        return None
    k, m = rng.choice(places)
    new = _changed_digits(m, rng) if pattern is _DIGITS else _changed_word(m.group(0), rng)
    en = doc.en[k][:m.start()] + new + doc.en[k][m.end():]
    return Case(doc, "changed number", list(doc.zh), _replace(doc.en, k, en), (k,), "en", new,
                removed=m.group(0))


def _bounded(rendering: str) -> re.Pattern[str]:
    """``rendering`` as a whole-word, case-insensitive pattern."""
    return re.compile(r"(?<!\w)" + re.escape(rendering) + r"(?!\w)", re.IGNORECASE)


def _styled(wrong: str, matched: str, right: str) -> str:
    """``wrong`` written in the capitalisation that ``right`` has where it stands
    (``matched``): as listed, lower case (acronyms kept), upper case, sentence-initial or
    title case."""
    if matched == right:
        return wrong
    if matched.isupper() and not right.isupper():
        return wrong.upper()
    if matched.islower():  # acronyms and names with inner capitals stay as they are
        return " ".join(w.lower() if w[1:].islower() or len(w) == 1 else w
                        for w in wrong.split())
    if all(w[:1].isupper() for w in matched.split()) and len(matched.split()) > 1:
        return " ".join(w[:1].upper() + w[1:] for w in wrong.split())
    if matched[:1].isupper():
        return wrong[:1].upper() + wrong[1:]
    return wrong


def _wrong_term(doc: Doc, rng: random.Random, terms: Sequence[tuple[str, str]]) -> Case | None:
    """Replace a term's rendering by the rendering of another term of ``terms`` (one whose
    Chinese is not in that segment, which is not in that English already and which neither
    contains nor is contained in any rendering of the right term): a wrong but plausible
    term, drawn from those most alike where there are any: capitalised or not as the right
    one, of as many words, else one word more or less, else any length."""
    renderings: dict[str, set[str]] = {}
    for zh_term, rendering in terms:
        renderings.setdefault(zh_term, set()).add(rendering.lower())
    places = []
    for k, (zh, en) in enumerate(zip(doc.zh, doc.en, strict=True)):
        for zh_term, rendering in terms:
            match = _bounded(rendering).search(en) if zh_term in zh else None
            if match is None:
                continue
            wrong = sorted({r for z, r in terms if z != zh_term and z not in zh
                            and not _bounded(r).search(en)
                            and not any(r.lower() in s or s in r.lower()
                                        for s in renderings[zh_term])})
            same_case = [r for r in wrong if r[:1].isupper() == rendering[:1].isupper()]
            near = [r for r in same_case if abs(_words(r) - _words(rendering)) <= 1]
            alike = [r for r in near if _words(r) == _words(rendering)]
            if wrong:
                places.append((k, zh_term, rendering, match, alike or near or same_case or wrong))
    if not places:
        return None
    k, zh_term, rendering, match, wrong = rng.choice(places)
    new = _styled(rng.choice(wrong), match.group(0), rendering)
    en = doc.en[k][:match.start()] + new + doc.en[k][match.end():]
    return Case(doc, "wrong term", list(doc.zh), _replace(doc.en, k, en), (k,), "en", new,
                removed=match.group(0), term=(zh_term, rendering))


def _add_sentence(doc: Doc, rng: random.Random, donors: Sequence[Doc]) -> Case | None:
    """Append to a segment's English an unrelated sentence (8–40 words, a full sentence) of
    a donor document."""
    pool = sorted({en[start:end] for donor in donors if donor.name != doc.name
                   for en in donor.en for start, end in _sentences(en)
                   if 8 <= _words(en[start:end]) <= 40 and en[start:start + 1].isupper()
                   and en[end - 1:end] in ".!?"})
    pool = [s for s in pool if not any(s in en for en in doc.en)]
    if not pool:
        return None
    k = rng.randrange(len(doc.en))
    added = rng.choice(pool)
    return Case(doc, "added sentence", list(doc.zh),
                _replace(doc.en, k, doc.en[k] + " " + added), (k,), "en", added)


def _split_point(text: str) -> int | None:
    """Where a line break inside ``text`` is most believable: the sentence boundary nearest
    its middle, else the comma or semicolon nearest its middle with 4+ words either side;
    None if neither."""
    middle = len(text) / 2
    ends = [end for _, end in _sentences(text)[:-1]]
    if not ends:
        ends = [m.end() for m in re.finditer(r"[,;]\s", text)
                if _words(text[:m.end()]) >= 4 and _words(text[m.end():]) >= 4]
    return min(ends, key=lambda e: abs(e - middle)) if ends else None


def _shift(doc: Doc, rng: random.Random) -> Case | None:
    """English running one segment late for three segments, as a CAT-tool bilingual file
    shows when the translator's English gets one line break too many and, four lines on,
    one too few. For a window k..k+4 (documents of 6+ segments), with en[k] = head + tail
    broken at a sentence boundary (else a comma or semicolon):

        en'[k]   = head                    its own English, cut short
        en'[k+1] = tail                    the end of k's English   } shifted: each holds
        en'[k+2] = en[k+1]                 k+1's English            } its neighbour's
        en'[k+3] = en[k+2]                 k+2's English            } English, its own is
        en'[k+4] = en[k+3] + " " + en[k+4] both: the file re-joins  } in the next segment

    and in step again from k+5. Every segment stays non-empty, nothing is duplicated or
    lost. ``segments`` = (k+1, k+2, k+3); k and k+4 are touched as well (``touched``).
    """
    n = len(doc.en)
    if n < 6:
        return None
    places = [(k, cut) for k in range(n - 4) if (cut := _split_point(doc.en[k])) is not None]
    if not places:
        return None
    k, cut = rng.choice(places)
    head, tail = doc.en[k][:cut].rstrip(), doc.en[k][cut:].strip()
    en = [*doc.en[:k], head, tail, doc.en[k + 1], doc.en[k + 2],
          doc.en[k + 3] + " " + doc.en[k + 4], *doc.en[k + 5:]]
    return Case(doc, "shifted segments", list(doc.zh), en, (k + 1, k + 2, k + 3), "en",
                " ".join(en[k + 1:k + 4]))


def plant(doc: Doc, kind: str, rng: random.Random, donors: list[Doc],
          terms: Sequence[tuple[str, str]] = ()) -> Case | None:
    """One error of ``kind`` (one of :data:`KINDS`) planted in a copy of ``doc``, its place
    drawn with ``rng``; None when the document has no place for it. ``donors`` give the
    unrelated sentence of "added sentence" (``doc`` itself is skipped); ``terms``, pairs
    (Chinese term, English rendering) known for ``doc``, are needed for "wrong term"."""
    if kind == "omitted sentence":
        return _omit_sentence(doc, rng)
    if kind == "omitted clause":
        return _omit_clause(doc, rng)
    if kind == "changed number":
        return _change_number(doc, rng)
    if kind == "wrong term":
        return _wrong_term(doc, rng, terms) if terms else None
    if kind == "added sentence":
        return _add_sentence(doc, rng, donors)
    if kind == "shifted segments":
        return _shift(doc, rng)
    raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")


def cases(docs: Sequence[Doc], per_doc: int = 2, seed: int = 0,
          terms_for: Callable[[Doc], Sequence[tuple[str, str]]] | None = None) -> list[Case]:
    """Up to ``per_doc`` distinct cases of every kind in every document (fewer where the
    document has fewer places), in document then :data:`KINDS` order. Each (document, kind)
    draws from its own generator seeded by ``seed``, the document's name and the kind, so a
    case does not change when other documents are added. Donors for "added sentence" are
    the other documents of ``docs`` in the same split; ``terms_for(doc)`` gives the terms
    for "wrong term" (none: no such cases)."""
    out: list[Case] = []
    for doc in docs:
        donors = [d for d in docs if d.split == doc.split and d.name != doc.name]
        terms = terms_for(doc) if terms_for else ()
        for kind in KINDS:
            rng = random.Random(f"{seed}/{doc.name}/{kind}")
            seen: set[tuple[str, ...]] = set()
            for _ in range(per_doc * 5):
                if len(seen) >= per_doc:
                    break
                case = plant(doc, kind, rng, donors, terms)
                if case is None:
                    break
                if tuple(case.en) not in seen:
                    seen.add(tuple(case.en))
                    out.append(case)
    return out


# --- files ------------------------------------------------------------------------------------

def _line(text: str) -> str:
    """A segment as one line: tabs and line breaks become spaces (as TSV writes them)."""
    return TsvFormat().clean(text)


def as_two_files(zh: Sequence[str], en: Sequence[str], folder: str | Path) -> tuple[Path, Path]:
    """Write ``folder``/zh.txt and ``folder``/en.txt, one segment per line (line breaks
    inside a segment become spaces), for ``aligner check ZH EN``; returns their paths."""
    if len(zh) != len(en):
        raise ValueError(f"{len(zh)} Chinese but {len(en)} English segments")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / "zh.txt", folder / "en.txt")
    for path, segments in zip(paths, (zh, en), strict=True):
        path.write_text("".join(_line(s) + "\n" for s in segments), encoding="utf-8")
    return paths


def as_bilingual_tsv(zh: Sequence[str], en: Sequence[str], path: str | Path) -> Path:
    """Write a bilingual TSV, one segment per row under a ``zh<TAB>en`` header (the layout
    ``aligner.formats.read_beads`` reads as 1-1 beads; tabs and line breaks inside a segment
    become spaces), for ``aligner check FILE.tsv``; returns its path."""
    if len(zh) != len(en):
        raise ValueError(f"{len(zh)} Chinese but {len(en)} English segments")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = ["zh\ten", *(f"{_line(z)}\t{_line(e)}" for z, e in zip(zh, en, strict=True))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- MQM --------------------------------------------------------------------------------------

LONG = "long omission/addition"


@dataclass(frozen=True)
class MqmSegment:
    """One machine-translated segment of WMT23 zh→en with the verdict of its three MQM
    raters folded into ``label``."""

    system: str
    doc: str
    seg: int       # docSegId: the segment's 1-based place in its document
    zh: str        # source, <v></v> markers removed
    en: str        # target, <v></v> markers removed
    label: str     # "long omission/addition" | "clean" | "other"
    split: str     # by document: md5(doc id) % 3: 0 "test", 1 "train", 2 "dev"


def _mqm_split(doc: str) -> str:
    """The split of an MQM document: md5 of its id % 3, so stable across runs and machines."""
    return ("test", "train", "dev")[int(hashlib.md5(doc.encode("utf-8")).hexdigest(), 16) % 3]


_MARKED = re.compile(r"<v>(.*?)</v>")


def _unmarked(text: str) -> str:
    """An MQM source or target without its <v></v> error markers."""
    return text.replace("<v>", "").replace("</v>", "").strip()


def _marked(text: str) -> str:
    """The span an MQM rater marked with <v></v> in ``text`` ("" if none)."""
    match = _MARKED.search(text)
    return match.group(1).strip() if match else ""


def _label(rows: Sequence[Sequence[str]]) -> str:
    """LONG if any rater marked a Major Accuracy/Omission (span in the source) or
    Accuracy/Addition (span in the target) of 8+ characters; "clean" if every row is
    No-error (a row of a rater-attention test, severity HOTW-test, is not); else "other"."""
    for row in rows:
        category, severity = row[7], row[8]
        if severity != "Major":
            continue
        if category.startswith("Accuracy/Omission") and len(_marked(row[5])) >= 8:
            return LONG
        if category == "Accuracy/Addition" and len(_marked(row[6])) >= 8:
            return LONG
    return "clean" if all(row[7] == "No-error" for row in rows) else "other"


@functools.lru_cache(maxsize=1)
def _mqm_segments() -> tuple[MqmSegment, ...]:
    """All MQM segments, read once: rows grouped by (system, doc, docSegId)."""
    lines = MQM.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    if header[:9] != ["system", "doc", "docSegId", "globalSegId", "rater", "source", "target",
                      "category", "severity"]:
        raise ValueError(f"{MQM}: unexpected columns {header}")
    groups: dict[tuple[str, str, int], list[list[str]]] = {}
    for line in lines[1:]:
        if line:
            row = line.split("\t")
            groups.setdefault((row[0], row[1], int(row[2])), []).append(row)
    return tuple(MqmSegment(system, doc, seg, _unmarked(rows[0][5]), _unmarked(rows[0][6]),
                            _label(rows), _mqm_split(doc))
                 for (system, doc, seg), rows in sorted(groups.items(),
                                                        key=lambda g: (g[0][1], g[0][0], g[0][2])))


def mqm_segments() -> list[MqmSegment]:
    """Every rated (system, document, segment) of the WMT23 zh→en MQM data, ordered by
    document, system and segment."""
    return list(_mqm_segments())


def mqm_documents(split: str) -> dict[tuple[str, str], list[MqmSegment]]:
    """The translated documents of one split: (system, doc) → its segments in order (a
    document's segments are rated per system, so each system's translation is a document
    of its own for ``check``)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    out: dict[tuple[str, str], list[MqmSegment]] = {}
    for segment in _mqm_segments():
        if segment.split == split:
            out.setdefault((segment.system, segment.doc), []).append(segment)
    return out


# --- summary ----------------------------------------------------------------------------------

def _round_trip(case: Case, folder: Path) -> None:
    """Write ``case`` both ways and read it back with the readers ``aligner check`` uses."""
    from aligner.formats import read_beads

    beads = read_beads(as_bilingual_tsv(case.zh, case.en, folder / "case.tsv"))
    if [(b.zh, b.en) for b in beads] != [(_line(z), _line(e))
                                         for z, e in zip(case.zh, case.en, strict=True)]:
        raise AssertionError("the bilingual TSV did not read back as its segments")
    zh_path, en_path = as_two_files(case.zh, case.en, folder)
    for path, segments in ((zh_path, case.zh), (en_path, case.en)):
        if path.read_text(encoding="utf-8").splitlines() != [_line(s) for s in segments]:
            raise AssertionError(f"{path.name} did not read back as its segments")


def main() -> None:
    """Print the documents, planted cases and MQM segments per split, and check that every
    case reads back from the files ``check`` would be given."""
    import json
    import tempfile
    import time

    started = time.perf_counter()
    docs = [*wmt22_news(), seed_doc()]
    print("documents per split:", json.dumps(
        {s: sum(d.split == s for d in docs) for s in SPLITS}),
        "(wmt22 news + the seed readout in test)")
    print("segments per split:", json.dumps(
        {s: sum(len(d.zh) for d in docs if d.split == s) for s in SPLITS}))

    planted = cases(docs, terms_for=reference_terms)
    counts = Counter((c.doc.split, c.kind) for c in planted)
    print("planted cases (per_doc=2; terms for wrong term only: benchmarks/glossary_refs, "
          "which cover the seed and five wmt22 documents, all five in train):")
    for kind in KINDS:
        per = {s: counts[s, kind] for s in SPLITS}
        docs_with = len({c.doc.name for c in planted if c.kind == kind})
        print(f"  {kind:18} {json.dumps(per)}  total {sum(per.values())}, "
              f"in {docs_with} documents")
    with tempfile.TemporaryDirectory() as folder:
        for case in planted:
            _round_trip(case, Path(folder))
    print(f"  all {len(planted)} cases read back from TSV and from two files")

    segments = mqm_segments()
    labels = Counter((m.split, m.label) for m in segments)
    print(f"MQM: {len(segments)} segments, "
          f"{len({m.doc for m in segments})} documents, {len({m.system for m in segments})} "
          "systems")
    for split in SPLITS:
        per = {label: labels[split, label] for label in (LONG, "clean", "other")}
        print(f"  {split:5} documents {len({m.doc for m in segments if m.split == split}):2}, "
              f"translated documents {len(mqm_documents(split)):3}, segments {json.dumps(per)}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
