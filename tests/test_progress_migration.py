"""Upgrading a schema 1 folder (64 summary shards, learners/ID-CRC.json, .bakN copies) to the
current layout. tests/fixtures/store_v1 was written by the old store's own code
(tests/fixtures/make_store_v1.py)."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from learnsocial.progress.migrations import SCHEMA_VERSION
from learnsocial.progress.store import FutureVersionError, ProgressStore

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "store_v1"


@pytest.fixture
def old(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file but the lock (which any writable open takes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != "store.lock"}


def test_the_fixture_is_in_the_old_layout():
    meta = json.loads((FIXTURE / "meta.json").read_text())
    assert meta["_schema"] == 1 and meta["meta"]["1"]["shards"] == 64
    shards = list((FIXTURE / "summary").glob("[0-9][0-9].json"))
    assert shards and all(json.loads(p.read_text())["_schema"] == 1 for p in shards)
    names = {p.name for p in (FIXTURE / "learners").iterdir()}
    assert {"EMP-006-664562c0.json", "emp-006-6f95716e.json"} <= names, "two cases, two files"


def test_an_old_folder_is_upgraded_on_open(old):
    store = ProgressStore(old)
    (notice,) = store.notices
    assert "e-2-59a0dbb6.json was damaged" in notice and "bak1 was used" in notice
    assert [(e.employee_id, e.display_name) for e in store.employees()] == [
        ("e-2", "Bo Berg"), ("e-3", "Cem Yilmaz"), ("EMP-006", "Anna S.")]
    anna = store.employee("emp-006")
    assert anna.language == "de" and anna.created_at == "2026-11-20T09:02:00+00:00"
    assert store.employee("EMP-006") == anna, "one person, whatever the case"
    assert sorted(a.attempt_id for a in store.attempts("Emp-006")) == [
        "EMP-006-c1-1", "EMP-006-c1-2", "emp-006-c2-3"], "the attempts of both cases kept"
    assert {a.employee_id for a in store.attempts("emp-006")} == {"EMP-006"}
    progress = store.progress("emp-006")
    one, two = progress["c1"], progress["c2"]
    assert (one.status, one.attempts, one.best_score, one.scene_id) == ("completed", 2, 0.9, "s4")
    assert one.time_spent_s == 30.0 + 12.5 + 2 * 40.0, "dialogue of both cases + test time"
    assert (two.status, two.time_spent_s) == ("completed", 20.0 + 40.0)
    statements = store.statements("emp-006")
    assert [s["id"][-1] for s in statements] == ["1", "2", "3", "4", "5"]
    unsent = [s["id"][-1] for e, s in store.unsent_statements() if e == "EMP-006"]
    assert unsent == ["2", "3", "4", "5"], "the one sent before stays sent"
    bo = store.progress("e-2")["c1"]
    assert (bo.status, bo.attempts, bo.best_score) == ("completed", 2, 0.95), \
        "the summary's figures are kept where the restored backup lacks an attempt"
    assert [a.attempt_id for a in store.attempts("e-2")] == ["e-2-c1-4"]
    cem = store.progress("e-3")["c1"]
    assert (cem.status, cem.attempts, cem.best_score) == ("completed", 1, 1.0), \
        "a completion whose learner file was lost is kept"
    assert cem.completed_at == "2026-11-20T10:06:40+00:00"
    assert store.all_progress()["EMP-006"] == progress


def test_the_old_files_are_gone_and_damaged_ones_kept(old):
    ProgressStore(old)
    assert not (old / "summary").exists() and not (old / "learners").exists()
    assert sorted(p.name for p in (old / "v1-damaged").iterdir()) == [
        "learners-e-2-59a0dbb6.json", "learners-e-2-59a0dbb6.json.corrupt-20261119T080000Z"]
    meta = json.loads((old / "meta.json").read_text())
    assert meta["_schema"] == SCHEMA_VERSION and meta["meta"]["1"]["layout"] == 2
    for path in (old / "people").rglob("*@*.json.gz"):
        assert json.loads(gzip.decompress(path.read_bytes()))["_schema"] == SCHEMA_VERSION


def test_an_upgraded_folder_opens_again_without_news_and_takes_writes(old):
    first = ProgressStore(old)
    expected = first.all_progress()
    again = ProgressStore(old)
    assert again.all_progress() == expected and again.recovery_notice is None
    person, returning = again.sign_in("emp-006", "")
    assert returning and person.employee_id == "EMP-006" and person.display_name == "Anna S."
    again.save_position("EMP-006", "c3", "u1", 5.0)
    versions = sorted(p.name for p in (old / "people").rglob("emp-006@*.json.gz"))
    assert versions == ["emp-006@1.json.gz", "emp-006@3.json.gz"], \
        "the upgraded version is kept as the backup of the first session after it"


def test_a_read_only_old_folder_is_read_in_memory_and_left_untouched(old):
    before = tree(old)
    reader = ProgressStore(old, read_only=True)
    assert reader.read_only
    assert [e.employee_id for e in reader.employees()] == ["e-2", "e-3", "EMP-006"]
    assert reader.progress("emp-006")["c1"].status == "completed"
    assert tree(old) == before and not (old / "store.lock").exists()


def test_merge_from_an_old_folder(old, tmp_path):
    home = ProgressStore(tmp_path / "home")
    home.sign_in("emp-006", "Anna")
    result = home.merge_from(ProgressStore(old, read_only=True))
    assert result.employees == 3 and result.attempts == 4 and result.refused == ()
    assert home.progress("EMP-006")["c1"].attempts == 2
    assert home.employee("emp-006").employee_id == "EMP-006", "the earliest created form"


def test_erasing_after_an_upgrade_removes_the_damaged_old_copies_too(old):
    store = ProgressStore(old)
    store.erase_employee("E-2")
    assert not (old / "v1-damaged").exists() or not any((old / "v1-damaged").iterdir())
    for path in old.rglob("*"):
        if path.is_file():
            data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else \
                path.read_bytes()
            assert b"Bo Berg" not in data, path


@pytest.mark.parametrize("meta", [{"schema": 7}, {"_schema": 99, "meta": {"1": {"shards": 64}}}])
def test_an_old_folder_from_a_newer_version_is_refused_untouched(old, meta):
    (old / "meta.json").write_text(json.dumps(meta))
    before = tree(old)
    with pytest.raises(FutureVersionError, match="newer version") as raised:
        ProgressStore(old)
    assert "\n" not in str(raised.value)
    assert tree(old) == before


def test_an_old_folder_with_a_damaged_meta_file_is_upgraded(old):
    (old / "meta.json").write_bytes(b"\x00garbage")
    store = ProgressStore(old)
    assert [e.employee_id for e in store.employees()] == ["e-2", "e-3", "EMP-006"]
