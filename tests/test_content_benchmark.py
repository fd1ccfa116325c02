"""benchmarks/content_scale.py keeps working: its quick mode validates the shipped course in
fresh processes and a generated course twice its size.

No figure is judged here (the target is printed by the benchmark itself); the test checks that
every table has its rows, the validation found no problem, and the target line is there.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_content_benchmark_validates_the_course_and_prints_its_target():
    done = subprocess.run([sys.executable, "benchmarks/content_scale.py", "--quick"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    ours = next(line for line in lines if line.startswith("this tree"))
    validate, fastest, process, process_fastest, problems = ours.split()[2:]
    assert 0 < float(fastest) <= float(validate) < float(process)
    assert problems == "0"
    target = next(line for line in lines if line.startswith("target:"))
    assert target.endswith(("met", "OVER"))
    sizes = [line.split()[0] for line in lines if line.strip().startswith(("x1 ", "x2 "))]
    assert sizes == ["x1", "x2"]
