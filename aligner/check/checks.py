"""The checks, each a function from the document to its findings, named in a registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from aligner.check.findings import Finding, Span
from aligner.check.matching import EnMatcher, ZhTermIndex, drop_contained, rendering_key
from aligner.check.numbers import Number, compare_numbers, display, en_numbers, zh_numbers
from aligner.check.strays import Stray, find_strays
from aligner.embed import Encoder
from aligner.records import Alignment, Bead, Term
from aligner.registry import Registry
from aligner.segment import alignment_from_beads
from aligner.segment.language import HAN_RUN

# Similarity (the cosine of a bead's two sides) under which a bead is worth a second look. The
# seed's translations score 0.39 and more, a mistranslated sentence 0.25; 8% of the beads of
# mac-dev's looser literary translations score below 0.3 (24% below 0.4).
DEFAULT_LOW_SCORE = 0.3
# Confidence (the bead's posterior probability of being right) under which its sentences may
# not belong together. benchmarks/confidence.py: on mac-dev 13% of the beads fall below 0.5,
# 53% of them wrong (half of all wrong beads); on text-berg 6%, 73% of them wrong (40%).
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class TermUse:
    """A glossary term in a bead's Chinese and what its English has for it."""

    term: Term
    zh_spans: tuple[Span, ...]
    # Accepted and forbidden renderings found in the English, with where they are.
    renderings: dict[str, tuple[Span, ...]]
    forbidden: dict[str, tuple[Span, ...]]
    # Whether the renderings were found only with their words reordered.
    reordered: bool = False


class CheckContext:
    """The document under check and what several checks share, computed once."""

    def __init__(self, alignment: Alignment, glossary: Iterable[Term], *,
                 low_score: float = DEFAULT_LOW_SCORE,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 encoder: Encoder | None = None) -> None:
        self.alignment = alignment
        self.min_confidence = min_confidence
        self.beads = list(alignment.beads)
        self.glossary = merge_terms(glossary)
        self.low_score = low_score
        self.encoder = encoder
        self.matcher = EnMatcher()

    @cached_property
    def term_uses(self) -> list[list[TermUse]]:
        """For each bead, the glossary terms in its Chinese."""
        terms = {term.zh: term for term in self.glossary}
        index = ZhTermIndex(terms)
        uses = []
        for bead in self.beads:
            spans: dict[str, list[Span]] = {}
            for zh, span in index.find(bead.zh):
                spans.setdefault(zh, []).append(span)
            uses.append([_term_use(terms[zh], tuple(found), bead.en, self.matcher)
                         for zh, found in spans.items()])
        return uses

    @cached_property
    def strays(self) -> list[list[Stray]]:
        """For each bead, its sentences that the other side does not translate (needs the
        alignment's sentence vectors or an encoder; without either, none)."""
        return find_strays(self.alignment, self.encoder)

    def rendered_nearby(self, number: int, term: Term) -> bool:
        """Whether a neighbouring bead whose Chinese lacks ``term`` has its rendering.

        Chinese and English cut sentences differently: a clause at the end of one Chinese
        sentence can open the next English one, so its term lands in the next bead.
        """
        for other in (number - 1, number + 1):
            if not 1 <= other <= len(self.beads):
                continue
            bead = self.beads[other - 1]
            if bead.block != self.beads[number - 1].block or not bead.en.strip():
                continue
            if term.zh in bead.zh:
                continue
            if any(self.matcher.find(r, bead.en, reordered=True) for r in term.renderings):
                return True
        return False

    @cached_property
    def numbers(self) -> list[tuple[list[Number], list[Number]]]:
        return [(zh_numbers(bead.zh), en_numbers(bead.en)) for bead in self.beads]


def _term_use(term: Term, zh_spans: tuple[Span, ...], en: str, matcher: EnMatcher) -> TermUse:
    accepted = {r: matcher.find(r, en) for r in term.renderings}
    reordered = not any(accepted.values())
    if reordered:
        # Reordered words are a fallback only: an exact rendering elsewhere in the bead
        # says better how the term was rendered.
        accepted = {r: matcher.find(r, en, reordered=True) for r in term.renderings}
    accepted = drop_contained({r: found for r, found in accepted.items() if found})
    forbidden = {}
    for rendering in term.forbidden:
        # A forbidden phrase inside an accepted one ("trade war" in "trade war truce",
        # when that is the agreed term) is not a use of it.
        found = [span for span in matcher.find(rendering, en)
                 if not any(a[0] <= span[0] and span[1] <= a[1]
                            for spans in accepted.values() for a in spans)]
        if found:
            forbidden[rendering] = tuple(found)
    return TermUse(term, zh_spans, {r: tuple(s) for r, s in accepted.items()}, forbidden,
                   reordered=reordered and bool(accepted))


def merge_terms(terms: Iterable[Term]) -> list[Term]:
    """One entry per Chinese term; several glossaries add renderings and forbidden ones."""
    merged: dict[str, Term] = {}
    for term in terms:
        zh = term.zh.strip()
        if not zh or not term.en.strip():
            continue
        old = merged.get(zh)
        if old is None:
            merged[zh] = replace(term, zh=zh)
            continue
        renderings = _unique((*old.renderings, *term.renderings))
        merged[zh] = replace(old, alternates=renderings[1:],
                             curated=old.curated or term.curated,
                             forbidden=_unique((*old.forbidden, *term.forbidden)))
    return list(merged.values())


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _both_sides(bead: Bead) -> bool:
    return bool(bead.zh.strip()) and bool(bead.en.strip())


def _quote(values: Iterable[str]) -> str:
    return " or ".join(f'"{v}"' for v in values)


# --- the checks -----------------------------------------------------------------------------

Check = Callable[[CheckContext], Iterator[Finding]]


def check_terms(context: CheckContext) -> Iterator[Finding]:
    for number, (bead, uses) in enumerate(zip(context.beads, context.term_uses, strict=True), 1):
        if not _both_sides(bead):
            continue
        for use in uses:
            # A forbidden rendering in its place is reported once, by the forbidden check.
            if use.renderings or use.forbidden or context.rendered_nearby(number, use.term):
                continue
            term = use.term
            yield Finding("term", number, bead.zh, bead.en,
                          f"{term.zh}: expected {_quote(term.renderings)} in the English",
                          zh_term=term.zh, expected=term.renderings, zh_spans=use.zh_spans)


def check_forbidden(context: CheckContext) -> Iterator[Finding]:
    for number, (bead, uses) in enumerate(zip(context.beads, context.term_uses, strict=True), 1):
        for use in uses:
            for rendering, spans in use.forbidden.items():
                found = bead.en[spans[0][0]:spans[0][1]]
                term = use.term
                listed = "" if found.casefold() == rendering.casefold() else f" ({rendering})"
                yield Finding("forbidden", number, bead.zh, bead.en,
                              f'{term.zh}: "{found}" is a forbidden rendering{listed}; '
                              f"use {_quote(term.renderings)}",
                              zh_term=term.zh, expected=term.renderings, found=found,
                              zh_spans=use.zh_spans, en_spans=spans)


def check_inconsistency(context: CheckContext) -> Iterator[Finding]:
    # For each term: each way of rendering it (renderings equal up to inflection count as
    # one), with the beads using it in document order.
    ways: dict[str, dict[str, list[tuple[int, TermUse, str]]]] = {}
    for number, uses in enumerate(context.term_uses, 1):
        for use in uses:
            rendering = _main_rendering(use)
            if rendering is not None:
                ways.setdefault(use.term.zh, {}).setdefault(rendering_key(rendering), []).append(
                    (number, use, rendering))
    for zh, by_way in ways.items():
        if len(by_way) < 2:
            continue
        # Every way is reported, each at the first bead that uses it.
        firsts = [(places[0], [p[0] for p in places]) for places in by_way.values()]
        for i, ((number, use, rendering), beads) in enumerate(firsts):
            bead = context.beads[number - 1]
            others = " and ".join(f'"{other[2]}" in {_beads(other_beads)}'
                                  for j, (other, other_beads) in enumerate(firsts) if j != i)
            span = use.renderings[rendering][0]
            found = bead.en[span[0]:span[1]]
            also = f" (also in {_beads(beads[1:])})" if len(beads) > 1 else ""
            yield Finding("inconsistency", number, bead.zh, bead.en,
                          f'{zh}: rendered "{found}" here{also} but {others}',
                          zh_term=zh, expected=use.term.renderings, found=found,
                          zh_spans=use.zh_spans, en_spans=use.renderings[rendering])


def _main_rendering(use: TermUse) -> str | None:
    """The rendering a bead uses for a term: the longest match, else the preferred one.

    One per bead, so that "supply chains" inside "industrial and supply chains", or two
    renderings matching the same words, do not look like two ways of rendering the term.
    """
    # A reordered match tells that the term was rendered, not in which words.
    if not use.renderings or use.reordered:
        return None
    order = {r: i for i, r in enumerate(use.term.renderings)}
    return max(use.renderings, key=lambda r: (max(e - s for s, e in use.renderings[r]),
                                              -order.get(r, 0)))


def _beads(numbers: Sequence[int]) -> str:
    return ("bead " if len(numbers) == 1 else "beads ") + ", ".join(map(str, numbers))


def check_numbers(context: CheckContext) -> Iterator[Finding]:
    for number, (bead, (zh, en)) in enumerate(zip(context.beads, context.numbers,
                                                  strict=True), 1):
        if not _both_sides(bead):
            continue
        mismatch = compare_numbers(zh, en)
        if mismatch is None:
            continue
        parts = []
        if mismatch.zh_only:
            parts.append("not in the English: " + ", ".join(map(_shown, mismatch.zh_only)))
        if mismatch.en_only:
            parts.append("not in the Chinese: " + ", ".join(map(_shown, mismatch.en_only)))
        yield Finding("number", number, bead.zh, bead.en, "numbers differ; " + "; ".join(parts),
                      zh_term="、".join(n.text for n in mismatch.zh_only) or None,
                      expected=tuple(display(n.value) for n in mismatch.zh_only),
                      found=", ".join(n.text for n in mismatch.en_only) or None,
                      zh_spans=tuple(n.span for n in mismatch.zh_only),
                      en_spans=tuple(n.span for n in mismatch.en_only))


def _shown(number: Number) -> str:
    value = display(number.value)
    return number.text if value == number.text else f"{number.text} ({value})"


def check_omission(context: CheckContext) -> Iterator[Finding]:
    yield from _unmatched(context, "omission", "zh", "the Chinese has no English counterpart")


def check_addition(context: CheckContext) -> Iterator[Finding]:
    yield from _unmatched(context, "addition", "en", "the English has no Chinese counterpart")


def _unmatched(context: CheckContext, check: str, side: str, message: str) -> Iterator[Finding]:
    """Beads with one side only, and sentences in merged beads that the other side lacks."""
    other = "en" if side == "zh" else "zh"
    for number, (bead, strays) in enumerate(zip(context.beads, context.strays, strict=True), 1):
        if getattr(bead, side).strip() and not getattr(bead, other).strip():
            yield Finding(check, number, bead.zh, bead.en, message)
            continue
        for stray in strays:
            if stray.side != side:
                continue
            spans = (stray.span,)
            yield Finding(check, number, bead.zh, bead.en,
                          f'{message}: "{stray.text}" (the bead matches better without it)',
                          zh_term=stray.text if side == "zh" else None,
                          found=stray.text if side == "en" else None,
                          zh_spans=spans if side == "zh" else (),
                          en_spans=spans if side == "en" else ())


def check_low_score(context: CheckContext) -> Iterator[Finding]:
    """Beads whose two sides are far apart (similarity), or whose alignment is unsure
    (confidence). Beads from other tools carry only a score, taken as a similarity."""
    for number, bead in enumerate(context.beads, 1):
        if not _both_sides(bead):
            continue
        similarity = bead.score if bead.similarity is None else bead.similarity
        reasons = []
        if similarity < context.low_score:
            reasons.append(f"similarity {similarity:.2f} is below {context.low_score:.2f}: "
                           "the English may not translate the Chinese")
        if bead.similarity is not None and bead.score < context.min_confidence:
            reasons.append(f"alignment confidence {bead.score:.2f} is below "
                           f"{context.min_confidence:.2f}: these sentences may not belong "
                           "together")
        if reasons:
            yield Finding("low-score", number, bead.zh, bead.en, "; ".join(reasons))


def check_untranslated(context: CheckContext) -> Iterator[Finding]:
    for number, bead in enumerate(context.beads, 1):
        if not _both_sides(bead):
            continue
        han = list(HAN_RUN.finditer(bead.en))
        if han:
            found = " ".join(m[0] for m in han)
            yield Finding("untranslated", number, bead.zh, bead.en,
                          f'Chinese left in the English: "{found}"', found=found,
                          en_spans=tuple(m.span() for m in han))
        elif _same(bead.zh, bead.en) and any(c.isalpha() for c in bead.en):
            yield Finding("untranslated", number, bead.zh, bead.en,
                          "the English is the source text unchanged", found=bead.en,
                          en_spans=((0, len(bead.en)),))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


CHECKS: Registry[Check] = Registry("check")
for _name, _check in (("term", check_terms), ("forbidden", check_forbidden),
                      ("inconsistency", check_inconsistency), ("number", check_numbers),
                      ("omission", check_omission), ("addition", check_addition),
                      ("low-score", check_low_score), ("untranslated", check_untranslated)):
    CHECKS.register(_name, _check)


def check_alignment(alignment: Alignment, glossary: Iterable[Term] = (), *,
                    checks: Iterable[str] | None = None, low_score: float = DEFAULT_LOW_SCORE,
                    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                    encoder: Encoder | None = None) -> list[Finding]:
    """Every finding of the named checks (all by default), in bead order.

    Omission and addition also report sentences hidden in merged beads (a 2-1 bead whose
    extra Chinese sentence the English lacks), not only 1-0 and 0-1 beads; that takes the
    alignment's sentence vectors, or an ``encoder`` to embed its sentences.
    """
    names = list(CHECKS) if checks is None else list(checks)
    functions = [CHECKS.get(name) for name in names]
    context = CheckContext(alignment, glossary, low_score=low_score,
                           min_confidence=min_confidence, encoder=encoder)
    findings = [f for function in functions for f in function(context)]
    order = {name: i for i, name in enumerate(CHECKS)}
    findings.sort(key=lambda f: (f.bead, order[f.check]))
    return findings


def check_beads(beads: Sequence[Bead], glossary: Iterable[Term] = (), *,
                checks: Iterable[str] | None = None, low_score: float = DEFAULT_LOW_SCORE,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                encoder: Encoder | None = None) -> list[Finding]:
    """:func:`check_alignment` of beads that come without their sentences (made by hand)."""
    return check_alignment(alignment_from_beads(beads), glossary, checks=checks,
                           low_score=low_score, min_confidence=min_confidence, encoder=encoder)
