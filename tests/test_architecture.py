"""The layout keeps its rule: the import contracts (pyproject's ``[tool.importlinter]``)
hold, and they fail when a bad import is planted; no module grows past 400 lines; the
law and the domain never ask the clock or the environment."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "jobrotation"
LINT = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env={"PYTHONPATH": str(root / "src"), "PATH": ""},
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source tree and the contracts, in a place where a test may break them."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(SRC, root / "src" / "jobrotation",
                    ignore=shutil.ignore_patterns("__pycache__", "*.html", "static"))
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def plant(root: Path, module: str, line: str) -> Path:
    path = root / "src" / "jobrotation" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return path


def test_the_tree_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("law/routes.py", "import jobrotation.services.store", "Imports point down"),
    ("domain/units.py", "import jobrotation.adapters.crypto", "Imports point down"),
    ("entrypoints/web/pages.py", "import jobrotation.entrypoints.cli",
     "Entry points never import each other"),
    ("entrypoints/web/pages.py", "import jobrotation.adapters.tables",
     "Entry points never read the tables"),
    ("law/case.py", "import sqlalchemy", "The law and the domain import no framework"),
])
def test_a_planted_bad_import_breaks_its_contract(copy: Path, module: str, line: str,
                                                  contract: str):
    path = copy / "src" / "jobrotation" / module
    original = path.read_text(encoding="utf-8")
    try:
        plant(copy, module, line)
        result = lint(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
    assert module.replace("/", ".").removesuffix(".py") in broken


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if "migrations" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


CLOCK_AND_ENVIRONMENT = {("date", "today"), ("datetime", "now"), ("datetime", "today"),
                         ("datetime", "utcnow"), ("time", "time"), ("os", "environ"),
                         ("os", "getenv")}


def _asks(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name | ast.Attribute):
            owner = node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id
            if (owner, node.attr) in CLOCK_AND_ENVIRONMENT:
                found.append(f"{owner}.{node.attr} (l.{node.lineno})")
    return found


@pytest.mark.parametrize("package", ["law", "domain"])
def test_the_core_never_asks_the_clock_or_the_environment(package: str):
    asks = {str(p.relative_to(SRC)): found for p in (SRC / package).rglob("*.py")
            if (found := _asks(ast.parse(p.read_text(encoding="utf-8"))))}
    assert asks == {}


def test_the_clock_check_finds_what_it_looks_for():
    assert _asks(ast.parse("import datetime as dt\nx = dt.date.today()\n")) == [
        "date.today (l.2)"]
    assert _asks(ast.parse("import os\nx = os.environ['A']\n")) == ["os.environ (l.2)"]
