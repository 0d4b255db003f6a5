"""Findings as a terminal listing, json records, one self-contained html page, or XLIFF (1.2
or 2.1) whose units carry the findings as notes, for a CAT tool.

A report with a :class:`~aligner.signature.Signature` shows it: the text's last line
(``signature: aligner:…``), a ``signature`` key in each json record (the list stays a list
of findings), a line under the html table, the XLIFF header's (1.2) or file's (2.1)."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from aligner.check.checks import CHECKS
from aligner.check.findings import Finding, Span
from aligner.formats.xliff import XliffFormat
from aligner.formats.xliff2 import Xliff2Format
from aligner.formats.xliff_common import UnitNote
from aligner.records import Bead
from aligner.registry import Registry
from aligner.signature import Signature


@dataclass(frozen=True)
class Report:
    """The findings and the beads they were found in (the html page shows every bead)."""

    findings: Sequence[Finding]
    beads: Sequence[Bead]
    title: str = "aligner check"
    signature: Signature | None = None


# Terminal colours per check: problems with the wording in red, with numbers in magenta,
# with the alignment in yellow.
_COLOURS = {"term": "red", "forbidden": "red", "inconsistency": "blue", "number": "magenta",
            "omission": "yellow", "addition": "yellow", "shifted": "yellow",
            "low-score": "yellow", "untranslated": "cyan"}


def summary(findings: Sequence[Finding]) -> str:
    """``3 findings in 2 beads: term 2, number 1`` or ``no findings``."""
    if not findings:
        return "no findings"
    counts = Counter(f.check for f in findings)
    beads = len({f.bead for f in findings})
    by_check = ", ".join(f"{name} {counts[name]}" for name in _check_order(counts))
    return (f"{len(findings)} finding{'s' * (len(findings) != 1)} in {beads} "
            f"bead{'s' * (beads != 1)}: {by_check}")


def _check_order(names: Counter[str] | Sequence[str]) -> list[str]:
    known = [name for name in CHECKS if name in names]
    return known + sorted(name for name in names if name not in CHECKS)


def _by_bead(findings: Sequence[Finding]) -> dict[int, list[Finding]]:
    grouped: dict[int, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.bead, []).append(finding)
    return grouped


def _segments(text: str, marks: Sequence[tuple[Span, str]]) -> list[tuple[str, list[str]]]:
    """``text`` cut at every mark boundary, each piece with the checks that mark it."""
    cuts = {0, len(text)}
    for (start, end), _ in marks:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    points = sorted(cuts)
    pieces = []
    for start, end in pairwise(points):
        if start == end:
            continue
        checks = sorted({check for (s, e), check in marks if s <= start and end <= e})
        pieces.append((text[start:end], checks))
    return pieces


def _marks(findings: Sequence[Finding], side: str) -> list[tuple[Span, str]]:
    return [(span, f.check) for f in findings
            for span in (f.zh_spans if side == "zh" else f.en_spans)]


# --- text ---------------------------------------------------------------------------------

# ANSI codes of the terminal colours, as click and most terminal libraries number them.
_ANSI = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36}


def _style(text: str, fg: str | None = None, *, bold: bool = False,
           underline: bool = False) -> str:
    codes = ([f"\x1b[{_ANSI[fg]}m"] if fg in _ANSI else []) + (["\x1b[1m"] if bold else []) \
        + (["\x1b[4m"] if underline else [])
    return "".join(codes) + text + "\x1b[0m"


# C0 and C1 control characters (escape sequences among them) shown as visible stand-ins, one
# character for one so that finding spans stay right: a report must never drive the terminal.
_VISIBLE = {**{c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}, 0x7F: "\u2421",
            **{c: "\ufffd" for c in range(0x80, 0xA0)}}


def terminal_safe(text: str) -> str:
    """``text`` with control characters but tab and newline replaced by visible symbols
    (ESC → ␛), same length."""
    return text.translate(_VISIBLE)


def _hue(score: float) -> int:
    """Red (0) for a bead surely wrong to green (120) for one surely right."""
    return round(120 * min(1.0, max(0.0, score)))


def _scores(bead: Bead) -> str:
    """``confidence 0.97, similarity 0.62``; a bead from another tool has only a score."""
    if bead.similarity is None:
        return f"score {bead.score:.2f}"
    return f"confidence {bead.score:.2f}, similarity {bead.similarity:.2f}"


def render_text(report: Report, *, color: bool = False) -> str:
    """Grouped by bead, the likeliest errors first (each finding with its probability); the
    terms and numbers in question in colour when ``color``.

    Control characters of the text (an escape sequence hidden in a source file) are shown
    as symbols, never sent to the terminal.
    """
    lines = []
    width = max((len(name) for name in CHECKS), default=8)
    for number, findings in _likeliest_first(report.findings):
        bead = report.beads[number - 1] if 0 < number <= len(report.beads) else None
        header = f"bead {number}"
        if bead is not None:
            header += f" ({bead.type}, {_scores(bead)})"
        lines.append(_style(header, bold=True) if color else header)
        first = findings[0]
        for side, text in (("zh", first.zh), ("en", first.en)):
            text = terminal_safe(text)
            shown = _highlight_terminal(text, _marks(findings, side)) if color else text
            # A paragraph break inside a bead continues under the text it breaks.
            shown = shown.replace("\n", "\n      ")
            lines.append(f"  {side}: {shown if text else '—'}")
        for finding in findings:
            name = finding.check.ljust(width)
            if color:
                name = _style(name, fg=_COLOURS.get(finding.check), bold=True)
            message = terminal_safe(finding.message).replace("\n", " ")
            lines.append(f"  {name}  {finding.probability:.2f}  {message}")
            if finding.suggestion:
                lines.append(f"  {'':{width}}        suggested: "
                             + terminal_safe(finding.suggestion))
        lines.append("")
    lines.append(summary(report.findings))
    if report.signature is not None:
        lines.append(f"signature: {report.signature}")
    return "\n".join(lines) + "\n"


def _highlight_terminal(text: str, marks: Sequence[tuple[Span, str]]) -> str:
    out = []
    for piece, checks in _segments(text, marks):
        if checks:
            piece = _style(piece, fg=_COLOURS.get(checks[0]), bold=True, underline=True)
        out.append(piece)
    return "".join(out)


def _likeliest_first(findings: Sequence[Finding]) -> list[tuple[int, list[Finding]]]:
    """Findings grouped by bead, the beads by their likeliest finding, then in order."""
    grouped = [(number, sorted(group, key=lambda f: -f.probability))
               for number, group in _by_bead(findings).items()]
    return sorted(grouped, key=lambda item: (-item[1][0].probability, item[0]))


# --- json ---------------------------------------------------------------------------------

def render_json(report: Report, *, color: bool = False) -> str:
    """A json list of findings, keys as in :meth:`Finding.to_dict` (and ``signature``),
    likeliest first."""
    ordered = [f for _, group in _likeliest_first(report.findings) for f in group]
    signed = {} if report.signature is None else {"signature": str(report.signature)}
    return json.dumps([f.to_dict() | signed for f in ordered], ensure_ascii=False,
                      indent=2) + "\n"


# --- html ---------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
#summary { margin: 0 0 1em; color: #444; }
#filters { position: sticky; top: 0; background: #f6f6f6; padding: .6em .8em;
  border: 1px solid #ddd; border-radius: 6px; margin-bottom: 1em; z-index: 1; }
#filters label { margin-right: 1.1em; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .5em; vertical-align: top;
  text-align: left; }
th { background: #fafafa; }
col.n { width: 4.5em; } col.zh, col.en { width: 36%; }
td.n { color: #666; font-size: .85em; }
td.zh { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; }
td.empty { color: #aaa; font-style: italic; }
tr.flagged td.n { border-left: 4px solid #c33; }
mark { background: none; }
mark.on { background: #ffe27a; border-radius: 2px; outline: 1px solid #e0b000; }
ul.findings { margin: 0; padding: 0; list-style: none; }
ul.findings li { margin: .35em 0 0; font-size: .9em; }
.badge { display: inline-block; font-size: .75em; font-weight: bold; padding: 0 .45em;
  border-radius: 3px; color: #fff; margin-right: .4em; }
.c-term, .c-forbidden { background: #c0392b; } .c-inconsistency { background: #2c6fbb; }
.conf { display: block; height: 4px; margin-top: 3px; border-radius: 2px; }
.c-number { background: #8e44ad; } .c-omission, .c-addition, .c-low-score { background: #b7791f; }
.c-untranslated { background: #16808a; } .c-shifted { background: #b7791f; }
.p { color: #666; font-size: .85em; margin-right: .4em; }
.hidden { display: none; }
"""

# Filtering is plain DOM work so that the page needs nothing from the network.
_JS = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.check'));
  var onlyFlagged = document.getElementById('only-flagged');
  function update() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var shown = 0;
    document.querySelectorAll('li.finding').forEach(function (li) {
      li.classList.toggle('hidden', !on[li.dataset.check]);
    });
    document.querySelectorAll('mark').forEach(function (m) {
      var lit = m.dataset.checks.split(' ').some(function (c) { return on[c]; });
      m.classList.toggle('on', lit);
    });
    document.querySelectorAll('tr.bead').forEach(function (tr) {
      var visible = tr.querySelectorAll('li.finding:not(.hidden)').length;
      var hide = onlyFlagged.checked && visible === 0;
      tr.classList.toggle('hidden', hide);
      if (!hide && visible) { shown += visible; }
    });
    document.getElementById('shown').textContent = shown;
  }
  boxes.forEach(function (b) { b.addEventListener('change', update); });
  onlyFlagged.addEventListener('change', update);
  update();
}());
"""


def render_html(report: Report, *, color: bool = False) -> str:
    """One page, no external resources: the beads side by side, findings under each."""
    e = html.escape
    counts = Counter(f.check for f in report.findings)
    grouped = _by_bead(report.findings)
    filters = "".join(
        f'<label><input type="checkbox" class="check" value="{e(name)}" checked> '
        f'<span class="badge c-{e(name)}">{e(name)}</span>{counts[name]}</label>'
        for name in _check_order(counts))
    rows = []
    numbers = range(1, len(report.beads) + 1)
    # Findings that point past the beads given (a caller's mistake) still get a row.
    extra = sorted(n for n in grouped if not 0 < n <= len(report.beads))
    for number in [*numbers, *extra]:
        bead = report.beads[number - 1] if 0 < number <= len(report.beads) else None
        findings = grouped.get(number, [])
        zh = bead.zh if bead is not None else (findings[0].zh if findings else "")
        en = bead.en if bead is not None else (findings[0].en if findings else "")
        info = (f"{bead.type}<br>{bead.score:.2f}"
                f'<span class="conf" style="background: hsl({_hue(bead.score)}, 65%, 42%)"'
                f' title="{e(_scores(bead))}"></span>' if bead is not None else "")
        items = "".join(
            f'<li class="finding" data-check="{e(f.check)}">'
            f'<span class="badge c-{e(f.check)}">{e(f.check)}</span>'
            f'<span class="p">{f.probability:.2f}</span>{e(f.message)}'
            + (f" (suggested: {e(f.suggestion)})" if f.suggestion else "") + "</li>"
            for f in findings)
        flagged = " flagged" if findings else ""
        checks = " ".join(sorted({f.check for f in findings}))
        rows.append(
            f'<tr class="bead{flagged}" id="bead-{number}" data-checks="{e(checks)}">'
            f'<td class="n">{number}<br>{info}</td>'
            f'{_html_cell("zh", zh, _marks(findings, "zh"))}'
            f'{_html_cell("en", en, _marks(findings, "en"))}'
            f'<td><ul class="findings">{items}</ul></td></tr>')
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{e(report.title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body>"
        f"<h1>{e(report.title)}</h1>"
        f'<p id="summary">{e(summary(report.findings))} '
        f'({len(report.beads)} beads; <span id="shown">{len(report.findings)}</span> '
        f"findings shown)</p>"
        f'<div id="filters">{filters}'
        f'<label><input type="checkbox" id="only-flagged"> only beads with findings</label>'
        f"</div>"
        '<table><colgroup><col class="n"><col class="zh"><col class="en"><col></colgroup>'
        "<thead><tr><th>#</th><th>Chinese</th><th>English</th><th>Findings</th></tr></thead>"
        f'<tbody>{"".join(rows)}</tbody></table>'
        + ("" if report.signature is None else
           f'<p id="signature">signature: <code>{e(str(report.signature))}</code></p>')
        + f"<script>{_JS}</script></body></html>\n")


def _html_cell(side: str, text: str, marks: Sequence[tuple[Span, str]]) -> str:
    if not text:
        return f'<td class="{side} empty">(none)</td>'
    out = []
    for piece, checks in _segments(text, marks):
        if checks:
            # Lit from the start so the page reads right without scripts too.
            out.append(f'<mark class="on" data-checks="{html.escape(" ".join(checks))}">'
                       f"{html.escape(piece)}</mark>")
        else:
            out.append(html.escape(piece))
    lang = ' lang="zh"' if side == "zh" else ""
    return f'<td class="{side}"{lang}>{"".join(out)}</td>'


# --- xliff --------------------------------------------------------------------------------

# XLIFF note priorities run from 1 (most important) to 10: a forbidden or wrong term and a
# changed number first, then missing or added content, then what only asks for a look.
NOTE_PRIORITY = {"forbidden": 1, "term": 2, "number": 2, "omission": 3, "addition": 3,
                 "untranslated": 3, "inconsistency": 4, "low-score": 5}
NOTE_ANNOTATES = {"omission": "source", "low-score": "general"}
NOTE_AUTHOR = "aligner-check"


def finding_notes(report: Report) -> list[list[UnitNote]]:
    """Each bead's findings as XLIFF notes: ``check: message``, about the target (the
    English is what a check faults) but for an omission (source) and a low score (the pair)."""
    notes: list[list[UnitNote]] = [[] for _ in report.beads]
    for finding in report.findings:
        if not 0 < finding.bead <= len(report.beads):
            continue
        notes[finding.bead - 1].append(UnitNote(
            f"{finding.check}: {finding.message}", NOTE_AUTHOR,
            NOTE_PRIORITY.get(finding.check, 5), NOTE_ANNOTATES.get(finding.check, "target")))
    return notes


def render_xliff(report: Report, *, color: bool = False) -> str:
    """XLIFF 1.2, one unit a bead as ``aligner align`` writes it, its findings as
    ``<note from="aligner-check" priority="…">`` (memoQ and Trados show notes as comments)."""
    return XliffFormat().render(report.beads, notes=finding_notes(report),
                                signature=report.signature)


def render_xliff2(report: Report, *, color: bool = False) -> str:
    """XLIFF 2.1, findings as ``<note category="aligner-check" priority="…">``."""
    return Xliff2Format().render(report.beads, notes=finding_notes(report),
                                 signature=report.signature)


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


REPORTS: Registry[Renderer] = Registry("report format", default="text")
REPORTS.register("text", render_text, (".txt",))
REPORTS.register("json", render_json, (".json",))
REPORTS.register("html", render_html, (".html", ".htm"))
REPORTS.register("xliff", render_xliff, (".xlf", ".xliff"))
REPORTS.register("xliff2", render_xliff2, (".xlf2", ".xliff2"))


def render_report(report: Report, fmt: str = "text", *, color: bool = False) -> str:
    """The report in ``fmt`` (text, json, html, xliff or xliff2)."""
    return REPORTS.get(fmt)(report, color=color)
