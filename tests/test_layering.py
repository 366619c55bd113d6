"""The architecture's promise, checked on the source: only the MkDocs adapter imports MkDocs
(another engine means another adapter over the same core), and every adapter module does
(engine-neutral code does not hide in it)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "newsarchive"
ADAPTER = PACKAGE / "mkdocs_plugin"


def _imports_mkdocs(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
            return True
    return False


def test_only_the_adapter_imports_mkdocs() -> None:
    core = [p for p in PACKAGE.rglob("*.py") if ADAPTER not in p.parents]
    assert len(core) > 50
    assert [str(p.relative_to(PACKAGE)) for p in core if _imports_mkdocs(p)] == []


def test_every_adapter_module_imports_mkdocs() -> None:
    modules = [p for p in ADAPTER.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) >= 5
    assert [p.name for p in modules if not _imports_mkdocs(p)] == []
