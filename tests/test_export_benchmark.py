"""benchmarks/export_scale.py --quick runs, so the benchmark cannot rot (its figures are not
checked here: speed targets are read from its table, never asserted in tests)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_export_benchmark_runs_in_quick_mode():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "export_scale.py"),
                           "--quick"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    for name in ("roster", "full"):
        for fmt in ("csv ", "csv --excel de", "json", "xlsx", "html"):
            (row,) = [line for line in lines if line.startswith(f"{name:<8} {fmt:<16}")]
            rows, cpu, wall, peak = row[25:].split()[:4]
            assert int(rows) == 200 * 7, "everyone on the roster x (6 chapters + the course)"
            assert float(cpu) > 0 and float(wall) > 0 and float(peak) > 0, row
    assert lines[-1].startswith("all targets met (csv, xlsx, html): ")
