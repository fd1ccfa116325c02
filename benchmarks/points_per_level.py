"""Points, levels and badges after each chapter of the shipped course, for a few kinds of
learner (accuracy and thinking time), played through the app layer with the real game rules.

The level floors in learnsocial/app/levels.py and the badge targets in learnsocial/app/badges.py
are set from this table. Run: python benchmarks/points_per_level.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learnsocial.app.session import Session
from learnsocial.paths import content_dir
from learnsocial.progress.store import ProgressStore
from tests.course_player import StepClock, play_test

LEARNERS = ((1.0, 3.0), (1.0, 10.0), (0.88, 4.0), (0.88, 10.0), (0.85, 6.0))


def main() -> None:
    print(f"{'accuracy':>8} {'think s':>7}  per chapter: points / level / new badges (tries)")
    for accuracy, think in LEARNERS:
        with tempfile.TemporaryDirectory() as folder:
            session = Session(content_dir(), ProgressStore(Path(folder)), "en", clock=StepClock())
            session.load_course()
            session.sign_in("bench", "Bench")
            cells = []
            for n, chapter in enumerate(session.course.chapters):
                new: list[str] = []
                for attempt in range(1, 4):
                    outcome = session.finish_test(
                        chapter, play_test(chapter, accuracy, think, seed=n * 10 + attempt - 1),
                        session.clock())
                    new += [b.id for b in outcome.new_badges]
                    if outcome.passed:
                        break
                cells.append(f"{session.points()}/L{session.level().number}/"
                             f"{','.join(new) or '-'}({attempt})")
            print(f"{accuracy:>8} {think:>7}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
