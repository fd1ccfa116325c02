"""The house keeps its shape: pure layers import no pygame, and imports only point downwards.

ui -> app -> content / games / progress -> i18n / paths. games may read the content model (the
specs it plays), never the other way round; screens never import each other (the flow module
decides where to go next).
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "learnsocial"
PURE = ["learnsocial.content", "learnsocial.progress", "learnsocial.games", "learnsocial.app",
        "learnsocial.i18n", "learnsocial.paths"]
BASE = {"learnsocial", "learnsocial.errors", "learnsocial.paths", "learnsocial.i18n",
        "learnsocial.atomicfile", "learnsocial.voices"}
# layer -> the layers it may import (its own always allowed)
ALLOWED = {
    "base": {"base"},
    "content": {"base"},
    "games": {"base", "content"},
    "progress": {"base"},
    "config": {"base", "progress"},
    "app": {"base", "content", "games", "progress", "config"},
    "ui": {"base", "content", "games", "progress", "config", "app"},
    "cli": {"base", "content", "games", "progress", "config", "app", "ui"},
}
SCENE_USERS = {"learnsocial.ui.flow", "learnsocial.ui.demo"}  # who may import the scenes


def layer_of(module: str) -> str:
    if module in BASE:
        return "base"
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in ("content", "games", "progress", "app", "ui", "config"):
        return top
    if top in ("cli", "hr_commands", "__main__"):
        return "cli"
    raise AssertionError(f"{module} belongs to no layer: add it to the layer map")


def internal_imports(path: Path, module: str) -> set[str]:
    """Every learnsocial module a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative import
                base = ".".join(module.split(".")[:-node.level] + [node.module])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "learnsocial"}


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts}
    graph = {}
    for module, path in modules.items():
        # "from learnsocial.ui import theme" names a module; "from x import Name" a name
        graph[module] = {name for name in internal_imports(path, module)
                         if name in modules or name.rsplit(".", 1)[0] in modules}
        graph[module] = {name if name in modules else name.rsplit(".", 1)[0]
                         for name in graph[module]}
    return graph


def violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, imported in graph.items():
        mine = layer_of(module)
        for other in imported:
            if other == module or other == "learnsocial":
                continue
            theirs = layer_of(other)
            if theirs != mine and theirs not in ALLOWED[mine]:
                found.append(f"{module} ({mine}) imports {other} ({theirs})")
            if other.startswith("learnsocial.ui.scenes.") and module.startswith(
                    "learnsocial.ui.") and module not in SCENE_USERS:
                found.append(f"{module} imports the screen {other}: let the flow decide")
    return sorted(found)


def test_imports_only_point_downwards():
    assert violations(import_graph()) == []


@pytest.mark.parametrize("edge", [
    ("learnsocial.content.loader", "learnsocial.games.registry"),
    ("learnsocial.progress.store", "learnsocial.app.session"),
    ("learnsocial.games.gallery", "learnsocial.ui.theme"),
    ("learnsocial.ui.scenes.results", "learnsocial.ui.scenes.test"),
    ("learnsocial.app.session", "learnsocial.ui.app"),
])
def test_the_layer_check_catches_a_planted_import(edge):
    graph = import_graph()
    module, planted = edge
    graph[module] = graph[module] | {planted}
    assert any(module in line and planted in line for line in violations(graph))


@pytest.mark.parametrize("package", PURE)
def test_pure_package_imports_no_pygame(package):
    code = (
        "import importlib, pkgutil, sys\n"
        f"root = importlib.import_module('{package}')\n"
        "for info in pkgutil.walk_packages(getattr(root, '__path__', []), root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'pygame' or m.startswith('pygame.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} pulled in {out.stdout.strip()}"
