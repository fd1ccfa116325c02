"""High contrast works everywhere because every colour a view draws comes from the theme."""
import ast
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "learnsocial" / "ui"
VIEWS = [*sorted((UI / "scenes").glob("*.py")), *sorted((UI / "games").glob("*.py")),
         UI / "widgets.py", UI / "badge_art.py", UI / "icons.py", UI / "app.py"]
COLOUR_CALLS = {"rect", "circle", "line", "lines", "polygon", "ellipse", "arc", "fill", "panel",
                "text", "block", "gradient", "render", "check_mark", "cross_mark", "set_at",
                "focus_ring", "aaline", "aalines"}


def colour_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Tuple) and len(node.elts) in (3, 4) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, int) and 0 <= e.value <= 255
        for e in node.elts)


def literals_in(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in COLOUR_CALLS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    if colour_literal(arg):
                        found.append(f"{name}:{node.lineno}: {ast.unparse(arg)}")
        if isinstance(node, ast.Assign) and colour_literal(node.value) and any(
                isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            found.append(f"{name}:{node.lineno}: {ast.unparse(node.value)}")
    return found


def test_views_draw_only_theme_colours():
    found = []
    for path in VIEWS:
        found += literals_in(path.read_text(encoding="utf-8"), path.name)
    assert found == []


def test_the_colour_check_catches_a_planted_literal():
    planted = ("import pygame\nRED = (200, 0, 0)\n"
               "def f(s, r):\n    pygame.draw.rect(s, (1, 2, 3), r)\n")
    assert len(literals_in(planted, "planted.py")) == 2
