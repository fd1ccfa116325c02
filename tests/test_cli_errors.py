"""The command line at its edges (issue 16): erase says what it could not reach, merge refuses
erased people one line each, exports are all or nothing, XLSX takes any name, demo checks the
pictures it wrote, damage repaired is told once, a bug still ends in one line."""
import errno
import json
import os
from pathlib import Path

import pygame
import pytest

from learnsocial import cli
from learnsocial.cli import main
from learnsocial.progress import report
from learnsocial.progress.records import AnswerRecord, Attempt
from learnsocial.progress.store import ProgressStore


def attempt(employee_id: str, n: int = 0) -> Attempt:
    stamp = f"2026-11-20T09:0{n}:00+00:00"
    return Attempt(Attempt.new_id(), employee_id, "hello", "gallery", stamp, stamp,
                   [AnswerRecord("q1", "a", True, 3.0, 150)], 1.0, 150, True)


def statement(n: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}",
            "timestamp": f"2026-11-20T09:00:{n:02d}+00:00"}


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    store = ProgressStore(folder)
    store.sign_in("e-1", "Anna Svensson")
    store.record_attempt(attempt("e-1"), [statement(n) for n in range(5)])
    return folder


def test_erase_counts_what_an_lrs_already_has_and_names_what_it_cannot_reach(data, capsys):
    store = ProgressStore(data)
    store.mark_sent("e-1", [statement(n)["id"] for n in range(3)])  # an LRS took three
    assert main(["employees", "erase", "e-1", "--yes", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "e-1 erased." in out
    assert "3 statements about e-1 were already sent to a Learning Record Store" in out
    assert "Erasing someone from an LRS" in out and "other desktops" in out
    assert ProgressStore(data).employee("e-1") is None


def test_erase_of_someone_never_sent_says_nothing_about_an_lrs(data, capsys):
    assert main(["employees", "erase", "e-1", "--yes", "--data-dir", str(data)]) == 0
    assert "Learning Record Store" not in capsys.readouterr().out


def test_merge_names_each_erased_person_on_a_line_of_its_own(tmp_path, capsys):
    source, here = ProgressStore(tmp_path / "desktop"), ProgressStore(tmp_path / "hr")
    people = [f"e-{n:03d}-with-a-rather-long-id" for n in range(60)]
    for employee_id in people:
        source.sign_in(employee_id, "Someone")
        here.sign_in(employee_id, "Someone")
        here.erase(employee_id)
    source.sign_in("e-new", "Nina New")
    assert main(["merge", str(tmp_path / "desktop"), "--data-dir", str(tmp_path / "hr")]) == 0
    lines = capsys.readouterr().err.splitlines()
    refused = [line for line in lines if "was erased here and is not brought back" in line]
    assert len(refused) == 60 and all(len(line) < 200 for line in lines)
    assert {line.split(": ")[1].split(" was")[0] for line in refused} == set(people)
    assert [e.employee_id for e in ProgressStore(tmp_path / "hr").employees()] == ["e-new"]


def test_xlsx_takes_a_name_with_control_characters(tmp_path):
    from openpyxl import load_workbook

    store = ProgressStore(tmp_path / "data")
    store.sign_in("e-1", "Anna\x00Svens\x07son")
    out = tmp_path / "report.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--data-dir",
                 str(tmp_path / "data")]) == 0
    rows = load_workbook(out)["Employees"].iter_rows(min_row=2, values_only=True)
    names = {row[1] for row in rows}
    assert names == {"AnnaSvensson"}


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "html"])
def test_a_failed_export_leaves_the_old_file_and_no_other(data, tmp_path, monkeypatch, fmt,
                                                          capsys):
    out = tmp_path / f"report.{fmt}"
    out.write_text("the export of last week")

    def half_then_fail(*args, **_options):
        path = next(a for a in args if isinstance(a, Path))  # html takes its stats first
        path.write_text("half a rep")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, f"write_{fmt}", half_then_fail)
    assert main(["export", "--format", fmt, "--out", str(out), "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and str(out) in err and "No space left" in err
    assert out.read_text() == "the export of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", out.name]


def test_an_export_replaces_the_old_file_keeping_its_permissions(data, tmp_path):
    out = tmp_path / "report.csv"
    out.write_text("old")
    out.chmod(0o640)
    assert main(["export", "--format", "csv", "--out", str(out), "--data-dir", str(data)]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("employee_id")
    assert out.stat().st_mode & 0o777 == 0o640


def test_a_repair_is_told_once_as_a_note(data, capsys):
    (data / "meta.json").write_text("{ damaged")
    assert main(["employees", "list", "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "meta.json" in notes[0] and "nothing was lost" in notes[0]


def test_a_bug_is_still_one_line_and_its_details_go_to_a_log(data, capsys, monkeypatch,
                                                             tmp_path):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)

    def broken(*_args):
        raise KeyError("a bug")

    monkeypatch.setattr("learnsocial.hr_commands.employees", broken)
    assert main(["employees", "list", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unexpected KeyError" in err
    assert "a bug" in (tmp_path / "learnsocial-error.log").read_text()


def test_known_problems_are_not_called_unexpected():
    from learnsocial.progress.storage import StoreError

    assert cli.known_problem(StoreError("x.json: damaged\n at byte 3")) == \
        "x.json: damaged at byte 3"
    assert cli.known_problem(IsADirectoryError(21, "Is a directory", "/tmp/o.csv")) == \
        "/tmp/o.csv: a folder is where a file should be"
    assert cli.known_problem(RecursionError()) == "an input file is nested too deeply"
    assert cli.known_problem(KeyError("a bug")) is None


@pytest.mark.parametrize("language, says", [
    ("en", "the screenshot was not saved"), ("de", "Das Bild wurde nicht gespeichert"),
    ("sv", "bilden sparades inte")])
def test_a_picture_the_disk_had_no_room_for_is_one_error_and_not_left_behind(
        mini_course, tmp_path, monkeypatch, capsys, language, says):
    def half_then_full(path, data):
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    shots = tmp_path / "shots"
    assert main(["demo", "--screenshots", str(shots), "--data-dir", str(tmp_path / "data"),
                 "--content", str(mini_course), "--lang", language]) == 1
    err = capsys.readouterr().err
    told = [line for line in err.splitlines() if "01-title.png" in line]
    assert len(told) == 1 and says in told[0] and "No space left" in told[0], err
    assert not any(shots.iterdir()), "the half-written picture is not left behind"
    pygame.quit()


def test_print_hash_is_a_record_the_site_config_takes(monkeypatch, capsys, tmp_path):
    from learnsocial.config import load_site_config
    from learnsocial.progress import passphrase

    monkeypatch.setattr(passphrase, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    answers = iter(["the new hr phrase", "the new hr phrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["admin", "print-hash"]) == 0
    printed = json.loads(capsys.readouterr().out)
    site = tmp_path / "site.json"
    site.write_text(json.dumps(printed))
    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(site))
    values, _path = load_site_config()
    assert passphrase.verify(tmp_path, "the new hr phrase", values["admin_passphrase_hash"])
