"""How long the next step of some work ahead will likely take, so a frame with time to spare
starts no step that would take it past its limit (Theme.warm_a_little, Prefetch.run_until).

The estimate follows a longer step at once and a shorter one slowly. A step longer than any
frame's spare time (making a font ready takes about 1.7 ms; the screen's own drawing often
leaves less than that before the limit) would then never run: after PATIENCE frames kept out,
it runs all the same, but only as the first step of a frame's work ahead and in a frame cheap
enough that it ends little past the limit. (Before, one such estimate held the fonts and
words back for the whole run.)
"""
from __future__ import annotations

LEARN = 0.75  # a shorter step moves the estimate a quarter of the way down
PATIENCE = 4  # frames a step is kept out before it may run as a frame's first step
OVERRUN = 0.001  # s past the limit such a step may likely end, more after each PATIENCE frames


class Pace:
    def __init__(self, guess_s: float):
        self.seconds = guess_s
        self.kept_out = 0  # frames in a row this step did not fit

    def allows(self, now: float, limit: float, first: bool) -> bool:
        """True if a step started at `now` (thread CPU clock) likely ends by `limit`; or if it
        was kept out for PATIENCE frames, would be the first step of this frame's work ahead
        and likely ends within OVERRUN of the limit (twice that after twice the frames, and so
        on: it runs in the next frame cheap enough, and in time whatever the frames cost)."""
        overrun = OVERRUN * (self.kept_out // PATIENCE) if first else 0.0
        if now + self.seconds <= limit + overrun:
            self.kept_out = 0
            return True
        if first:
            self.kept_out += 1
        return False

    def took(self, seconds: float) -> None:
        self.seconds = max(seconds, LEARN * self.seconds)
