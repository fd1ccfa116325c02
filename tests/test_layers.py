"""The pure layers never import pygame: checked in a fresh interpreter."""
import subprocess
import sys

import pytest

PURE = ["learnsocial.content", "learnsocial.progress", "learnsocial.games", "learnsocial.i18n",
        "learnsocial.paths"]


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
