"""benchmarks/startup.py keeps working: its quick mode runs the real start-up in fresh processes.

No figure is judged here (speed targets live in the benchmark's own table); the test checks that
every case ran to the first frame and every phase was stamped.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_startup_benchmark_reaches_the_first_frame_in_every_case():
    done = subprocess.run([sys.executable, "benchmarks/startup.py", "--quick"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("store with 20 employees built through sign_in")
    cases = [lines[i - 2] for i, line in enumerate(lines) if line.startswith("this tree")]
    assert cases == ["empty store", "20 employees"]
    for row in (line for line in lines if line.startswith("this tree")):
        cold, fastest, median, *phases = (float(cell) for cell in row.split()[2:])
        assert len(phases) == 5 and all(phase >= 0 for phase in phases)
        assert 0 < fastest <= median
        assert cold > 0
