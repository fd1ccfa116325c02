"""The code type-checks (mypy, configured in pyproject.toml)."""
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
