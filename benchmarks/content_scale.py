"""Loading and validating the course, and generated courses up to 20 times larger.

The time per chapter file should stay flat (linear growth). Run: python benchmarks/content_scale.py
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learnsocial.content.loader import chapter_folders, load_course  # noqa: E402
from learnsocial.content.validation import validate_course  # noqa: E402
from learnsocial.paths import assets_dir, content_dir  # noqa: E402


def grow(source: Path, target: Path, factor: int) -> int:
    """Copy the course `factor` times over, with new folder names and chapter ids."""
    shutil.copytree(source / "course", target / "course")
    count = 0
    for copy in range(factor):
        for folder in chapter_folders(source):
            count += 1
            name = f"{count:02d}-{folder.name[3:]}-{copy}" if count < 100 else \
                f"{count % 100:02d}-{folder.name[3:]}-{copy}-{count}"
            destination = target / name
            destination.mkdir()
            for path in folder.glob("*.yaml"):
                text = path.read_text(encoding="utf-8")
                first, rest = text.split("\n", 1)
                destination.joinpath(path.name).write_text(f"{first}-{copy}-{count}\n{rest}",
                                                           encoding="utf-8")
    return count


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    source = content_dir()
    print(f"{'course':>8} {'chapters':>9} {'files':>6} {'validate s':>11} {'load s':>8} "
          f"{'ms per file':>12}")
    baseline = None
    for factor in (1, 5, 20):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            chapters = grow(source, root, factor)
            files = len(list(root.glob("[0-9][0-9]-*/*.yaml")))
            validate = min(timed(lambda: validate_course(root, assets_dir())) for _ in range(3))
            load = min(timed(lambda: load_course(root, "de", assets_dir())) for _ in range(3))
        per_file = validate / files * 1000
        baseline = baseline or per_file
        print(f"{'x' + str(factor):>8} {chapters:>9} {files:>6} {validate:>11.3f} {load:>8.3f} "
              f"{per_file:>12.2f}  ({per_file / baseline:.2f}x the per-file time of x1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
