"""``run_batch``: align every document of a manifest or directory into OUTDIR.

Each document is aligned as ``aligner align`` would (same options, same bytes) and written
atomically to ``OUTDIR/ID.jsonl`` (or the format asked for; a table, tsv, gets its signature
beside it in ``ID.tsv.signature.json``, as ``aligner align -o`` writes it); a document
already finished with the same input and options is skipped; a failed one is reported and
the rest go on. At the end, on request, one merged TMX of every finished document (in
manifest order, read back from their outputs) and a corpus glossary built from it, each
signed as ``aligner align`` and ``aligner glossary`` sign theirs.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.batch.engines import ENGINES, EngineSettings
from aligner.batch.manifest import Document, Manifest, absolute, read_manifest
from aligner.batch.state import (
    FAILED,
    OK,
    REPORT_NAME,
    SKIPPED,
    Record,
    Report,
    content_hash,
    input_hash,
    is_finished,
    locked,
    output_identity,
    read_report,
)
from aligner.batch.worker import AlignOptions, Outcome
from aligner.errors import OutputError, UsageError
from aligner.formats import (
    FORMATS,
    SIDECAR_SUFFIX,
    is_bead_file,
    read_beads,
    render_beads,
    write_glossary,
)
from aligner.output import write_output
from aligner.progress import Progress
from aligner.records import Bead, Term
from aligner.signature import Signature

PathName = str | os.PathLike[str]


@dataclass(frozen=True)
class BatchResult:
    """Every document's record (manifest order) and the files the batch wrote."""

    outdir: Path
    records: tuple[Record, ...]
    report: Path
    merged_tmx: Path | None = None
    corpus_glossary: Path | None = None

    def count(self, status: str) -> int:
        return sum(record.status == status for record in self.records)

    @property
    def failed(self) -> list[Record]:
        return [record for record in self.records if record.status == FAILED]


def run_batch(source: PathName, outdir: PathName, *, fmt: str = "jsonl",
              presplit: bool = False, model: str | None = None, encoding: str | None = None,
              min_confidence: float = 0.0, engine: str = "local", workers: int | None = None,
              threads: int | None = None, scheduler: str | None = None,
              merged_tmx: PathName | None = None, corpus_glossary: PathName | None = None,
              progress: Progress | None = None) -> BatchResult:
    """Align the documents that ``source`` (a tsv/jsonl manifest or a directory) lists.

    Bad manifests and impossible settings raise before any work (InputError, UsageError,
    OutputError); a document's own failure is in its record (and the report) instead.
    Paths are made absolute against the working directory before any engine sees them.
    An interrupt (KeyboardInterrupt) stops the engine's workers and propagates; every
    output written by then is whole and in the report, so a rerun goes on from there.
    """
    options = AlignOptions(fmt, presplit, model, encoding, min_confidence)
    suffix = FORMATS.get(fmt).suffixes[0]
    # A table holds no signature: it goes beside each output (the format's check comes first).
    beside = "" if FORMATS.get(fmt).holds_signature else SIDECAR_SUFFIX
    run_engine = ENGINES.get(engine)
    settings = EngineSettings(workers, threads, scheduler)
    manifest = read_manifest(source)
    out = _output_folder(outdir, manifest)
    extras = [Path(p) for p in (merged_tmx, corpus_glossary) if p is not None]
    _refuse_overwrites(manifest, out, suffix, extras, beside)
    signatures: dict[bool, Signature] = {}

    def sidecar(inputs: Sequence[str]) -> str | None:
        """The sidecar of a document's output, or None where the format holds it."""
        if not beside:
            return None
        converted = len(inputs) == 1 and is_bead_file(inputs[0])
        if converted not in signatures:
            signatures[converted] = options.signature(inputs)
        return signatures[converted].to_json()

    with locked(out):
        _remove_torn_writes(out, {f"{d.id}{suffix}{end}" for d in manifest.documents
                                  for end in {"", beside}})
        previous = read_report(out / REPORT_NAME)
        records: dict[str, Record] = {}
        todo: list[Document] = []
        hashes: dict[str, str] = {}
        for document in manifest.documents:
            try:
                hashes[document.id] = input_hash(document, options.fingerprint())
            except OSError as exc:
                records[document.id] = Record(document.id, FAILED, _unreadable(exc))
                continue
            earlier = previous.get(document.id)
            if earlier is not None and is_finished(earlier, hashes[document.id], out):
                records[document.id] = Record(document.id, SKIPPED, None, 0.0, earlier.output,
                                              earlier.input_sha256, earlier.output_sha256)
            else:
                todo.append(document)
        total = len(manifest.documents)
        outcomes = run_engine(todo, options, settings)  # bad settings raise here, before work
        report = Report(out / REPORT_NAME, [r for r in records.values() if r.status == SKIPPED])
        try:
            for record in records.values():
                if record.status == FAILED:
                    report.add(record)
            if progress:
                progress(len(records), total)
            inputs = {document.id: document.inputs for document in todo}
            for outcome in outcomes:
                record = _finish(outcome, out, suffix, hashes[outcome.id],
                                 [*inputs[outcome.id], manifest.source],
                                 None if outcome.content is None
                                 else sidecar(inputs[outcome.id]))
                records[outcome.id] = record
                report.add(record)
                if progress:
                    progress(len(records), total)
        finally:
            report.close()
            if isinstance(outcomes, Generator):
                outcomes.close()
        ordered = tuple(records[document.id] for document in manifest.documents)
        result = BatchResult(out, ordered, out / REPORT_NAME)
        if merged_tmx is not None or corpus_glossary is not None:
            result = _merge(result, manifest, options, merged_tmx, corpus_glossary)
    return result


def _finish(outcome: Outcome, out: Path, suffix: str, in_hash: str,
            inputs: Sequence[str], signature: str | None = None) -> Record:
    """Write a document's output atomically, its ``signature`` sidecar first (an output
    is finished once it is there), and make its report record."""
    if outcome.content is None:
        return Record(outcome.id, FAILED, outcome.error, round(outcome.seconds, 3),
                      None, in_hash)
    name = f"{outcome.id}{suffix}"
    try:
        if signature is not None:
            write_output(out / f"{name}{SIDECAR_SUFFIX}", signature, inputs=inputs)
        write_output(out / name, outcome.content, inputs=inputs)
    except OutputError as exc:
        return Record(outcome.id, FAILED, str(exc), round(outcome.seconds, 3), None, in_hash)
    return Record(outcome.id, OK, None, round(outcome.seconds, 3), name, in_hash,
                  content_hash(outcome.content))


def _merge(result: BatchResult, manifest: Manifest, options: AlignOptions,
           merged_tmx: PathName | None, corpus_glossary: PathName | None) -> BatchResult:
    """The merged TMX and the corpus glossary, from the finished documents' outputs."""
    beads: list[Bead] = []
    for record in result.records:
        if record.status != FAILED and record.output:
            beads.extend(read_beads(result.outdir / record.output, options.fmt,
                                    encoding="utf-8"))
    inputs = [manifest.source, *(p for d in manifest.documents for p in d.inputs)]
    tmx_path = glossary_path = None
    if merged_tmx is not None:
        # Aligned files only converted: model none, as `aligner align` signs them.
        converted = all(len(d.inputs) == 1 and is_bead_file(d.inputs[0])
                        for d in manifest.documents)
        signature = options.signature(manifest.documents[0].inputs if converted else ())
        write_output(merged_tmx, render_beads(beads, "tmx", signature=signature),
                     inputs=inputs)
        tmx_path = Path(merged_tmx)
    if corpus_glossary is not None:
        write_glossary(_corpus_terms(beads, result.outdir, options), corpus_glossary,
                       inputs=inputs, signature=_glossary_signature(options))
        glossary_path = Path(corpus_glossary)
    return BatchResult(result.outdir, result.records, result.report, tmx_path, glossary_path)


def _glossary_signature(options: AlignOptions) -> Signature:
    """What `aligner glossary` with its defaults signs (:func:`_corpus_terms` runs it so)."""
    from aligner.provenance import signature_for

    return signature_for("glossary", model=options.model, settings={
        "presplit": False, "min_count": "auto", "min_consistency": 0.0,
        "top": "all", "keep_unused": False, "user_dictionary": True})


def _corpus_terms(beads: list[Bead], outdir: Path, options: AlignOptions) -> list[Term]:
    if not beads:
        return []
    from aligner.pipeline import glossary_for

    # glossary_for reads an aligned file: the merged beads, for the time it takes.
    merged = outdir / f".corpus-{os.getpid()}.jsonl"
    try:
        write_output(merged, render_beads(beads, "jsonl"))
        return glossary_for([merged], model=options.model, encoding="utf-8")
    finally:
        merged.unlink(missing_ok=True)


def _output_folder(outdir: PathName, manifest: Manifest) -> Path:
    out = Path(absolute(outdir))
    source = Path(manifest.source)
    if source.is_dir() and out.exists() and any(
            out.samefile(folder) for folder in (source, source / "zh", source / "en")
            if folder.is_dir()):
        raise UsageError(out, "is the folder of the documents: give another OUTDIR")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(out, "is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(out, f"cannot be made ({exc.strerror or exc})") from None
    return out


def _refuse_overwrites(manifest: Manifest, out: Path, suffix: str, extras: list[Path],
                       beside: str = "") -> None:
    """No output may be an input (the manifest, any document), nor two outputs one file;
    ``beside``: the suffix of each output's sidecar, outputs too."""
    inputs = {output_identity(path) for document in manifest.documents
              for path in document.inputs}
    inputs.add(output_identity(manifest.source))
    inputs.discard(None)
    outputs = [out / f"{d.id}{suffix}{end}" for d in manifest.documents
               for end in dict.fromkeys(["", beside])]
    for path in [*outputs, out / REPORT_NAME, *extras]:
        if output_identity(path) in inputs:
            raise OutputError(path, "is also an input: refusing to overwrite it")
    taken = {os.path.normcase(os.path.abspath(p)) for p in [*outputs, out / REPORT_NAME]}
    for extra in extras:
        if os.path.normcase(os.path.abspath(extra)) in taken:
            raise UsageError(extra, "is also one of the batch's own outputs")
        taken.add(os.path.normcase(os.path.abspath(extra)))


def _remove_torn_writes(out: Path, names: set[str]) -> None:
    """The temporary files of outputs whose writing a killed run left behind
    (``.NAME.XXXXXXXX.tmp``, see :mod:`aligner.output`); outputs themselves are whole."""
    for entry in os.scandir(out):
        name = entry.name
        if name.startswith(".") and name.endswith(".tmp") and name[1:-13] in names \
                and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _unreadable(exc: OSError) -> str:
    return f"{exc.filename}: cannot be read ({exc.strerror or exc})"

