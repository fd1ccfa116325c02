"""HR reports: one row per employee and chapter, statistics, and the export file formats.

CSV and JSON use the fixed column names below (tools read them); XLSX and HTML are for people
and carry translated headers.
"""
from __future__ import annotations

import csv
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from learnsocial.i18n import _, active_language

COLUMNS = ("employee_id", "display_name", "department", "chapter_id", "chapter_title", "status",
           "started_at", "completed_at", "best_score", "points", "attempts", "time_spent_s")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def column_titles() -> dict[str, str]:
    return {
        "employee_id": _("Employee ID"), "display_name": _("Name"),
        "department": _("Department"), "chapter_id": _("Chapter ID"),
        "chapter_title": _("Chapter"), "status": _("Status"), "started_at": _("Started"),
        "completed_at": _("Completed"), "best_score": _("Best score"), "points": _("Points"),
        "attempts": _("Attempts"), "time_spent_s": _("Time spent (s)"),
    }


@dataclass(frozen=True)
class ReportFilter:
    since: date | None = None
    until: date | None = None
    chapter: str | None = None
    status: str | None = None
    department: str | None = None

    def keeps(self, row: dict) -> bool:
        if self.chapter and row["chapter_id"] != self.chapter:
            return False
        if self.status and row["status"] != self.status:
            return False
        if self.department and row["department"].casefold() != self.department.casefold():
            return False
        if self.since or self.until:
            stamp = row["completed_at"] or row["started_at"]
            if not stamp:
                return False
            day = datetime.fromisoformat(stamp).date()
            if (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True


def completion_rows(employees: Iterable, progress_of: Callable[[str], dict],
                    chapters: list[tuple[str, str]], keep: ReportFilter = ReportFilter(),
                    on_progress: Callable[[int], None] | None = None) -> list[dict]:
    """Every employee x every chapter of the course, including chapters not started."""
    rows = []
    for count, employee in enumerate(employees, start=1):
        progress = progress_of(employee.employee_id)
        for chapter_id, title in chapters:
            record = progress.get(chapter_id)
            row = {
                "employee_id": employee.employee_id, "display_name": employee.display_name,
                "department": employee.department or "", "chapter_id": chapter_id,
                "chapter_title": title,
                "status": record.status if record else "not_started",
                "started_at": (record.started_at if record else None) or "",
                "completed_at": (record.completed_at if record else None) or "",
                "best_score": record.best_score if record and record.best_score is not None
                else "",
                "points": record.points if record else 0,
                "attempts": record.attempts if record else 0,
                "time_spent_s": round(record.time_spent_s, 1) if record else 0,
            }
            if keep.keeps(row):
                rows.append(row)
        if on_progress:
            on_progress(count)
    return rows


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: list[dict], path: Path, delimiter: str = ",") -> None:
    """UTF-8 with a byte-order mark, so Excel opens it right in every locale."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([neutralise(row[c]) for c in COLUMNS])


def write_json(rows: list[dict], path: Path) -> None:
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _as_datetime(stamp: str):
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp)
    return moment.replace(tzinfo=None) if moment.tzinfo is None else \
        moment.astimezone(tz=None).replace(tzinfo=None)


def xlsx_text(value):
    """Text an XLSX cell can hold: control characters (a NUL in a name) are left out, as the
    format forbids them; other values pass unchanged."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_xlsx(rows: list[dict], path: Path) -> None:
    """Built in memory and written in one go: a full disk fails the write, not a half-made
    ZIP file whose destructor then fails again."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Completion")
    titles = column_titles()
    sheet.append([titles[c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for column in COLUMNS:
            value = row[column]
            if column in ("started_at", "completed_at"):
                value = _as_datetime(value)
            values.append(neutralise(xlsx_text(value)))
        sheet.append(values)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if column in ("started_at", "completed_at"):
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
        if column == "best_score":
            for cell in sheet[letter][1:]:
                cell.number_format = "0%"
        longest = max([len(str(titles[column]))] + [len(str(r[column])) for r in rows[:500]])
        sheet.column_dimensions[letter].width = min(48, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class ChapterStats:
    chapter_id: str
    title: str
    employees: int
    completed: int
    attempts: int
    passed_attempts: int
    average_score: float | None

    @property
    def completion(self) -> float:
        return self.completed / self.employees if self.employees else 0.0

    @property
    def pass_rate(self) -> float | None:
        return self.passed_attempts / self.attempts if self.attempts else None


def chapter_stats(rows: list[dict], attempts: Iterable,
                  chapters: list[tuple[str, str]]) -> list[ChapterStats]:
    by_chapter: dict[str, list] = {cid: [] for cid, _t in chapters}
    for attempt in attempts:
        by_chapter.setdefault(attempt.chapter_id, []).append(attempt)
    stats = []
    for chapter_id, title in chapters:
        mine = [r for r in rows if r["chapter_id"] == chapter_id]
        tries = by_chapter.get(chapter_id, [])
        scores = [r["best_score"] for r in mine if r["best_score"] != ""]
        stats.append(ChapterStats(
            chapter_id, title, len({r["employee_id"] for r in mine}),
            sum(1 for r in mine if r["status"] == "completed"), len(tries),
            sum(1 for a in tries if a.passed),
            sum(scores) / len(scores) if scores else None))
    return stats


@dataclass(frozen=True)
class QuestionStats:
    chapter_id: str
    item_id: str
    answered: int
    correct: int
    common_wrong: str  # the wrong response chosen most often ("" if none)

    @property
    def share_correct(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def question_stats(attempts: Iterable) -> list[QuestionStats]:
    """Per question: how often it was answered right, and the most chosen wrong answer."""
    answered: Counter = Counter()
    correct: Counter = Counter()
    wrong: dict[tuple[str, str], Counter] = {}
    for attempt in attempts:
        for answer in attempt.answers:
            key = (attempt.chapter_id, answer.item_id)
            answered[key] += 1
            if answer.correct:
                correct[key] += 1
            elif answer.response:
                wrong.setdefault(key, Counter())[answer.response] += 1
    return [QuestionStats(chapter, item, answered[(chapter, item)], correct[(chapter, item)],
                          wrong[(chapter, item)].most_common(1)[0][0]
                          if (chapter, item) in wrong else "")
            for chapter, item in sorted(answered)]


def bar_chart_svg(values: list[tuple[str, float]], width: int = 640, colour: str = "#2E9E5B"
                  ) -> str:
    """A horizontal bar chart of shares 0..1 as inline SVG."""
    row, label_w = 30, 260
    height = row * len(values) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" font-family="sans-serif" font-size="13">']
    for n, (label, share) in enumerate(values):
        y = 5 + n * row
        bar = round((width - label_w - 60) * max(0.0, min(1.0, share)))
        parts.append(f'<text x="0" y="{y + 18}">{html.escape(label[:38])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{width - label_w - 60}" '
                     f'height="18" fill="#E4E8EE"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar}" height="18" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{label_w + bar + 6}" y="{y + 18}">{round(share * 100)} %</text>')
    parts.append("</svg>")
    return "".join(parts)


def write_html(rows: list[dict], stats: list[ChapterStats], path: Path, title: str,
               generated: str) -> None:
    """A self-contained, printable report: charts as inline SVG, then the table."""
    titles = column_titles()
    head = "".join(f"<th>{html.escape(titles[c])}</th>" for c in COLUMNS)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in COLUMNS)
                     + "</tr>" for r in rows)
    completion = bar_chart_svg([(s.title, s.completion) for s in stats])
    passing = bar_chart_svg([(s.title, s.pass_rate or 0.0) for s in stats], colour="#4084D6")
    page = f"""<!DOCTYPE html>
<html lang="{active_language()}"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: "Noto Sans", Arial, sans-serif; margin: 2em; color: #1E2A3A; }}
table {{ border-collapse: collapse; font-size: 12px; width: 100%; }}
th, td {{ border: 1px solid #C8D0DA; padding: 4px 6px; text-align: left; }}
th {{ background: #2A3A4E; color: #F2F4F7; }}
tr:nth-child(even) td {{ background: #F3F5F8; }}
@media print {{ body {{ margin: 0; }} h2 {{ page-break-after: avoid; }} }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(generated)}</p>
<h2>{html.escape(_("Completion per chapter"))}</h2>
{completion}
<h2>{html.escape(_("Pass rate per chapter"))}</h2>
{passing}
<h2>{html.escape(_("Employees and chapters"))}</h2>
<table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
