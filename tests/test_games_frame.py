"""Frame statistics: the figures are counted right, `learnsocial demo --frame-stats` prints them
per screen, and benchmarks/games_frame.py --quick still runs (so it cannot rot). Nothing here
asserts a time: how fast a frame is belongs to the benchmark's table, not to a test."""
import re
import runpy
import sys
from pathlib import Path

import pygame
import pytest

from learnsocial.cli import main
from learnsocial.ui.frame_stats import FrameStats, percentile

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^(?P<screen>.+?)\s+(?P<frames>\d+)\s+(?P<p50>[\d.]+)\s+(?P<p99>[\d.]+)\s+"
                 r"(?P<max>[\d.]+)$")
FINAL = re.compile(r"^frame-stats: p99=(?P<p99>[\d.]+) ms max=(?P<max>[\d.]+) ms")


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile(values[:10], 0.99) == 10.0, "with few frames p99 is the worst"
    assert percentile([], 0.99) == 0.0


def test_the_table_has_a_row_per_screen_and_a_line_over_the_run():
    stats = FrameStats()
    for ms in (1.0, 2.0, 3.0):
        stats.add("test-gallery", ms)
    stats.add("test-gallery → results", 7.0)
    lines = stats.table()
    rows = {m["screen"].strip(): m for m in map(ROW.match, lines[1:-1]) if m}
    assert rows["test-gallery"]["frames"] == "3" and rows["test-gallery"]["max"] == "3.00"
    assert rows["test-gallery → results"]["max"] == "7.00"
    final = FINAL.match(lines[-1])
    assert final and final["max"] == "7.00"
    assert not stats.within_targets(), "a 7 ms p99 over the run would be over target"
    assert FrameStats().overall() == (0.0, 0.0)


def test_demo_prints_frame_stats_per_screen(tmp_path, capsys):
    code = main(["demo", "--screenshots", str(tmp_path / "shots"), "--data-dir",
                 str(tmp_path / "data"), "--lang", "en", "--chapter", "community-manager",
                 "--accuracy", "0.5", "--frame-stats"])
    pygame.quit()
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    screens = {m["screen"].strip(): int(m["frames"]) for m in map(ROW.match, lines) if m}
    assert screens["test-pairing"] > 300, "every frame of the game is drawn and timed"
    assert "test-pairing → results" in screens, "the end of the test is a row of its own"
    assert {"player", "test-intro", "results"} <= set(screens)
    assert FINAL.match(lines[-1])


def test_frame_stats_and_the_layout_audit_are_one_or_the_other(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--screenshots", str(tmp_path), "--audit-layout", "--frame-stats"])
    assert exit_.value.code == 2


def test_the_benchmark_runs_in_quick_mode(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["games_frame.py", "--quick"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(ROOT / "benchmarks" / "games_frame.py"), run_name="__main__")
    assert exit_.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("test-gallery " in line for line in lines)
    assert any("test-gallery → results" in line for line in lines), "the end of the test"
    assert any(FINAL.match(line) for line in lines)


def test_the_benchmark_judges_every_screen_not_only_the_run(capsys):
    report = runpy.run_path(str(ROOT / "benchmarks" / "games_frame.py"))["report"]
    calm, busy = FrameStats(), FrameStats()
    for _frame in range(1000):
        calm.add("test-gallery", 1.0)
        busy.add("test-gallery", 1.0)
    for frame in range(120):  # one screen with two slow frames: its p99, not the run's
        calm.add("results", 1.0)
        busy.add("results", 5.0 if frame in (3, 7) else 1.0)
    calm.add("test-gallery → results", 12.0)  # a transition: only its max counts
    report([("calm", calm)])
    assert capsys.readouterr().out.splitlines()[-1].endswith("max <= 16: ok)")
    report([("busy", busy)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].endswith("max <= 16: OVER)") and "busy: results" in lines[-1]
