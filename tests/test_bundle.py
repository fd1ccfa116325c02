"""The one-folder build runs without Python: validate and a German demo from dist/LearnSocial.

Skipped only where PyInstaller cannot build here: on a system other than Linux (this test's
clean environment is a Linux one; Windows and macOS builds are made by hand, see the README) and
with a Python built without its shared library (libpython), which PyInstaller needs to bundle.
"""
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build-bundle"

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="the bundle test runs on Linux; build on Windows and macOS with "
                              "scripts/build-bundle by hand"),
    pytest.mark.skipif(not sysconfig.get_config_var("Py_ENABLE_SHARED"),
                       reason="this Python has no shared libpython, which PyInstaller needs"),
]

# No Python of ours anywhere: only the system's folders, no venv, no PYTHONPATH, no HOME.
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: install the test extra (pip install -e '.[test]')")
    where = tmp_path_factory.mktemp("bundle")
    build = subprocess.run([sys.executable, str(SCRIPT), "--dist", str(where / "dist"),
                            "--work", str(where / "work")], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    folder = where / "dist" / "LearnSocial"
    assert (folder / "LearnSocial").is_file()
    return folder


def run(bundle: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(bundle / "LearnSocial"), *args], capture_output=True, text=True,
                          cwd=cwd, env=CLEAN_ENV, timeout=300)


def test_the_script_explains_itself():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True,
                            text=True)
    assert result.returncode == 0
    assert "--dist" in result.stdout and "PyInstaller" in result.stdout
    assert SCRIPT.stat().st_mode & 0o111, "scripts/build-bundle is executable"


def test_the_bundle_carries_the_course_and_compiled_catalogs(bundle):
    data = bundle / "_internal" / "learnsocial" / "_data"
    assert (data / "chapters" / "course" / "en.yaml").is_file()
    assert any((data / "assets" / "portraits").rglob("*.png"))
    for language in ("sv", "de", "en"):
        assert (data / "locales" / language / "LC_MESSAGES" / "learnsocial.mo").is_file()
    assert not list(bundle.rglob("numpy")), "what the app never imports stays out"


def test_validate_runs_from_the_bundle_without_python(bundle, tmp_path):
    result = run(bundle, "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr


def test_a_german_demo_runs_from_the_bundle(bundle, tmp_path):
    result = run(bundle, "demo", "--screenshots", str(tmp_path / "shots"), "--lang", "de",
                 "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ansichten gespeichert" in result.stdout, result.stdout  # the German summary
    assert "bestanden" in result.stdout
    shots = sorted((tmp_path / "shots").glob("*.png"))
    assert len(shots) >= 10
    assert any("scene" in shot.name for shot in shots)
    assert all(shot.stat().st_size > 1000 for shot in shots)
    assert (tmp_path / "data").is_dir(), "progress went to --data-dir"
