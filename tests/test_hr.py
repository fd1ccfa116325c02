"""HR commands: exports in every format, filters, employees, erase, merge, bad input."""
import csv
import io
import json

import pytest

from learnsocial.cli import main
from learnsocial.progress.records import AnswerRecord, Attempt
from learnsocial.progress.store import ProgressStore


@pytest.fixture
def data(tmp_path):
    store = ProgressStore(tmp_path / "data")
    store.sign_in("e-1", "Anna Svensson")
    store.sign_in("e-2", "=HYPERLINK(\"http://evil\")")
    store.save_position("e-1", "social-digital-workplace", "welcome", 30)
    store.record_attempt(Attempt(
        Attempt.new_id(), "e-1", "social-digital-workplace", "gallery",
        "2026-11-20T09:00:00+00:00", "2026-11-20T09:05:00+00:00",
        [AnswerRecord("origin", "microsoft", True, 3.0, 150)], 1.0, 150, True))
    return tmp_path / "data"


def run(*args):
    return main([*args])


def test_csv_has_bom_columns_and_neutralised_formulas(data, tmp_path, capsys):
    out = tmp_path / "report.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--lang", "en") == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == ["employee_id", "display_name", "department", "chapter_id",
                             "chapter_title", "status", "started_at", "completed_at",
                             "best_score", "points", "attempts", "time_spent_s"]
    assert len(rows) == 2 * 6, "every employee x every chapter"
    anna = next(r for r in rows if r["employee_id"] == "e-1"
                and r["chapter_id"] == "social-digital-workplace")
    assert anna["status"] == "completed" and anna["best_score"] == "1.0"
    # time spent = 30 s of dialogue + the 5 minutes of the test
    assert anna["points"] == "150" and anna["attempts"] == "1" and anna["time_spent_s"] == "330.0"
    evil = next(r for r in rows if r["employee_id"] == "e-2")
    assert evil["display_name"].startswith("'=")
    assert "12 rows written" in capsys.readouterr().out


def test_csv_delimiter_and_filters(data, tmp_path):
    out = tmp_path / "report.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--delimiter", ";", "--status", "completed") == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].count(";") == 11 and len(lines) == 2
    # A row's day is when the chapter was completed (or, if not yet, started).
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--since", "2026-11-20", "--until", "2026-11-20") == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 2
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--since", "2026-11-21") == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--until", "2026-11-19") == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--chapter", "social-business") == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3


def test_json_xlsx_html(data, tmp_path):
    from openpyxl import load_workbook

    assert run("export", "--format", "json", "--out", str(tmp_path / "r.json"),
               "--data-dir", str(data)) == 0
    rows = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(rows) == 12 and rows[0]["employee_id"] == "e-1"
    assert run("export", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"),
               "--data-dir", str(data), "--lang", "de") == 0
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Personalnummer" and sheet["A1"].font.bold
    completed = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[7]]
    assert completed and completed[0][7].year == 2026  # a real date, not text
    assert run("export", "--format", "html", "--out", str(tmp_path / "r.html"),
               "--data-dir", str(data)) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "Anna Svensson" in page and "<script" not in page


@pytest.mark.parametrize("args, message", [
    (["export", "--format", "csv", "--out", "/no/such/dir/x.csv"], "folder does not exist"),
    (["export", "--format", "csv", "--out", "x.csv", "--since", "yesterday"],
     "'yesterday' is not a date"),
    (["export", "--format", "csv", "--out", "x.csv", "--chapter", "nope"], "no chapter"),
    (["employees", "show", "nobody"], "no employee with the id 'nobody'"),
    (["employees", "erase", "nobody", "--yes"], "no employee"),
])
def test_bad_input_is_one_line_and_exit_1(data, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert run(*args, "--data-dir", str(data)) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_unreadable_data_directory(tmp_path, capsys):
    assert run("employees", "list", "--data-dir", str(tmp_path / "missing")) == 1
    assert "no progress data" in capsys.readouterr().err


def test_employees_list_show_and_erase(data, capsys):
    assert run("employees", "list", "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    assert "e-1\tAnna Svensson" in out and "1 chapter completed" in out
    assert run("employees", "show", "e-1", "--data-dir", str(data)) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["employee"]["display_name"] == "Anna Svensson"
    assert shown["attempts"][0]["answers"][0]["item_id"] == "origin"
    assert "statements" in shown  # the xAPI outbox is part of an access request too
    assert run("employees", "erase", "e-1", "--data-dir", str(data)) == 1  # no terminal: asks
    assert ProgressStore(data).employee("e-1")
    assert run("employees", "erase", "e-1", "--yes", "--data-dir", str(data)) == 0
    assert ProgressStore(data).employee("e-1") is None


def test_merge_command(data, tmp_path, capsys):
    other = ProgressStore(tmp_path / "other")
    other.sign_in("e-7", "Cem")
    other.record_attempt(Attempt(Attempt.new_id(), "e-7", "social-business", "sorting",
                                 "2026-11-21T09:00:00+00:00", "2026-11-21T09:05:00+00:00", [],
                                 0.9, 400, True))
    assert run("merge", str(tmp_path / "other"), "--data-dir", str(data)) == 0
    assert run("merge", str(tmp_path / "other"), "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    assert "1 employees, 1 new attempts merged" in out and "0 new attempts" in out
    assert ProgressStore(data).progress("e-7")["social-business"].status == "completed"
    assert run("merge", str(tmp_path / "nowhere"), "--data-dir", str(data)) == 1
