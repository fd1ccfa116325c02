"""Work done ahead in frames with time to spare (fonts, words, a game's layout) and the text
pictures kept between frames: what keeps frames short without holding anything back."""
from __future__ import annotations

import time

import pygame

from learnsocial.ui.games.feel import Prefetch
from learnsocial.ui.pace import PATIENCE, Pace
from learnsocial.ui.theme import BODY, TYPE_IN_USE, Theme


def test_a_step_that_fits_runs_and_one_that_does_not_waits():
    pace = Pace(0.002)
    assert pace.allows(now=0.0005, limit=0.0026, first=True)  # 0.5 + 2 <= 2.6 ms
    assert not pace.allows(now=0.0010, limit=0.0026, first=False)


def test_a_step_longer_than_any_frame_has_left_runs_first_after_waiting_a_few_frames():
    pace = Pace(0.002)
    frames_kept_out = 0
    while not pace.allows(now=0.0015, limit=0.0026, first=True):  # never 2 ms to spare
        frames_kept_out += 1
        assert frames_kept_out <= PATIENCE
    assert frames_kept_out == PATIENCE
    # ...but never as a later step of a frame, where it would end the frame later still
    for _frame in range(3 * PATIENCE):
        assert not pace.allows(now=0.0015, limit=0.0026, first=False)


def test_a_long_step_kept_out_waits_for_a_cheap_frame_but_not_for_ever():
    pace = Pace(0.002)
    frames = 0
    while not pace.allows(now=0.0025, limit=0.0026, first=True):  # every frame already busy
        frames += 1
        assert frames <= 3 * PATIENCE
    assert frames > PATIENCE  # not in the first busy frame after its patience ran out


def test_the_estimate_follows_a_longer_step_at_once_and_a_shorter_one_slowly():
    pace = Pace(0.001)
    pace.took(0.003)
    assert pace.seconds == 0.003
    pace.took(0.0005)
    assert 0.002 < pace.seconds < 0.003


def test_fonts_and_words_get_ready_even_when_no_frame_has_room_for_a_font():
    """The bug this guards against: an estimate of 2 ms for making a font ready met frames that
    all had less than that left before their limit, and nothing was made ready all run long."""
    pygame.init()
    theme = Theme(text_scale=1.5)
    theme.learn_ahead("course", [("Gemeinschaften brauchen Pflege", BODY, False)])
    frames = 0
    while True:
        now = time.thread_time()
        # a busy screen: 0.2 ms to the limit, far less than a font takes
        if not theme.warm_a_little(until=now + 0.0002, limit=now + 0.0002):
            break
        frames += 1
        assert frames < 5000, "the work ahead is stuck"
    assert {(round(size * 1.5), bold) for size, bold in TYPE_IN_USE} <= set(theme._fonts)
    assert "Pflege" in theme.layout._widths[theme.font(BODY)]


def test_a_games_jobs_all_run_even_when_each_is_longer_than_the_time_to_spare():
    prefetch = Prefetch()
    done = []

    def slow_job(n: int) -> None:
        end = time.thread_time() + 0.001
        while time.thread_time() < end:
            pass
        done.append(n)

    for n in range(5):
        prefetch.add(lambda n=n: slow_job(n))
    for _frame in range(5 * 3 * PATIENCE):
        now = time.thread_time()
        prefetch.run_until(now + 0.0002, now + 0.0002)
    assert done == [0, 1, 2, 3, 4]


def test_a_line_drawn_again_is_the_picture_kept_from_before():
    pygame.init()
    theme = Theme()
    first = theme._render("Willkommen", BODY, False, theme.TEXT)
    assert theme._render("Willkommen", BODY, False, theme.TEXT) is first
    assert theme._render("Willkommen", BODY, False, theme.ACCENT) is not first  # other colour
    theme.configure("default", 1.5)
    bigger = theme._render("Willkommen", BODY, False, theme.TEXT)
    assert bigger.get_height() > first.get_height()  # a new text size draws it anew


def test_dialogue_half_revealed_is_not_kept_and_the_kept_lines_are_bounded():
    pygame.init()
    theme = Theme()
    canvas = pygame.Surface((800, 200))
    text = "Die Intranet-Redaktion plant den Start"
    theme.block(canvas, text, pygame.Rect(0, 0, 800, 200), reveal=7)
    assert not any(key[0] == text[:7] for key in theme._images)
    theme.block(canvas, text, pygame.Rect(0, 0, 800, 200))
    assert any(key[0] == text for key in theme._images)
    line = theme._render("Zeile 0", BODY, False, theme.TEXT)
    lines_in_budget = Theme.TEXT_PIXELS // (line.get_width() * line.get_height())
    for n in range(lines_in_budget + 10):
        theme._render(f"Zeile {n % 10}{n // 10:05d}", BODY, False, theme.TEXT)
    kept = sum(image.get_width() * image.get_height() for image in theme._images.values())
    assert kept <= Theme.TEXT_PIXELS and len(theme._images) > lines_in_budget // 2
    assert not any(key[0] == text for key in theme._images)  # the oldest went first


def test_the_app_opens_the_fonts_in_use_before_its_first_frame(make_app):
    app, _pilot = make_app()
    assert {(round(size * app.theme.text_scale), bold) for size, bold in TYPE_IN_USE} \
        <= set(app.theme._fonts)
