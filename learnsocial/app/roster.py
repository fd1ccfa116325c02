"""Reading an HR roster (CSV or XLSX from an HR system) into RosterRows, checked completely
before anything is imported: every problem as FILE:row:column: message.

Columns (a header row, names without case): employee_id and display_name, and optionally
department, manager, start_date and due_date (ISO dates such as 2026-01-15, or date cells in
an XLSX). Other columns are ignored with a warning. A CSV may be separated by commas,
semicolons or tabs and be UTF-8 (with or without a byte-order mark) or Windows-1252.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from learnsocial.i18n import _
from learnsocial.progress.records import ID_RULE, RosterRow, canonical_id, display_id

REQUIRED = ("employee_id", "display_name")
OPTIONAL = ("department", "manager", "start_date", "due_date")
MAX_TEXT = 200  # what the store keeps of a name, department or manager
MAX_PROBLEMS = 50  # listed; the count says how many more


class RosterError(Exception):
    """The roster cannot be imported; problems holds one FILE:row:column: line each."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "")
        self.problems = problems


@dataclass(frozen=True)
class Roster:
    rows: list[RosterRow]
    warnings: list[str]


def _cells(path: Path) -> list[list[object]]:
    """The table of a CSV or XLSX file (first row: the header)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            raise RosterError([_("{path}: cannot read it as an XLSX workbook ({reason})")
                               .format(path=path, reason=error)]) from None
        sheet = book.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        book.close()
        return table
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number in a spreadsheet
    return " ".join(str(value).split())


def _date(value: object) -> str | None:
    """An ISO date string, "" for none, None when it is not a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def read_roster(path: Path) -> Roster:
    """Every row of the roster, or RosterError listing every problem."""
    try:
        table = _cells(path)
    except OSError as error:
        raise RosterError([_("{path}: cannot read it ({reason})").format(
            path=path, reason=error.strerror or error)]) from None
    table = [row for row in table if any(_text(c) for c in row)]
    if not table:
        raise RosterError([_("{path}: the file is empty").format(path=path)])
    header = [_text(c).casefold().replace(" ", "_").replace("-", "_") for c in table[0]]
    problems: list[str] = []
    warnings = []
    for number, name in enumerate(header, start=1):
        if name and name not in REQUIRED + OPTIONAL:
            warnings.append(_("{path}:1:{column}: column '{name}' is ignored (used: {known})")
                            .format(path=path, column=number, name=table[0][number - 1],
                                    known=", ".join(REQUIRED + OPTIONAL)))
    for name in REQUIRED:
        if name not in header:
            problems.append(_("{path}:1: the column '{name}' is missing (the first row must "
                              "name the columns: {known})").format(
                                  path=path, name=name, known=", ".join(REQUIRED + OPTIONAL)))
    if problems:
        raise RosterError(problems)
    where = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        def cell(name: str, cells: list[object] = cells) -> object:
            index = where.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        def problem(name: str, message: str, line: int = line) -> None:
            problems.append(f"{path}:{line}:{where[name] + 1}: {message}")

        values: dict[str, str] = {}
        raw_id = _text(cell("employee_id"))
        key = canonical_id(raw_id)
        if not key:
            problem("employee_id", _("'{id}' is not an employee id ({rule})").format(
                id=raw_id[:40], rule=ID_RULE))
        elif key in seen:
            problem("employee_id", _("{id} is also in row {row}").format(id=raw_id,
                                                                          row=seen[key]))
        else:
            seen[key] = line
        values["employee_id"] = display_id(raw_id)
        for name in ("display_name", "department", "manager"):
            value = _text(cell(name))
            if len(value) > MAX_TEXT:
                problem(name, _("{length} characters; at most {limit} are kept").format(
                    length=len(value), limit=MAX_TEXT))
            values[name] = value
        if not values["display_name"]:
            problem("display_name", _("no name"))
        for name in ("start_date", "due_date"):
            if name not in where:
                values[name] = ""
                continue
            found = _date(cell(name))
            if found is None:
                problem(name, _("'{value}' is not a date like 2026-01-15").format(
                    value=_text(cell(name))[:40]))
            values[name] = found or ""
        if values["start_date"] and values["due_date"] and \
                values["due_date"] < values["start_date"]:
            problem("due_date", _("the due date is before the start date"))
        rows.append(RosterRow(**values))
    if problems:
        more = len(problems) - MAX_PROBLEMS
        listed = problems[:MAX_PROBLEMS]
        if more > 0:
            listed.append(_("{path}: and {count} more").format(path=path, count=more))
        raise RosterError(listed)
    return Roster(rows, warnings)
