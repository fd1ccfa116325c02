"""Where content, assets, translations and progress data live.

From a checkout the course sits at the top of the repository; an installed wheel carries a copy
under ``learnsocial/_data``. Progress data goes to the user data directory unless overridden.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

APP_NAME = "LearnSocial"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    return _PACKAGE_DIR / "_data" / name


def content_dir(override: str | os.PathLike | None = None) -> Path:
    """The course directory: --content, then LEARNSOCIAL_CONTENT, then the shipped course."""
    chosen = override or os.environ.get("LEARNSOCIAL_CONTENT")
    return Path(chosen).expanduser() if chosen else _resource_dir("chapters")


def assets_dir(content: Path | None = None) -> Path:
    """Portraits and other art: a course's own assets/ folder if it has one, else ours."""
    if content is not None and (Path(content) / "assets").is_dir():
        return Path(content) / "assets"
    return _resource_dir("assets")


def locales_dir() -> Path:
    return _resource_dir("locales")


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """Progress data: --data-dir, then LEARNSOCIAL_DATA_DIR, then the user data directory."""
    chosen = override or os.environ.get("LEARNSOCIAL_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir  # not loaded by commands that keep no data

    return Path(user_data_dir(APP_NAME, appauthor=False))


@cache
def font_path(bold: bool = False) -> Path:
    """Noto Sans as shipped by pygame_gui: covers å ä ö ü ß é and typographic quotes.
    Looked up once (finding the package stats every folder on sys.path)."""
    import importlib.util

    spec = importlib.util.find_spec("pygame_gui")  # located, not imported: it pulls in pygame
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pygame_gui is not installed; it provides the Noto Sans font")
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return Path(spec.submodule_search_locations[0]) / "data" / name
