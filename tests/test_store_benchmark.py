"""benchmarks/store_scale.py --quick runs, so the benchmark cannot rot (its figures are not
checked here: speed targets are read from its table, never asserted in tests)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = ["save an attempt, wall p95", "save an attempt, CPU p99",
        "fresh process: open + read one, p50", "disk per employee, allocated",
        "HR export CSV, index up to date"]


def test_the_store_benchmark_runs_in_quick_mode():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "store_scale.py"),
                           "--quick"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert any(line.startswith("100 employees x 6 chapters x 3 attempts") for line in lines)
    for name in ROWS:
        (line,) = [line for line in lines if line.startswith(name)]
        store, sqlite = line[len(name):].split()[:2]
        assert float(store) > 0 and (sqlite == "-" or float(sqlite) >= 0), line
    assert "<= 10 ms and <= 3x" in done.stdout and "<= 60 KB" in done.stdout
    assert lines[-1].startswith("all targets met: ")
