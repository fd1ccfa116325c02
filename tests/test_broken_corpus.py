"""A corpus of broken chapter files: each gives exactly one clear message, never a crash."""
from pathlib import Path

import pytest

from learnsocial.content.loader import read_chapter_file
from learnsocial.content.model import Character
from learnsocial.content.problems import Problems

CORPUS = Path(__file__).resolve().parent / "fixtures" / "broken"
EXPECTED = dict(line.split(":", 1) for line in
                (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines())
CAST = {"maja": Character("maja", "Maja", "Guide", "#1F7A8C", "portraits/maja")}


def messages(path: Path) -> list[str]:
    """Problems as printed; files are named relative to the working directory."""
    problems = Problems()
    read_chapter_file(path, problems, CAST)
    return [str(p) for p in problems.items]


def test_corpus_is_large_and_every_file_has_an_expectation():
    files = {p.name for p in CORPUS.glob("*.yaml")}
    assert len(files) >= 30
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_exactly_the_expected_message(name, monkeypatch):
    monkeypatch.chdir(CORPUS)
    assert messages(CORPUS / name) == [f"{name}:{EXPECTED[name]}"]


def test_file_over_one_megabyte_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "huge.yaml"
    path.write_text("id: x\n" + "# padding\n" * 110_000, encoding="utf-8")
    assert messages(path) == [
        f"huge.yaml:1:1: file is too large ({path.stat().st_size} bytes; the limit is 1 MB)"]
