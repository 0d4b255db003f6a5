"""A wheel install behaves exactly like the editable one: the shipped glossaries are package
data, found from any working directory."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_50897b66f031bdf8.txt"


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the built wheel installed. Its dependencies are this interpreter's:
    a ``.pth`` file puts this interpreter's site-packages after the venv's own, so the
    wheel comes first and everything else (a fresh download of the dependencies would take
    minutes) is shared. Not ``system_site_packages``: that is the base Python's, not this
    interpreter's when it is itself a venv (as the README's install makes)."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(base / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    wheels = list((base / "dist").glob("aligner-*.whl"))
    assert len(wheels) == 1
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                              check=True, capture_output=True, text=True).stdout.strip()
    (Path(own_site) / "_shared_dependencies.pth").write_text(
        "".join(f"{path}\n" for path in _site_packages()), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheels[0])], check=True, capture_output=True)
    return env_dir


def _site_packages() -> list[str]:
    """Where this interpreter finds installed packages: its site-packages (a venv's own
    when it is one, the system's when that venv includes them) and the user's."""
    paths = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        paths.append(site.getusersitepackages())
    return [path for path in paths if os.path.isdir(path)]


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run([str(python), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.slow
def test_the_wheel_holds_the_shipped_glossaries(wheel_env: Path, tmp_path: Path):
    python = wheel_env / "bin" / "python"
    code = ("import aligner, aligner.glossary as g; print(aligner.__file__); "
            "print(*[p.name for p in g.shipped_glossaries()])")
    out = _run(python, "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    location, names = out.stdout.splitlines()
    assert Path(location).is_relative_to(wheel_env), "the wheel, not the checkout, was imported"
    assert names.split() == sorted(p.name for p in (ROOT / "glossaries").glob("*.tsv"))


@pytest.mark.slow
def test_glossary_from_the_wheel_equals_the_editable_one(wheel_env: Path, tmp_path: Path):
    command = ("from aligner.cli import main; main()", "glossary", "-q", str(SEED))
    from_wheel = _run(wheel_env / "bin" / "python", "-c", *command, cwd=tmp_path)
    editable = _run(Path(sys.executable), "-c", *command, cwd=ROOT)
    assert from_wheel.returncode == editable.returncode == 0, from_wheel.stderr
    assert from_wheel.stdout == editable.stdout
    assert "对等关税" in from_wheel.stdout
