"""What the views of the round games (sorting, sequencing, pairing) share: options to click or
choose by key, the task banner with its counter and points, the feedback card, the hint, and the
show of the last pick. Each game lays out its own pieces and makes them tangible (its own module:
sorting_view, sequencing_view, pairing_view). Mouse and keyboard both end in
rules.pick(option_id); during the feedback they go on.

Every size is measured from the text at the learner's text size (no fixed offsets for text that
can wrap); with reduced motion every cue is there as a still frame (things are where they land).
"""
from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pygame

from learnsocial.games.base import Phase
from learnsocial.games.rounds import Round, RoundGame
from learnsocial.i18n import _
from learnsocial.ui.games.feel import (
    Feedback,
    FeedbackCard,
    HyphenationWarmUp,
    MeasuredView,
    Prefetch,
    TextImage,
    TextImages,
    fit_steps,
    overlay,
)
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import BODY, HEIGHT, MARGIN, SMALL, WIDTH, Theme, shade
from learnsocial.ui.widgets import ACTIVATE_KEYS, selection_step

PROMPT_SIZE, PROMPT_MIN = 22, 17
ROW_GAP = 8
ROW_MIN = 13  # the smallest design size a row's text shrinks to (scaled by the text size)
SHAKE_S = 0.35
CARD_IN_S = 0.22
PULSE_S = 0.3
PREPARE_BUDGET_S = 0.0005  # of a frame's time, for measuring and drawing ahead


@dataclass
class PickShow:
    """The show of one pick, timed from the moment it was made."""

    round: Round
    option_id: str  # what the learner picked
    right: bool
    placed_id: str  # what ends up placed: the pick when right, the right option when not
    age: float = 0.0
    played: set[str] = field(default_factory=set)

    def once(self, name: str, at: float) -> bool:
        """True the first time age has reached at (for sounds at moments of the show)."""
        if self.age >= at and name not in self.played:
            self.played.add(name)
            return True
        return False


class RoundView(MeasuredView):
    rules: RoundGame[Any]

    def hint(self) -> str:
        return ""

    def counter_label(self) -> str:
        return _("{current} / {total}").format(current=self.current_number(),
                                              total=self.rules.round_count)

    def __init__(self, rules: RoundGame[Any], sounds: Sounds, theme: Theme,
                 reduced_motion: bool = False, warm_up: HyphenationWarmUp | None = None):
        self.rules = rules
        self.sounds = sounds
        self.theme = theme
        self.reduced_motion = reduced_motion
        self.warm_up = warm_up
        self.images = TextImages(theme)
        self.card = FeedbackCard(theme, self.images)
        self.prefetch = Prefetch()
        self.hovered: str | None = None
        self.show: PickShow | None = None
        self.time = 0.0
        self.chip_pulse = 0.0
        self.shown_round = -1
        self.round_age = 0.0
        self.prefetch.add(self.layout_step)  # measured a piece per frame, before it shows

    # -- layout ---------------------------------------------------------------------------
    def layout_steps(self) -> Iterator[None]:
        """Measure the banner (counter, points, the task) and the hint, give the rest to the
        game; yields between the pieces, so the work can be spread over frames."""
        theme = self.theme
        self.laid_out = False
        self.images.fresh()
        width = WIDTH - 2 * MARGIN
        self.prompt = self._text(self.rules.spec.prompt, width - 40, PROMPT_SIZE, bold=True,
                                 max_lines=2, min_size=PROMPT_MIN)
        top_row = theme.line_height(SMALL)
        self.banner = pygame.Rect(MARGIN, 12, width, 10 + top_row + 4 + self.prompt.size[1] + 10)
        hint_h = theme.line_height(SMALL)
        self.hint_rect = pygame.Rect(MARGIN, HEIGHT - 8 - hint_h, width, hint_h)
        top = self.banner.bottom + 12
        self.content = pygame.Rect(MARGIN, top, width, self.hint_rect.top - 8 - top)
        yield
        yield from self.layout_game()
        self.laid_out = True

    def layout_game(self) -> Iterator[None]:
        """Place the game's pieces in self.content (yielding between expensive pieces)."""
        yield

    def _text(self, text: str, width: int, size: int, colour: tuple[int, int, int] | None = None,
              **options: Any) -> TextImage:
        if self.warm_up is not None and not self.warm_up.ready:
            self.warm_up.wait()  # never load the hyphenation dictionary twice
        return self.images.get(text, width, size, colour or self.theme.TEXT, **options)

    def fitted(self, text: str, box: pygame.Rect, size: int, colour: tuple[int, int, int],
               bold: bool = False, align: str = "left") -> TextImage:
        """Text as big as fits the box (down to ROW_MIN), laid out once."""
        return self._text(text, box.width, size, colour, bold=bold, height=box.height,
                          min_size=min(size, ROW_MIN), align=align)

    def common_size(self, texts: list[str], box: tuple[int, int], size: int,
                    bold: bool = False) -> Generator[None, None, int]:
        """The one size at which every text of a column fits its box, so rows match (a layout
        per step: use with yield from)."""
        if self.warm_up is not None:
            self.warm_up.wait()
        found = size
        for text in texts:  # each text starts where the ones before left off
            block = yield from fit_steps(self.theme, text, box[0], box[1], found, ROW_MIN, bold)
            found = block.size
            yield
        return found

    def prepare(self, until: float, limit: float) -> None:
        if self.warm_up is None or self.warm_up.ready:
            self.prefetch.run_until(until, limit)

    def _prepare_in_play(self) -> None:
        if self.warm_up is None or self.warm_up.ready:
            self.prefetch.run_for(PREPARE_BUDGET_S)

    # -- what a game says -----------------------------------------------------------------
    def current_number(self) -> int:
        return min(self.rules.index + 1, self.rules.round_count)

    def option_rects(self) -> dict[str, pygame.Rect]:
        """The options to pick now, where they are."""
        raise NotImplementedError

    def card_areas(self) -> list[pygame.Rect]:
        """Where the feedback card may go, best first."""
        return [self.content]

    def landed_at(self) -> float:
        """When the show of a pick has put everything in place (the card comes then)."""
        return 0.0

    def focus_label(self) -> str | None:
        self.ensure_layout()
        feedback = self.feedback()
        if feedback is not None:
            return f"{feedback.title} {feedback.body}".strip()
        current = self.rules.current
        if current is None:
            return None
        if self.rules.selected is None:
            return current.prompt
        return current.options[self.rules.selected].text

    def option_centre(self, option_id: str) -> tuple[int, int] | None:
        """Where an option is on screen (the demo driver aims here like a mouse)."""
        self.ensure_layout()
        rect = self.option_rects().get(option_id)
        return rect.center if rect else None

    def feedback(self) -> Feedback | None:
        rules = self.rules
        if rules.phase != Phase.FEEDBACK or not rules.items:
            return None
        last = rules.items[-1]
        if last.correct:
            return Feedback(True, _("Right! {points} points").format(points=last.points),
                            last.feedback)
        return Feedback(False, self.wrong_title(last.right_answer), last.feedback)

    def wrong_title(self, answer: str) -> str:
        return _("Not quite. The answer: {answer}").format(answer=answer)

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        self.ensure_layout()
        rules = self.rules
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self._option_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if rules.phase == Phase.FEEDBACK:
                rules.proceed()
                return
            option = self._option_at(event.pos)
            if option:
                rules.pick(option)
        elif event.type == pygame.KEYDOWN:
            step = selection_step(event)
            if step:
                rules.select_next(step)
            elif event.key in ACTIVATE_KEYS:
                if rules.phase == Phase.FEEDBACK:
                    rules.proceed()
                else:
                    rules.pick_selected()

    def _option_at(self, pos: tuple[int, int]) -> str | None:
        current = self.rules.current
        if current is None or self.rules.phase != Phase.PLAYING:
            return None
        allowed = {o.id for o in current.options}
        for option_id, rect in self.option_rects().items():
            if option_id in allowed and rect.collidepoint(pos):
                return option_id
        return None

    # -- time -----------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.ensure_layout()
        rules = self.rules
        rules.advance(dt)
        self.time += dt
        self.round_age += dt
        if not self.images.fresh():
            self.relayout()
        if rules.take_events():
            pick = rules.picks[-1]
            current = rules.rounds[rules.index]
            placed = pick.option_id if pick.correct else current.answer_id
            self.show = PickShow(current, pick.option_id, pick.correct, placed)
            self.chip_pulse = PULSE_S
            if self.reduced_motion:
                self.show.age = self.landed_at()
            self.picked(self.show)
            feedback = self.feedback()
            if feedback is not None:  # laid out over the next frames, before the card shows
                self.prefetch.add_steps(self.card.prepare(feedback, self.card_areas()[0].width),
                                        first=True)
        if rules.phase == Phase.FEEDBACK and self.show is not None:
            self.show.age += dt
            self.play_show(self.show)
        elif rules.phase != Phase.FEEDBACK:
            self.show = None
        if rules.index != self.shown_round:
            self.shown_round = rules.index
            self.round_age = 0.0
            self.hovered = None
        self.chip_pulse = max(0.0, self.chip_pulse - dt)
        self._prepare_in_play()

    def picked(self, show: PickShow) -> None:
        """A pick was just made (sounds that start at once)."""
        if not show.right:
            self.sounds.play("wrong")

    def play_show(self, show: PickShow) -> None:
        """Sounds at the moments of the show (per game)."""

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self.ensure_layout()
        theme = self.theme
        theme.gradient(surface, theme.GAME_TOP, theme.GAME_BOTTOM)
        self._draw_banner(surface)
        self.draw_game(surface)
        self._draw_card(surface)
        if self.rules.phase != Phase.FEEDBACK:
            theme.text(surface, self.hint(), self.hint_rect.center, SMALL, theme.TEXT_DIM,
                       anchor="center", max_width=self.hint_rect.width)

    def draw_game(self, surface: pygame.Surface) -> None:
        """The game's pieces."""

    def _draw_banner(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        banner = self.banner
        theme.panel(surface, banner, theme.PANEL)
        chip = _("{points} points").format(points=rules.points)
        if rules.streak > 1:
            chip += "  ·  " + _("Streak ×{count}").format(count=rules.streak)
        y = banner.top + 10
        chip_rect = theme.text(surface, chip, (banner.right - 20, y), SMALL,
                               theme.GOLD if self.chip_pulse > 0 else theme.WARNING, True,
                               anchor="topright", container=banner)
        theme.text(surface, self.counter_label(), (banner.left + 20, y), SMALL, theme.TEXT_DIM,
                   max_width=chip_rect.left - 24 - banner.left - 20, container=banner)
        self.prompt.draw(theme, surface, (banner.left + 20, y + theme.line_height(SMALL) + 4),
                         banner)

    def _draw_card(self, surface: pygame.Surface) -> None:
        feedback = self.feedback()
        show = self.show
        if feedback is None or show is None:
            return
        start = self.landed_at() + (0.0 if self.reduced_motion else 0.1)
        if show.age < start:
            return
        appear = 1.0 if self.reduced_motion else (show.age - start) / CARD_IN_S
        overlay(self.theme, surface)
        self.card.draw(surface, feedback, self.card_areas(), appear,
                       self.rules.feedback.share_left)

    def draw_option(self, surface: pygame.Surface, option_id: str, text: str,
                    rect: pygame.Rect, selected: bool, size: int = BODY) -> None:
        """A choosable option: a panel with its text, a tick or cross during the feedback, and
        the focus ring when chosen by keyboard."""
        theme = self.theme
        face = theme.PANEL_HIGH if option_id != self.hovered else shade(theme.PANEL_HIGH, 1.15)
        theme.panel(surface, rect, face, radius=10)
        theme.control(surface, rect)
        mark = self.mark_for(option_id)
        inner = self.option_inner(rect)
        image = self.fitted(text, inner, size, theme.TEXT)
        image.draw(theme, surface, (inner.left, rect.centery - image.size[1] // 2), rect)
        if mark:
            (theme.check_mark if mark == "tick" else theme.cross_mark)(
                surface, (rect.right - 24, rect.centery), 13, container=rect)
        if selected and self.rules.phase == Phase.PLAYING:
            theme.focus_ring(surface, rect, 12)

    @staticmethod
    def option_inner(rect: pygame.Rect) -> pygame.Rect:
        """Where an option's text goes: room kept on the right for its tick or cross."""
        return pygame.Rect(rect.left + 12, rect.top + 5, rect.width - 24 - 40, rect.height - 10)

    def mark_for(self, option_id: str) -> str | None:
        """During the feedback: a tick on the right option, a cross on a wrong pick."""
        show = self.show
        if show is None:
            return None
        if option_id == show.placed_id:
            return "tick"
        if option_id == show.option_id and not show.right:
            return "cross"
        return None

    def shake_offset(self, option_id: str) -> int:
        """A wrong pick shakes (still in reduced motion: its cross says it)."""
        show = self.show
        if show is None or show.right or option_id != show.option_id or self.reduced_motion:
            return 0
        left = 1 - show.age / SHAKE_S
        return round(math.sin(show.age * 60) * 9 * left) if left > 0 else 0
