"""HR commands: exports in every format, filters, the roster, employees, erase, merge, demo
records, bad input."""
import csv
import io
import json

import pytest

from learnsocial.cli import main
from learnsocial.progress.records import AnswerRecord, Attempt
from learnsocial.progress.store import ProgressStore
from tests import hr_data

FIRST = "social-digital-workplace"


@pytest.fixture
def data(tmp_path):
    store = ProgressStore(tmp_path / "data")
    store.sign_in("e-1", "Anna Svensson")
    store.sign_in("e-2", "=HYPERLINK(\"http://evil\")")
    store.save_position("e-1", FIRST, "welcome", 30)
    store.record_attempt(Attempt(
        Attempt.new_id(), "e-1", FIRST, "gallery",
        "2026-11-20T09:00:00+00:00", "2026-11-20T09:05:00+00:00",
        [AnswerRecord("origin", "microsoft", True, 3.0, 150)], 1.0, 150, True))
    return tmp_path / "data"


@pytest.fixture
def roster_data(tmp_path):
    hr_data.build(tmp_path / "hr")
    return tmp_path / "hr"


def run(*args):
    return main([*args])


def read_csv(path, delimiter=","):
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")),
                               delimiter=delimiter))


def test_csv_has_bom_columns_and_neutralised_formulas(data, tmp_path, capsys):
    out = tmp_path / "report.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--lang", "en", "--tz", "UTC") == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = read_csv(out)
    assert list(rows[0]) == ["employee_id", "display_name", "department", "chapter_id",
                             "chapter_title", "status", "started_at", "completed_at",
                             "best_score", "points", "attempts", "time_spent_s", "overdue",
                             "due_date", "manager"]
    assert len(rows) == 2 * 7, "every employee x every chapter, and the course"
    anna = next(r for r in rows if r["employee_id"] == "e-1" and r["chapter_id"] == FIRST)
    assert anna["status"] == "completed" and anna["best_score"] == "1.0"
    assert anna["completed_at"] == "2026-11-20T09:05:00+00:00"
    # time spent = 30 s of dialogue + the 5 minutes of the test
    assert anna["points"] == "150" and anna["attempts"] == "1" and anna["time_spent_s"] == "330.0"
    course = next(r for r in rows if r["employee_id"] == "e-1"
                  and r["chapter_id"] == "social-workplace")
    assert course["status"] == "in_progress" and course["completed_at"] == ""
    evil = next(r for r in rows if r["employee_id"] == "e-2")
    assert evil["display_name"].startswith("'=")
    assert "14 rows written" in capsys.readouterr().out


def test_every_roster_employee_appears_with_failed_overdue_and_course_rows(roster_data,
                                                                           tmp_path):
    out = tmp_path / "r.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(roster_data),
               "--tz", "Europe/Berlin") == 0
    rows = read_csv(out)
    assert len({r["employee_id"] for r in rows}) == 12, "never signed in included, no demo"
    assert len(rows) == 12 * 7
    failed = next(r for r in rows if r["employee_id"] == "E-001"
                  and r["chapter_id"] == "working-on-the-platform")
    assert failed["status"] == "failed" and failed["attempts"] == "2"
    assert failed["overdue"] == "true" and failed["due_date"] == "2026-11-19"
    course = {r["employee_id"]: r for r in rows if r["chapter_id"] == "social-workplace"}
    assert course["E-000"]["status"] == "completed"
    assert course["E-000"]["completed_at"].endswith("+01:00"), "local time with its offset"
    assert course["E-001"]["status"] == "failed" and course["E-002"]["status"] == "in_progress"
    assert course["E-003"]["status"] == "not_started"
    assert course["E-003"]["department"] == hr_data.DEPARTMENTS[3]
    assert course["E-003"]["manager"] == "Jürgen Weiß"


def test_filters_department_overdue_status_course_and_local_days(roster_data, tmp_path):
    out = tmp_path / "r.csv"

    def export(*options):
        assert run("export", "--format", "csv", "--out", str(out), "--data-dir",
                   str(roster_data), "--tz", "Europe/Berlin", *options) == 0
        return read_csv(out)

    sales = export("--department", "sALES")
    assert sales and {r["department"] for r in sales} == {"Sales"}, "without case"
    late = export("--overdue", "--chapter", "social-workplace")
    assert sorted(r["employee_id"] for r in late) == ["E-001", "E-005", "E-009"]
    assert [r["employee_id"] for r in export("--status", "failed", "--chapter",
                                             "working-on-the-platform")] == ["E-001"]
    # E-000 completed chapter 1 at 2026-10-30 13:05 UTC; shown as 14:05 in Berlin
    day = export("--since", "2026-10-30", "--until", "2026-10-30")
    assert [(r["employee_id"], r["chapter_id"]) for r in day] == [("E-000", FIRST)]


def test_a_day_is_a_day_in_the_report_s_time_zone(tmp_path):
    store = ProgressStore(tmp_path / "d")
    store.sign_in("e-1", "Anna")
    late = "2026-11-20T23:30:00+00:00"  # the 21st in Stockholm
    store.record_attempt(Attempt(Attempt.new_id(), "e-1", FIRST, "gallery", late, late, [],
                                 1.0, 1, True))
    out = tmp_path / "r.csv"
    for zone, day, found in (("UTC", "2026-11-20", 1), ("Europe/Stockholm", "2026-11-20", 0),
                             ("Europe/Stockholm", "2026-11-21", 1)):
        assert run("export", "--format", "csv", "--out", str(out), "--data-dir",
                   str(tmp_path / "d"), "--tz", zone, "--since", day, "--until", day,
                   "--chapter", FIRST) == 0
        assert len(read_csv(out)) == found, (zone, day)


def test_excel_csv_in_german_and_swedish(roster_data, tmp_path):
    out = tmp_path / "de.csv"
    assert run("export", "--format", "csv", "--excel", "de", "--out", str(out), "--data-dir",
               str(roster_data), "--tz", "Europe/Berlin") == 0
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Personalnummer" and "Europe/Berlin" in rows[0][6]
    anna = next(r for r in rows if r[0] == "E-000" and r[3] == FIRST)
    assert anna[5] == "Abgeschlossen" and anna[7] == "30.10.2026 14:05"
    assert anna[8] == "1,0" and "," in anna[11], "decimal comma"
    out = tmp_path / "sv.csv"
    assert run("export", "--format", "csv", "--excel", "sv", "--out", str(out), "--data-dir",
               str(roster_data), "--tz", "Europe/Stockholm") == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    anna = next(r for r in rows if r[0] == "E-000" and r[3] == FIRST)
    assert anna[5] == "Klar" and anna[7] == "2026-10-30 14:05" and anna[8] == "1,0"


def test_json_is_machine_clean(roster_data, tmp_path):
    out = tmp_path / "r.json"
    assert run("export", "--format", "json", "--out", str(out), "--data-dir",
               str(roster_data), "--tz", "UTC") == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 12 * 7
    first = rows[0]
    assert first["best_score"] == 1.0 and first["overdue"] is False
    assert first["completed_at"] == "2026-10-30T13:05:00+00:00"
    assert rows[-1]["best_score"] is None and rows[-1]["started_at"] is None


def test_xlsx_has_four_sheets_in_the_language_with_real_numbers_and_dates(roster_data,
                                                                          tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert run("export", "--format", "xlsx", "--out", str(out), "--data-dir", str(roster_data),
               "--lang", "de", "--tz", "Europe/Berlin") == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Überblick", "Mitarbeitende", "Fragen", "Abteilungen"]
    people = book["Mitarbeitende"]
    assert people.freeze_panes == "A2" and people["A1"].value == "Personalnummer"
    rows = list(people.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12 * 7
    done = next(r for r in rows if r[0] == "E-000")
    assert done[5] == "Abgeschlossen" and isinstance(done[9], datetime)
    assert done[9] == datetime(2026, 10, 30, 14, 5), "local time (the zone is in the heading)"
    assert done[10] == 1.0 and people.cell(row=2, column=11).number_format == "0%"
    assert people.cell(row=2, column=13).number_format == "[h]:mm"
    questions = list(book["Fragen"].iter_rows(min_row=2, values_only=True))
    assert questions and all(isinstance(q[2], int) and 0 <= q[3] <= 1 for q in questions)
    assert any("Große Dateien" in (q[5] or "") for q in questions), "answer texts, not ids"
    overview = [r for r in book["Überblick"].iter_rows(values_only=True) if r[0]]
    assert ("Eingeschrieben", 12) in [(r[0], r[1]) for r in overview]
    departments = list(book["Abteilungen"].iter_rows(min_row=2, values_only=True))
    assert {d[0] for d in departments} == set(hr_data.DEPARTMENTS)


def test_xlsx_keeps_formula_like_names_as_text_without_an_apostrophe(data, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert run("export", "--format", "xlsx", "--out", str(out), "--data-dir", str(data)) == 0
    sheet = load_workbook(out)["Employees"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "e-2"]
    assert cells and all(c.value == '=HYPERLINK("http://evil")' and c.data_type == "s"
                         for c in cells)


@pytest.mark.parametrize("args, message", [
    (["export", "--format", "csv", "--out", "/no/such/dir/x.csv"], "folder does not exist"),
    (["export", "--format", "csv", "--out", "x.csv", "--since", "yesterday"],
     "'yesterday' is not a date"),
    (["export", "--format", "csv", "--out", "x.csv", "--since", "2026-11-22", "--until",
      "2026-11-01"], "is after --until"),
    (["export", "--format", "csv", "--out", "x.csv", "--delimiter", "|"], "use , ; or tab"),
    (["export", "--format", "csv", "--out", "x.csv", "--tz", "Mars/Olympus"], "time zone"),
    (["export", "--format", "xlsx", "--out", "x.xlsx", "--excel", "de"], "--format csv"),
    (["export", "--format", "csv", "--out", "x.csv", "--department", "Nowhere"],
     "no employee in the department 'Nowhere'"),
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
    assert run("employees", "show", "E-1", "--data-dir", str(data)) == 0, "without case"
    shown = json.loads(capsys.readouterr().out)
    assert shown["employee"]["display_name"] == "Anna Svensson"
    assert shown["attempts"][0]["answers"][0]["item_id"] == "origin"
    assert "statements" in shown  # the xAPI outbox is part of an access request too
    assert run("employees", "erase", "e-1", "--data-dir", str(data)) == 1  # no terminal: asks
    assert ProgressStore(data).employee("e-1")
    assert run("employees", "erase", "e-1", "--yes", "--data-dir", str(data)) == 0
    assert ProgressStore(data).employee("e-1") is None
    assert run("employees", "show", "e-1", "--data-dir", str(data)) == 1
    assert "was erased" in capsys.readouterr().err


def test_erase_names_what_the_lrs_already_holds(data, capsys):
    store = ProgressStore(data)
    store.queue_statements("e-1", [{"id": "s-1"}, {"id": "s-2"}, {"id": "s-3"}])
    store.mark_sent("e-1", ["s-1", "s-2"])
    assert run("employees", "erase", "e-1", "--yes", "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    assert "2 statements about e-1 were already sent to a Learning Record Store" in out
    assert "remove them in the LRS" in out


def test_merge_command_and_merge_after_erase_does_not_resurrect(data, tmp_path, capsys):
    other = ProgressStore(tmp_path / "other")
    other.sign_in("e-7", "Cem")
    other.sign_in("E-1", "Anna from another desktop")
    other.record_attempt(Attempt(Attempt.new_id(), "e-7", "social-business", "sorting",
                                 "2026-11-21T09:00:00+00:00", "2026-11-21T09:05:00+00:00", [],
                                 0.9, 400, True))
    assert run("merge", str(tmp_path / "other"), "--data-dir", str(data)) == 0
    assert run("merge", str(tmp_path / "other"), "--data-dir", str(data)) == 0
    out = capsys.readouterr().out
    assert "2 employees, 1 new attempts merged" in out and "0 new attempts" in out
    assert ProgressStore(data).progress("e-7")["social-business"].status == "completed"
    assert run("employees", "erase", "e-1", "--yes", "--data-dir", str(data)) == 0
    capsys.readouterr()
    assert run("merge", str(tmp_path / "other"), "--data-dir", str(data)) == 0
    captured = capsys.readouterr()
    assert "E-1 was erased here and is not brought back" in captured.err
    assert ProgressStore(data).employee("e-1") is None
    assert run("merge", str(tmp_path / "nowhere"), "--data-dir", str(data)) == 1


def test_merge_sums_time_over_desktops_and_keeps_the_newest_name(tmp_path, capsys):
    here = ProgressStore(tmp_path / "here", clock=lambda: hr_data.NOW)
    there = ProgressStore(tmp_path / "there", clock=lambda: hr_data.NOW + hr_data.timedelta(
        hours=1))
    here.sign_in("e-1", "Anna")
    here.save_position("e-1", FIRST, "welcome", 30)
    there.sign_in("E-1", "Anna Svensson")
    there.save_position("E-1", FIRST, "welcome", 40)
    assert run("merge", str(tmp_path / "there"), "--data-dir", str(tmp_path / "here")) == 0
    out = tmp_path / "r.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir",
               str(tmp_path / "here"), "--chapter", FIRST) == 0
    (row,) = read_csv(out)
    assert row["time_spent_s"] == "70.0" and row["display_name"] == "Anna Svensson"
    assert row["employee_id"] == "e-1", "the id as first typed"


# -- the roster -------------------------------------------------------------------------------

ROSTER = ("employee_id;display_name;department;manager;start_date;due_date;cost_centre\n"
          "E-10;Lena Berg;Sales;Åsa Öberg;2026-11-01;;4711\n"
          "e-11;Jonas Weiß;Support;;2026-11-02;2026-12-01;4712\n")


def test_roster_import_is_idempotent_updates_and_keeps_roster_data_on_sign_in(tmp_path,
                                                                                capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    data = tmp_path / "data"
    data.mkdir()
    assert run("employees", "import", str(roster), "--data-dir", str(data)) == 0
    captured = capsys.readouterr()
    assert "2 added, 0 updated, 0 unchanged" in captured.out
    assert "roster.csv:1:7: column 'cost_centre' is ignored" in captured.err
    assert run("employees", "import", str(roster), "--data-dir", str(data)) == 0
    assert "0 added, 0 updated, 2 unchanged" in capsys.readouterr().out
    roster.write_text(ROSTER.replace("Sales", "Marketing"), encoding="utf-8")
    assert run("employees", "import", str(roster), "--data-dir", str(data)) == 0
    assert "0 added, 1 updated, 1 unchanged" in capsys.readouterr().out
    store = ProgressStore(data)
    store.sign_in("e-10", "Lena B.")
    person = store.employee("E-10")
    assert person.department == "Marketing" and person.manager == "Åsa Öberg"
    assert person.start_date == "2026-11-01"
    out = tmp_path / "r.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data)) == 0
    assert len(read_csv(out)) == 2 * 7, "one person per id whatever its case"


def test_roster_problems_are_listed_by_row_and_column_and_nothing_is_imported(tmp_path,
                                                                               capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,display_name,start_date\n"
                      "E-1,Anna,2026-11-01\n"
                      "x y,Bertil,2026-11-01\n"
                      "e-1,Anna again,\n"
                      "E-4,,01.11.2026\n"
                      f"E-5,{'N' * 201},\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    assert run("employees", "import", str(roster), "--data-dir", str(data)) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{roster}:3:1: 'x y' is not an employee id" in err[0]
    assert f"{roster}:4:1: e-1 is also in row 2" in err[1]
    assert f"{roster}:5:2: no name" in err[2]
    assert f"{roster}:5:3: '01.11.2026' is not a date like 2026-01-15" in err[3]
    assert f"{roster}:6:2: 201 characters; at most 200 are kept" in err[4]
    assert "5 problems" in err[-1] and "nothing was imported" in err[-1]
    assert ProgressStore(data).employees() == []


def test_roster_from_xlsx_and_an_erased_id_is_refused(tmp_path, capsys):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Display name", "Department", "Start date"])
    sheet.append(["E-20", "Karin", "Ekonomi", datetime(2026, 11, 3)])
    sheet.append([1234, "Numbered", "Ekonomi", None])
    book.save(tmp_path / "roster.xlsx")
    data = tmp_path / "data"
    ProgressStore(data).erase_employee("e-20")
    assert run("employees", "import", str(tmp_path / "roster.xlsx"), "--data-dir",
               str(data)) == 0
    captured = capsys.readouterr()
    assert "E-20 was erased here and is not imported again" in captured.err
    assert "1 added" in captured.out and "1 erased person refused" in captured.out
    assert ProgressStore(data).employee("E-20") is None
    assert ProgressStore(data).employee("1234").department == "Ekonomi"


def test_due_days_from_the_site_config(tmp_path, monkeypatch):
    site = tmp_path / "site.json"
    site.write_text(json.dumps({"due_days": 30}), encoding="utf-8")
    monkeypatch.setenv("LEARNSOCIAL_SITE_CONFIG", str(site))
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,display_name,start_date\nE-1,Anna,2026-01-05\n"
                      "E-2,Bo,\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    assert run("employees", "import", str(roster), "--data-dir", str(data)) == 0
    out = tmp_path / "r.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(data),
               "--chapter", "social-workplace") == 0
    rows = {r["employee_id"]: r for r in read_csv(out)}
    assert rows["E-1"]["due_date"] == "2026-02-04" and rows["E-1"]["overdue"] == "true"
    assert rows["E-2"]["due_date"] == "", "never signed in, no start date: no due date yet"


def test_demo_records_are_left_out_unless_asked(roster_data, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir",
               str(roster_data)) == 0
    assert "demo-001" not in {r["employee_id"] for r in read_csv(out)}
    assert "1 demo record left out" in capsys.readouterr().err
    assert run("export", "--format", "csv", "--out", str(out), "--data-dir", str(roster_data),
               "--include-demo") == 0
    assert "demo-001" in {r["employee_id"] for r in read_csv(out)}
    assert run("employees", "list", "--data-dir", str(roster_data)) == 0
    assert "demo-001" not in capsys.readouterr().out
    assert run("employees", "list", "--include-demo", "--data-dir", str(roster_data)) == 0
    assert "demo-001" in capsys.readouterr().out


def test_sync_leaves_demo_records_out(roster_data, capsys, monkeypatch):
    from learnsocial import hr_commands

    store = ProgressStore(roster_data)
    store.queue_statements("demo-001", [{"id": "demo-s"}])
    store.queue_statements("E-000", [{"id": "real-s"}])
    view = hr_commands._SyncView(store, include_demo=False)
    ids = {s["id"] for _e, s in view.unsent_statements()}
    assert "real-s" in ids and "demo-s" not in ids
    everything = hr_commands._SyncView(store, include_demo=True)
    assert "demo-s" in {s["id"] for _e, s in everything.unsent_statements()}


# -- every heading translated ----------------------------------------------------------------

def gettext_calls_in_f_strings(source: str, name: str) -> list[str]:
    """Calls of _() or ngettext() inside an f-string: pybabel cannot extract those (the
    heading stays English in every language while `i18n check` says nothing is to do)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and \
                        inner.func.id in ("_", "ngettext"):
                    found.append(f"{name}:{inner.lineno}")
    return found


def test_no_gettext_call_inside_an_f_string():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "learnsocial"
    found = []
    for path in sorted(root.rglob("*.py")):
        found += gettext_calls_in_f_strings(path.read_text(encoding="utf-8"), str(path))
    assert found == []
    planted = 'x = f"<h2>{_(\'Overview\')}</h2>"\n'
    assert gettext_calls_in_f_strings(planted, "planted") == ["planted:1"], "the check sees it"


def headings(page: str) -> list[str]:
    """The texts of every heading, table head, KPI label and chart label of a report."""
    import re

    found = []
    for tag in ("h1", "h2", "th"):
        found += re.findall(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", page, re.S)
    found += re.findall(r'<span class="label">(.*?)</span>', page)
    return [h for h in found if h.strip()]


def test_every_heading_of_the_html_report_is_translated(roster_data, tmp_path):
    pages = {}
    for language in ("en", "de", "sv"):
        out = tmp_path / f"{language}.html"
        assert run("export", "--format", "html", "--out", str(out), "--data-dir",
                   str(roster_data), "--lang", language, "--tz", "Europe/Berlin") == 0
        pages[language] = out.read_text(encoding="utf-8")
    english = headings(pages["en"])
    assert len(english) > 25
    names = {"E-000", "&amp;", *hr_data.DEPARTMENTS} | {f"Person {n:02d}" for n in range(12)}
    alike = {"Name", "Status", "Situation"}  # the same word in German or Swedish
    for language in ("de", "sv"):
        shown = headings(pages[language])
        assert len(shown) == len(english)
        same = [e for e, t in zip(english, shown, strict=True)
                if e == t and not any(n in e for n in names) and e not in alike]
        assert same == [], f"English left in the {language} report"
    de = pages["de"]
    assert 'lang="de"' in de and "Personen und Kapitel" in de
    assert "30.10.2026 14:05" in de, "local time, people's format"
    assert "100\xa0%" in de and "Nicht begonnen" in de and "9 min" in de
    assert "0.5714" not in de and "not_started" not in de and "+00:00" not in de


def test_the_html_charts_follow_the_filters(roster_data, tmp_path):
    out = tmp_path / "r.html"
    assert run("export", "--format", "html", "--out", str(out), "--data-dir", str(roster_data),
               "--department", "Support", "--lang", "en") == 0
    page = out.read_text(encoding="utf-8")
    chart = page.split("Completion by department")[1].split("<h2>")[0]
    assert "Support" in chart and "Sales" not in chart
    pass_rates = page.split("Chapters by pass rate")[1].split("<h2>")[0]
    assert "0% passed" in pass_rates, "E-001 (Support) failed chapter 2; E-000 is in Sales"
    assert "Department: Support" in page
    assert "<svg" not in page and "<script" not in page


@pytest.mark.parametrize("language", ["sv", "de", "en"])
def test_the_html_report_prints_on_a4_with_every_column(roster_data, tmp_path, language):
    """Chromium (Debian's chromium) prints the report; every page is A4 and the table's last
    column and its repeated header are on each page of the table."""
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser or not shutil.which("pdftotext"):
        pytest.skip("needs Debian's chromium and poppler-utils (apt install chromium "
                    "poppler-utils)")
    out = tmp_path / "r.html"
    assert run("export", "--format", "html", "--out", str(out), "--data-dir", str(roster_data),
               "--lang", language) == 0
    pdf = tmp_path / "r.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri()],
                   capture_output=True, timeout=120, check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    from learnsocial import i18n

    i18n.set_language(language)
    from learnsocial.progress import report

    titles = report.column_titles()
    heads = [titles[c] if c != "time_spent_s" else i18n._("Time spent")
             for c in report.HTML_COLUMNS]
    start = next(i for i, p in enumerate(pages) if i18n._("Employees and chapters") in p)
    table = [p for p in pages[start:] if "E-0" in p]  # the pages with rows of the table
    assert table
    for page in table:
        words = page.split()
        for head in heads:  # every column on every page, its heading whole (not cut)
            for word in head.split():
                assert word in words, (language, head, page[:400])


def test_sync_sends_nothing_of_a_person_erased_here(roster_data, monkeypatch):
    from learnsocial import hr_commands

    store = ProgressStore(roster_data)
    store.queue_statements("E-000", [{"id": "real-s"}])
    # the store never keeps statements of an erased id; pretend some came back another way
    monkeypatch.setattr(store, "is_erased", lambda eid: eid.casefold() == "e-000")
    view = hr_commands._SyncView(store, include_demo=False)
    assert "real-s" not in {s["id"] for _e, s in view.unsent_statements()}
    assert view.erased == {"E-000"}


def test_question_figures_kept_at_save_time_equal_those_read_from_the_attempts(tmp_path):
    from datetime import date

    from learnsocial.app.reports import Reports
    from learnsocial.progress.report import ReportFilter
    from tests.hr_data import build, course

    store = build(tmp_path / "data")
    reports = Reports.for_course(store, course())
    kept = reports.question_stats()  # from the HR index (no learner file read)
    read = reports.question_stats(ReportFilter(since=date(2000, 1, 1)))  # from every attempt

    def view(stats):
        return [(s.chapter_id, s.item_id, s.answered, s.correct, round(s.time_s, 3),
                 dict(s.chosen), dict(s.wrong)) for s in stats]

    assert view(kept) == view(read) and len(kept) > 5
    opened = []
    real = store.attempts
    store.attempts = lambda *a, **k: opened.append(a) or real(*a, **k)
    reports.question_stats()
    assert opened == [], "the figures come from the index, not the learner files"
