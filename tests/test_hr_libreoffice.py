"""The exports open right in LibreOffice in Swedish and German: numbers arrive as numbers and
times as dates, not as text. LibreOffice (Debian's libreoffice-calc) converts each file as a
person's spreadsheet in that locale would read it; openpyxl then looks at the cell types."""
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest

from learnsocial.cli import main
from tests import hr_data

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (apt install "
                                "libreoffice-calc) to open the exports as a spreadsheet would")
LOCALES = {"sv": 1053, "de": 1031, "en": 1033}  # LibreOffice's language ids


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hr") / "data"
    hr_data.build(folder)
    return folder


def open_in_libreoffice(path, language, tmp_path, delimiter=";"):
    """The file as LibreOffice in that language opens it (CSV: the list separator, detect
    special numbers on, as when a person opens the file), saved as XLSX to read back."""
    out = tmp_path / "converted"
    command = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
               "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)]
    if path.suffix == ".csv":
        command[3:3] = [f"--infilter=CSV:{ord(delimiter)},34,76,1,,{LOCALES[language]},"
                        "false,true"]
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    from openpyxl import load_workbook

    return load_workbook(out / f"{path.stem}.xlsx")


def problems_in(sheet, numbers: list[int], dates: list[int]) -> list[str]:
    """Cells (1-based columns) that should be numbers (a duration is one) or dates but
    arrived as something else."""
    found = []
    for row in sheet.iter_rows(min_row=2):
        for column in numbers:
            value = row[column - 1].value
            if value is not None and not isinstance(value, (int, float, timedelta)):
                found.append(f"{row[column - 1].coordinate}: {value!r} is not a number")
        for column in dates:
            value = row[column - 1].value
            if value is not None and not isinstance(value, datetime):
                found.append(f"{row[column - 1].coordinate}: {value!r} is not a date")
    return found


@pytest.mark.parametrize("language", ["sv", "de"])
def test_the_excel_csv_opens_with_numbers_and_dates(data, tmp_path, language):
    out = tmp_path / f"report-{language}.csv"
    assert main(["export", "--format", "csv", "--excel", language, "--out", str(out),
                 "--data-dir", str(data), "--tz", "Europe/Berlin"]) == 0
    sheet = open_in_libreoffice(out, language, tmp_path).active
    # started, completed; best score, points, attempts, time spent
    assert problems_in(sheet, [9, 10, 11, 12], [7, 8]) == []
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "E-000")
    assert row[7] == datetime(2026, 10, 30, 14, 5) and row[8] == 1 and row[11] == 540
    assert sheet.max_row == 1 + 12 * 7


def test_the_machine_csv_would_arrive_as_text_in_german(data, tmp_path):
    """What --excel is for (and that the check above can fail): the machine-clean CSV with a
    semicolon, opened by German LibreOffice, brings decimal points and ISO times as text."""
    out = tmp_path / "machine.csv"
    assert main(["export", "--format", "csv", "--delimiter", ";", "--out", str(out),
                 "--data-dir", str(data), "--tz", "Europe/Berlin"]) == 0
    sheet = open_in_libreoffice(out, "de", tmp_path).active
    assert problems_in(sheet, [12], [7, 8]) != []


@pytest.mark.parametrize("language", ["sv", "de"])
def test_the_xlsx_opens_with_numbers_and_dates(data, tmp_path, language):
    out = tmp_path / f"report-{language}.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--data-dir", str(data),
                 "--lang", language, "--tz", "Europe/Berlin"]) == 0
    book = open_in_libreoffice(out, language, tmp_path)
    people = book.worksheets[1]
    # due date, started, completed; best score, attempts, time spent
    assert problems_in(people, [11, 12, 13], [8, 9, 10]) == []
    assert people.max_row == 1 + 12 * 7
    assert problems_in(book.worksheets[2], [3, 4, 5], []) == []
