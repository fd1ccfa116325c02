"""The code type-checks (mypy) and lints clean (ruff), both configured in pyproject.toml."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_catches_a_planted_type_error(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("from learnsocial.app.session import Session\n"
                       "def f(s: Session) -> int:\n    return s.language\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                             str(ROOT / "pyproject.toml"), str(planted)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Incompatible return value" in result.stdout


LINTED = ["learnsocial", "tests", "benchmarks", "scripts"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                           *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_no_problems():
    result = ruff(*LINTED)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-1000:]


def test_ruff_catches_planted_problems(tmp_path):
    planted = tmp_path / "planted.py"
    # an unused import (F401), a zip that hides a length mismatch (B905: needs the project's
    # rule selection, not ruff's default one) and a noqa that suppresses nothing (RUF100)
    planted.write_text("import os\n\n\ndef pairs(a, b):\n    return list(zip(a, b))\n\n\n"
                       "X = 1  # noqa: E501\n", encoding="utf-8")
    result = ruff("--config", str(ROOT / "pyproject.toml"), str(planted))
    assert result.returncode == 1, result.stdout + result.stderr
    found = {line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines()
             if line.startswith(str(planted))}
    assert found == {"F401", "B905", "RUF100"}, result.stdout
