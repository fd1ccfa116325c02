"""Build hook: ship the course, assets and translations inside the wheel.

The content lives at the top of the repository (chapters/, assets/, locales/) so authors find it;
an installed wheel carries a copy under learnsocial/_data/.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT_DIRS = ("chapters", "assets", "locales")


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "learnsocial" / "_data"
        for name in CONTENT_DIRS:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
        self._compile_catalogs(target / "locales")

    @staticmethod
    def _compile_catalogs(locales: Path) -> None:
        """Compiled .mo files in the wheel, so an installed copy needs no compiling."""
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in locales.glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as handle:
                catalog = read_po(handle)
            with po.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithContent})
