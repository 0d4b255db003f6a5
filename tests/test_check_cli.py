"""`aligner check` end to end on the seed's readout: clean and with planted errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.formats import write_beads
from aligner.records import Bead
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "check"
ZH = FIXTURES / "readout.zh.txt"
EN = FIXTURES / "readout.en.txt"
PLANTED = FIXTURES / "readout.en.planted.txt"
NAMES = FIXTURES / "readout.glossary.tsv"
CURATED = ROOT / "glossaries" / "trade_diplomacy.tsv"

# Each planted error (see tests/fixtures/check/README.md): its check, and text that only
# the bead it belongs to has on the given side.
PLANTED_ERRORS = [
    ("number", "zh", "当地时间10月25日至26日"),
    ("term", "zh", "农产品贸易"),
    ("untranslated", "zh", "双方同意进一步确定具体细节"),
    ("forbidden", "zh", "何立峰表示"),
    ("omission", "zh", "中美经贸磋商成果来之不易"),
    ("addition", "en", "Both delegations also exchanged views"),
    ("low-score", "zh", "将在两国元首战略引领下"),
]


@pytest.fixture(autouse=True)
def shared_encoder(monkeypatch, encoder):
    """The command loads its model once per session here, as one process would."""
    monkeypatch.setattr("aligner.pipeline.get_encoder", lambda name=None: encoder)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "-q", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def findings(*args: str) -> list[dict]:
    code, out, _ = run(*args, "--format", "json")
    records = json.loads(out)
    assert code == (1 if records else 0)
    return records


@pytest.fixture(scope="module")
def planted_findings(encoder):
    import aligner.pipeline as cli

    saved = cli.get_encoder
    cli.get_encoder = lambda name=None: encoder
    try:
        return findings("-g", CURATED, "-g", NAMES, ZH, PLANTED, "--all")
    finally:
        cli.get_encoder = saved


def test_clean_readout_with_the_curated_glossary_has_no_term_or_number_finding():
    for glossaries in (["-g", CURATED], ["-g", CURATED, "-g", NAMES]):
        found = findings(*glossaries, ZH, EN)
        wrong = [f for f in found if f["check"] in ("term", "number")]
        assert wrong == [], "\n".join(f"bead {f['bead']}: {f['message']}" for f in wrong)
        # One clause of bead 2 (就解决各自关切的安排达成基本共识) is a false omission at the
        # default threshold (benchmarks/check_quality.py measures the rate on held-out texts).
        assert len([f for f in found if f["check"] == "omission"]) <= 1


def test_the_likely_planted_errors_are_shown_by_default():
    found = {f["check"] for f in findings("-g", CURATED, "-g", NAMES, ZH, PLANTED)}
    assert {"number", "forbidden", "untranslated", "omission", "addition"} <= found


@pytest.mark.parametrize(("check", "side", "marker"), PLANTED_ERRORS)
def test_every_planted_error_is_found_at_its_bead(planted_findings, check, side, marker):
    at_bead = [f for f in planted_findings if marker in f[side]]
    assert at_bead, f"no finding in the bead with {marker!r}"
    assert len({f["bead"] for f in at_bead}) == 1
    assert check in {f["check"] for f in at_bead}, [f["message"] for f in at_bead]


def test_planted_findings_name_what_was_planted(planted_findings):
    # the likeliest finding of each check
    by_check: dict[str, dict] = {}
    for f in planted_findings:
        if f["check"] != "term" and (f["check"] not in by_check or f["probability"]
                                     > by_check[f["check"]]["probability"]):
            by_check[f["check"]] = f
    assert by_check["number"]["zh_term"] == "26" and by_check["number"]["found"] == "27"
    terms = {f["zh_term"]: f for f in planted_findings if f["check"] == "term"}
    assert terms["农产品贸易"]["expected"] == ["agricultural trade"]
    assert by_check["forbidden"]["found"] == "Ho Li-feng"
    assert by_check["untranslated"]["found"] == "国内批准程序"
    # the sentence added to a paragraph's end is a 0-1 bead of its own
    assert by_check["addition"]["en"].endswith("local cuisine of Kuala Lumpur.")
    assert not by_check["addition"]["zh"]
    # the sentence left untranslated is a 1-0 bead of its own (were it merged into its
    # neighbour's bead, the finding would name it: zh_term)
    omission = next(f for f in planted_findings
                    if f["check"] == "omission" and "来之不易" in f["zh"])
    assert omission["zh"] == "中美经贸磋商成果来之不易,需要双方共同维护。"
    assert not omission["en"]
    # two renderings the glossary accepts (two heads of state, two presidents) are no
    # inconsistency
    assert not [f for f in planted_findings if f["check"] == "inconsistency"]


def clean_tsv(path: Path) -> Path:
    write_beads([Bead((0,), (0,), "双方在吉隆坡举行会谈。",
                      "The two sides held talks in Kuala Lumpur.", 0.8),
                 Bead((1,), (1,), "何立峰表示满意。", "He Lifeng expressed satisfaction.", 0.8)],
                path)
    return path


def test_exit_code_is_0_when_nothing_is_found_and_1_when_something_is(tmp_path):
    aligned = clean_tsv(tmp_path / "clean.tsv")
    code, out, err = run("-g", NAMES, aligned)
    assert (code, out.splitlines()[0], err) == (0, "no findings", "")
    assert out.splitlines()[1].startswith("signature: aligner:")
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text(aligned.read_text(encoding="utf-8").replace("He Lifeng", "Ho Li-feng"),
                     encoding="utf-8")
    code, out, _ = run("-g", NAMES, wrong)
    assert code == 1
    assert "forbidden" in out and "bead 2" in out


def test_an_aligned_file_on_stdin_is_read_in_the_format_from_names(tmp_path):
    """Standard input has no suffix: ``--from`` names its format, and it is checked as the
    aligned file it is (without it, it is one mixed document to align)."""
    wrong = clean_tsv(tmp_path / "clean.tsv").read_text(encoding="utf-8").replace(
        "He Lifeng", "Ho Li-feng")
    result = CliRunner().invoke(main, ["check", "-q", "-g", str(NAMES), "--from", "tsv", "-"],
                                input=wrong.encode("utf-8"))
    assert result.exit_code == 1, result.output
    assert "forbidden" in result.stdout and "bead 2" in result.stdout
    result = CliRunner().invoke(main, ["check", "-q", "--from", "tsv", str(ZH), str(EN)])
    assert result.exit_code == 2 and "--from tsv names one aligned file" in result.stderr


def test_report_goes_to_a_file_in_the_format_its_suffix_names(tmp_path):
    aligned = clean_tsv(tmp_path / "clean.tsv")
    for name, start in (("report.json", "["), ("report.html", "<!DOCTYPE html>"),
                        ("report.txt", "no findings")):
        code, out, _ = run("-g", NAMES, aligned, "-o", tmp_path / name)
        assert (code, out) == (0, "")
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_skipped_checks_do_not_run(tmp_path):
    aligned = clean_tsv(tmp_path / "a.tsv")
    aligned.write_text(aligned.read_text(encoding="utf-8").replace("He Lifeng", "Ho Li-feng"),
                       encoding="utf-8")
    assert run("-g", NAMES, aligned, "--skip", "forbidden", "--skip", "term")[0] == 0


@pytest.mark.parametrize(("content", "problem"), [
    ("term\trendering\n对等关税\treciprocal tariff\n", "has no zh or en column"),
    ("zh\tscore\n对等关税\t1\n", "has no en column"),
    ("", "is empty"),
    ("zh\ten\n", "has no glossary entries"),
    (None, "no such file"),
])
def test_a_bad_glossary_is_exit_2_with_one_line(tmp_path, content, problem):
    glossary = tmp_path / "glossary.tsv"
    if content is not None:
        glossary.write_text(content, encoding="utf-8")
    report = tmp_path / "report.json"
    code, out, err = run("-g", glossary, clean_tsv(tmp_path / "a.tsv"), "-o", report)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"aligner: {glossary}: ")
    assert problem in err
    assert not report.exists()


def test_a_missing_input_is_exit_2_with_one_line(tmp_path):
    code, _, err = run("-g", NAMES, tmp_path / "missing.zh.txt", EN)
    assert code == 2
    assert err == f"aligner: {tmp_path / 'missing.zh.txt'}: no such file\n"


# --- the html report in a real browser ------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (.ci/run installs Debian's chromium package)")
    pytest.skip("chromium is not installed")


def browse(page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                               *flags, page.as_uri()],
                              capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_html_report_renders_in_chromium_with_the_findings_on_the_page(tmp_path, encoder):
    page = tmp_path / "report.html"
    code, _, _ = run("-g", CURATED, "-g", NAMES, ZH, PLANTED, "-o", page, "--all")
    assert code == 1
    screenshot = tmp_path / "report.png"
    shot = browse(page, f"--screenshot={screenshot}", "--window-size=1200,2000")
    assert screenshot.exists(), shot.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    dom = browse(page, "--dump-dom").stdout
    for check, _, _ in PLANTED_ERRORS:
        assert f'<li class="finding" data-check="{check}"' in dom
    assert "Ho Li-feng" in dom and "国内批准程序" in dom
    # The script ran: it filled in how many findings are shown.
    shown = dom.split('<span id="shown">', 1)[1].split("<", 1)[0]
    assert int(shown) == sum(1 for _ in dom.split('<li class="finding"')[1:])


# --- findings as XLIFF notes, for CAT tools ------------------------------------------------

@pytest.mark.parametrize(("suffix", "fmt"), [(".xlf", None), (".xlf", "xliff2"),
                                            (".xlf2", None)])
def test_planted_findings_ride_in_xliff_notes_of_their_units(tmp_path, suffix, fmt):
    from aligner.formats import read_beads
    from tests.test_formats import xliff_schema

    report = tmp_path / f"report{suffix}"
    code, out, err = run("-g", CURATED, "-g", NAMES, ZH, PLANTED, "-o", report, "--all",
                         *(["--format", fmt] if fmt else []))
    assert (code, out, err) == (1, "", "")
    version = "2.0" if (fmt or "").endswith("2") or suffix == ".xlf2" else "1.2"
    from lxml import etree

    document = etree.fromstring(report.read_bytes())
    schema = xliff_schema(version)
    assert schema.validate(document), schema.error_log.filter_from_errors()
    ns = {"x": document.nsmap[None]}
    unit_tag = "trans-unit" if version == "1.2" else "unit"
    author = "from" if version == "1.2" else "category"
    units = document.findall(f".//x:{unit_tag}", ns)
    notes = {}
    for unit in units:
        sides = tuple("".join(unit.find(f".//x:{tag}", ns).itertext())
                      for tag in ("source", "target"))
        notes[sides] = [(n.text, n.get("priority"), n.get("annotates") or n.get("appliesTo"))
                        for n in unit.iter(f"{{{ns['x']}}}note")
                        if n.get(author) == "aligner-check"]
    for check, side, marker in PLANTED_ERRORS:
        [found] = [texts for (zh, en), texts in notes.items()
                   if marker in (zh if side == "zh" else en)]
        assert any(text.startswith(f"{check}: ") for text, _, _ in found), (check, found)
    every = [note for texts in notes.values() for note in texts]
    forbidden = [n for n in every if n[0].startswith("forbidden: ")]
    assert forbidden and {n[1] for n in forbidden} == {"1"}
    assert {n[2] for n in forbidden} == {"target"}
    # The findings are notes only: the file reads back as the beads of the alignment.
    beads = read_beads(report)
    assert len(beads) == len(units) and all(b.similarity is not None for b in beads)
    assert any("何立峰表示" in b.zh and "Ho Li-feng" in b.en for b in beads)


def test_translate_toolkit_sees_the_findings_as_notes(tmp_path):
    from translate.storage import xliff

    aligned = clean_tsv(tmp_path / "clean.tsv")
    aligned.write_text(aligned.read_text(encoding="utf-8").replace("He Lifeng", "Ho Li-feng"),
                       encoding="utf-8")
    report = tmp_path / "report.xlf"
    assert run("-g", NAMES, aligned, "-o", report)[0] == 1
    store = xliff.xlifffile.parsestring(report.read_bytes())
    units = [u for u in store.units if not u.isheader()]
    assert units[0].getnotes("aligner-check") == ""
    assert units[1].getnotes("aligner-check").startswith("forbidden: ")
    assert "Ho Li-feng" in units[1].getnotes("aligner-check")


def test_an_xliff2_file_from_a_cat_tool_is_checked(tmp_path):
    xlf = tmp_path / "from_tool.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" '
        'trgLang="en-US"><file id="f1"><unit id="1"><segment><source>双方在吉隆坡举行会谈。'
        '</source><target>The two sides held talks in <pc id="1">Kuala Lumpur</pc>.</target>'
        '</segment><segment><source>何立峰表示满意。</source><target>Ho Li-feng expressed '
        "satisfaction.</target></segment></unit></file></xliff>\n", encoding="utf-8")
    code, out, _ = run("-g", NAMES, xlf, "--format", "json")
    assert code == 1
    [finding] = json.loads(out)
    assert (finding["check"], finding["bead"], finding["found"]) == ("forbidden", 2, "Ho Li-feng")


def test_a_hostile_or_broken_xliff_is_exit_2_with_one_line(tmp_path):
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaa">]>'
                    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0">'
                    "<file id='f'><unit id='u'><segment><source>&a;</source></segment></unit>"
                    "</file></xliff>", encoding="utf-8")
    broken = tmp_path / "broken.xlf"
    broken.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0">'
                      "<file id='f'><unit id='u'><segment><source>甲</segment>", encoding="utf-8")
    for path, problem in ((bomb, "declares XML entities"), (broken, "is not well-formed XML")):
        code, out, err = run("-g", NAMES, path)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and str(path) in err and problem in err
