"""The built wheel carries the course, assets and translations, and runs outside the repo."""
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_validates_and_runs_a_demo_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(dist), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(dist.glob("learnsocial-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "learnsocial/_data/chapters/course/en.yaml" in names
    assert any(n.startswith("learnsocial/_data/assets/portraits/") for n in names)

    venv = tmp_path / "venv"
    # a bare venv (making one with pip in it takes three seconds); this pip installs into it
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True)
    # The dependencies come from the test interpreter, appended after the venv's own packages,
    # so `learnsocial` itself is imported from the wheel, not from the checkout.
    venv_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print("
                                     "sysconfig.get_paths()['purelib'])"], capture_output=True,
                                    text=True, check=True).stdout.strip())
    (venv_site / "zz_test_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNSOCIAL_")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    where = subprocess.run([str(python), "-c", "import learnsocial; print(learnsocial.__file__)"],
                           capture_output=True, text=True, check=True, cwd=outside, env=env)
    assert str(venv) in where.stdout

    learnsocial = venv / "bin" / "learnsocial"
    validate = subprocess.run([str(learnsocial), "validate"], capture_output=True, text=True,
                              cwd=outside, env=env)
    assert validate.returncode == 0, validate.stdout + validate.stderr

    demo = subprocess.run([str(learnsocial), "demo", "--screenshots", "shots", "--data-dir",
                           "data", "--lang", "de"], capture_output=True, text=True, cwd=outside,
                          env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Ansichten gespeichert" in demo.stdout, "the wheel carries compiled translations"
    shots = sorted((outside / "shots").glob("*.png"))
    assert len(shots) >= 10
    assert any("scene" in p.name for p in shots)
