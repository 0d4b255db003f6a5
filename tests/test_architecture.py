"""The layout: layers that only point down, no import cycle, and a light ``import aligner``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "aligner"

# Each module's layer; a module may import only from lower layers and from its own package.
# text → segments → paragraph pairs → embeddings → alignment → glossary / check → formats,
# composed by the pipeline, under the command line.
LAYERS = {
    "aligner._version": 0, "aligner.errors": 0, "aligner.progress": 0,
    "aligner.registry": 1, "aligner.records": 1,
    "aligner.signature": 1,  # what made an output (version, model, weights, settings)
    "aligner.text": 2, "aligner.output": 2, "aligner.segment": 2, "aligner.lexicon": 2,
    "aligner.dictionary": 2.5,  # CC-CEDICT, read through the lexicon's stems
    "aligner.evaluation": 2,
    "aligner.embed": 3, "aligner.formats": 3, "aligner.documents": 3,
    "aligner.alignment": 4,
    "aligner.paragraphs": 5,
    # embedding, blocks, left-out sentences, aligning a block or a stretch: for every command
    "aligner.engine": 5.5,
    "aligner.glossary": 6, "aligner.check": 6,
    "aligner.provenance": 6.5,  # an output's signature, from the encoder and the weights
    "aligner.pipeline": 7,
    "aligner.review": 7.5,
    "aligner.batch": 7.5,  # many documents: the pipeline's align, on processes or a cluster
    "aligner.cli": 8, "aligner.__main__": 9,
    "aligner": 9,
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """Every aligner module ``name`` imports, at the top or inside functions.

    ``from package import submodule`` is an edge to the submodule alone.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in modules else base)
    return {m for m in found if m == "aligner" or m.startswith("aligner.")}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(name, path, set(modules))
                       if m in modules and m != name}
    return graph


def _layer(module: str) -> tuple[str, int]:
    best = max((prefix for prefix in LAYERS
                if module == prefix or module.startswith(prefix + ".")), key=len)
    return best, LAYERS[best]


def test_every_module_has_a_layer():
    for name in _modules():
        assert _layer(name)


def test_layers_only_point_down():
    wrong = []
    for importer, imported in _graph().items():
        owner, rank = _layer(importer)
        for module in imported:
            target, target_rank = _layer(module)
            if importer == "aligner" or target == owner:
                continue
            if target_rank >= rank:
                wrong.append(f"{importer} → {module}")
    assert not wrong, "imports that point up or sideways: " + ", ".join(sorted(wrong))


def test_no_import_cycle():
    graph = _graph()
    # The package's __init__ re-exports lazily; an edge into it is an edge to its children.
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == "aligner":
                continue
            if state.get(nxt) == 1:
                cycle.extend([*trail[trail.index(nxt):], node, nxt] if nxt in trail
                             else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    for node in sorted(graph):
        if state.get(node) is None and visit(node, []):
            break
    assert not cycle, " → ".join(cycle)


def test_the_cycle_finder_finds_a_cycle(monkeypatch):
    import tests.test_architecture as me

    monkeypatch.setattr(me, "_graph", lambda: {"a": {"b"}, "b": {"c"}, "c": {"a"}})
    try:
        me.test_no_import_cycle()
    except AssertionError as caught:
        assert "a" in str(caught) and "c" in str(caught)
    else:
        raise AssertionError("a → b → c → a went unnoticed")


def test_only_the_engine_aligns_sentences():
    """One engine assembles the alignment for every command (align, check, batch, glossary,
    review): nothing else wires ``align_sentences`` up, so that no second copy of what goes
    into it (vectors, clauses, the length ratio, blocks, left-out sentences) can drift.
    The paragraph step, below the engine, aligns paragraphs (and the sentences of a stretch
    whose paragraphs it cannot pair) to make the blocks the engine aligns."""
    allowed = {"aligner.engine", "aligner.paragraphs"}
    found = set()
    for name, path in _modules().items():
        if name == "aligner.alignment" or name.startswith("aligner.alignment."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            imported = isinstance(node, ast.ImportFrom) and \
                any(a.name == "align_sentences" for a in node.names)
            called = isinstance(node, ast.Attribute) and node.attr == "align_sentences"
            if imported or called:
                found.add(name)
    assert found - allowed == set(), f"align_sentences wired up outside the engine: {found}"
    assert "aligner.engine" in found


def test_only_the_command_line_imports_click():
    for name, path in _modules().items():
        if name.startswith("aligner.cli") or name == "aligner.__main__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                assert not any(n.split(".")[0] == "click" for n in names), name


def test_import_aligner_loads_no_xml_click_or_numpy():
    code = ("import sys, aligner; print(' '.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('xml', 'click', 'numpy', 'defusedxml'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []
    # The public calls are there all the same, loaded on first use.
    code = "import aligner; print(aligner.align.__module__, aligner.Bead.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["aligner.pipeline", "aligner.records"]
