"""An older revision of the code, unpacked into a folder, so a benchmark can time it against the
working tree in the same run, turn by turn (the machine's load then falls on both alike)."""
from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def checkout(revision: str) -> Iterator[Path]:
    """The tree of `revision` (e.g. HEAD~3, main) in a temporary folder, without touching the
    repository's branches, index or worktrees (git archive)."""
    with tempfile.TemporaryDirectory(prefix="learnsocial-baseline-") as tmp:
        archive = Path(tmp) / "tree.tar"
        subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), revision],
                       cwd=ROOT, check=True)
        tree = Path(tmp) / "tree"
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
        yield tree
