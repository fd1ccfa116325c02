"""Views for the round games (sorting, sequencing, pairing): options to click or choose by key.

One base draws what they share (the task banner with its counter and points, the feedback card,
the hint) and keeps the show of the last pick going; each game lays out its own pieces and makes
them tangible: sorting cards fly into their bin and pile up with a count, sequencing builds a
timeline step by step, pairing slides each partner next to its item and draws the link. Mouse
and keyboard both end in rules.pick(option_id); during the feedback they go on.

Every size is measured from the text at the learner's text size (no fixed offsets for text that
can wrap); with reduced motion every cue is there as a still frame (things are where they land).
"""
from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pygame

from learnsocial.games.base import Phase
from learnsocial.games.pairing import PairingGame
from learnsocial.games.rounds import Round, RoundGame
from learnsocial.games.sequencing import SequencingGame
from learnsocial.games.sorting import SortingGame
from learnsocial.i18n import _
from learnsocial.ui.games.feel import (
    Feedback,
    FeedbackCard,
    HyphenationWarmUp,
    MeasuredView,
    Prefetch,
    TextImage,
    TextImages,
    clamp01,
    ease_out,
    ease_out_back,
    fit_steps,
    lerp,
    lerp_point,
    overlay,
)
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import BODY, GAP, HEIGHT, MARGIN, SMALL, WIDTH, Theme, shade
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

    def prepare(self) -> None:
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
        self.prepare()

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


def paper(theme: Theme, size: tuple[int, int]) -> pygame.Surface:
    """A paper card without words, drawn once (the words are drawn on it, and told the audit)."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    theme.panel(surface, surface.get_rect(), theme.BOARD, radius=12, border=theme.BOARD_EDGE,
                width=3)
    return surface


def mini_card(theme: Theme, size: tuple[int, int], tilt: float) -> pygame.Surface:
    """A sorted card as it lies on a pile: paper with lines of text suggested, no words."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    rect = surface.get_rect()
    pygame.draw.rect(surface, theme.BOARD, rect, border_radius=4)
    pygame.draw.rect(surface, theme.BOARD_EDGE, rect, 2, border_radius=4)
    for n, share in enumerate((0.75, 0.55)):
        y = 8 + n * 8
        if y + 2 < rect.height - 4:
            pygame.draw.line(surface, shade(theme.BOARD_EDGE, 1.25), (9, y),
                             (9 + round((rect.width - 18) * share), y), 2)
    return pygame.transform.rotate(surface, tilt) if tilt else surface


class SortingView(RoundView):
    """The card over the bins; picked, it flies into a bin and lies on the pile there (a wrong
    bin throws it on to the right one), and each bin counts its cards."""

    rules: SortingGame
    FLY_S = 0.34
    HOP_S = 0.42
    MINI = (104, 30)
    TILTS = (-4.0, 3.0, -1.5, 5.0, 0.0, -5.0, 2.0)
    PILE_H = 104
    CARD_W = 600

    def hint(self) -> str:
        return _("Drag the card to a bin or click the bin, or choose one with the arrow keys "
                 "and press Enter")

    def counter_label(self) -> str:
        return _("Card {current} / {total}").format(current=self.current_number(),
                                                   total=self.rules.round_count)

    def __init__(self, rules: SortingGame, sounds: Sounds, theme: Theme,
                 reduced_motion: bool = False, warm_up: HyphenationWarmUp | None = None):
        self.drag_offset: tuple[int, int] | None = None  # where the card was grabbed
        self.card_pos = (0, 0)
        self.fly_from: tuple[int, int] = (0, 0)
        self._faces: dict[str, pygame.Surface] = {}
        self._minis: list[pygame.Surface] = []
        super().__init__(rules, sounds, theme, reduced_motion, warm_up)

    def layout_game(self) -> Iterator[None]:
        content = self.content
        bins = self.rules.spec.bins
        width = (content.width - GAP * (len(bins) - 1)) // len(bins)
        self.label_h = 0
        for b in bins:
            self.label_h = max(self.label_h, self._bin_label(b.label, width).size[1])
            yield
        bins_h = 10 + self.label_h + 8 + self.PILE_H + 10
        self.bins = {b.id: pygame.Rect(content.left + i * (width + GAP), content.bottom - bins_h,
                                       width, bins_h) for i, b in enumerate(bins)}
        self.card_area = pygame.Rect(content.left, content.top, content.width,
                                     content.bottom - bins_h - 16 - content.top)
        text_h = 0
        for card in self.rules.spec.cards:
            text_h = max(text_h, self._card_text(card.text).size[1])
            yield
        self.CARD_RECT = pygame.Rect(0, 0, self.CARD_W, min(self.card_area.height, text_h + 48))
        self.CARD_RECT.center = self.card_area.center
        self.card_pos = self.CARD_RECT.topleft
        self._faces.clear()
        self._paper = paper(self.theme, self.CARD_RECT.size)
        self._minis = [mini_card(self.theme, self.MINI, tilt) for tilt in self.TILTS]
        for card in self.rules.spec.cards:
            self.prefetch.add(partial(self._face, card.text))
            self.prefetch.add_steps(self.card.prepare(Feedback(True, "", card.feedback),
                                                      self.card_area.width))

    def _bin_label(self, label: str, width: int) -> TextImage:
        return self._text(label, width - 24, BODY, self.theme.TEXT, bold=True, max_lines=2,
                          min_size=SMALL, align="center")

    def _card_text(self, text: str) -> TextImage:
        return self._text(text, self.CARD_W - 48, PROMPT_SIZE, self.theme.BOARD_TEXT, bold=True,
                          max_lines=3, min_size=PROMPT_MIN, align="center")

    def _face(self, text: str) -> pygame.Surface:
        """The whole card, words and all, for when it flies (shrinking as it goes)."""
        face = self._faces.get(text)
        if face is None:
            face = self._paper.copy()
            image = self._card_text(text)
            w, h = image.size
            face.blit(image.surface, ((face.get_width() - w) // 2, (face.get_height() - h) // 2))
            self._faces[text] = face
        return face

    # -- input ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Drag the card onto a bin; a plain click on a bin or the keyboard work too."""
        playing = self.rules.phase == Phase.PLAYING
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and playing and \
                self.card_rect().collidepoint(event.pos):
            self.drag_offset = (event.pos[0] - self.card_pos[0], event.pos[1] - self.card_pos[1])
            return
        if event.type == pygame.MOUSEMOTION and self.drag_offset is not None:
            moved = pygame.Rect((event.pos[0] - self.drag_offset[0],
                                 event.pos[1] - self.drag_offset[1]), self.CARD_RECT.size)
            self.card_pos = moved.clamp(pygame.Rect(0, 0, WIDTH, HEIGHT)).topleft
            self.hovered = self._option_at(event.pos)
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and \
                self.drag_offset is not None:
            self.drag_offset = None
            option = self._option_at(event.pos)
            if option:
                self.rules.pick(option)  # the card flies on from where it was let go
            else:
                self.card_pos = self.CARD_RECT.topleft
            return
        super().handle(event)

    def card_rect(self) -> pygame.Rect:
        self.ensure_layout()
        return pygame.Rect(self.card_pos, self.CARD_RECT.size)

    def option_rects(self) -> dict[str, pygame.Rect]:
        return dict(self.bins)

    def card_areas(self) -> list[pygame.Rect]:
        return [self.card_area]

    # -- the show ---------------------------------------------------------------------------
    def landed_at(self) -> float:
        show = self.show
        return self.FLY_S + (0.0 if show is None or show.right else self.HOP_S)

    def picked(self, show: PickShow) -> None:
        if self.reduced_motion:  # no flight: it lies where it lands, at once
            self.sounds.play("drop" if show.right else "wrong")
        else:
            self.sounds.play("whoosh")
        self.fly_from = self.card_rect().center
        self.card_pos = self.CARD_RECT.topleft

    def play_show(self, show: PickShow) -> None:
        if self.reduced_motion:
            return
        if show.once("first", self.FLY_S):
            self.sounds.play("drop" if show.right else "wrong")
        if not show.right and show.once("hop", self.FLY_S + 0.08):
            self.sounds.play("whoosh")
        if not show.right and show.once("landed", self.landed_at()):
            self.sounds.play("drop")

    def pile_area(self, bin_id: str) -> pygame.Rect:
        rect = self.bins[bin_id]
        return pygame.Rect(rect.left + 10, rect.bottom - 10 - self.PILE_H, rect.width - 20,
                           self.PILE_H)

    def pile_spot(self, bin_id: str, position: int, count: int) -> pygame.Rect:
        """Where the card at position (0: the bottom) lies on a pile of count cards."""
        pile = self.pile_area(bin_id)
        step = 9.0 if count <= 1 else min(9.0, (self.PILE_H - self.MINI[1] - 10) / (count - 1))
        mini = self._minis[position % len(self._minis)].get_rect()
        mini.midbottom = (pile.centerx - 20 + ((position % 3) - 1) * 7,
                          pile.bottom - 6 - round(position * step))
        return mini

    def flight(self) -> tuple[tuple[float, float], float] | None:
        """Where the flying card is and how big (1: full size), while it flies."""
        show = self.show
        if show is None or show.age >= self.landed_at():
            return None
        pile = self.rules.piles()[show.placed_id]
        end = self.pile_spot(show.placed_id, len(pile) - 1, len(pile)).center
        mini = self.MINI[0] / self.CARD_W
        first_end = end if show.right else self.pile_spot(
            show.option_id, len(self.rules.piles()[show.option_id]),
            len(self.rules.piles()[show.option_id]) + 1).center
        if show.age < self.FLY_S:
            t = ease_out(show.age / self.FLY_S)
            x, y = lerp_point(self.fly_from, first_end, t)
            return (x, y - math.sin(t * math.pi) * 60), lerp(1.0, mini, t)
        t = ease_out((show.age - self.FLY_S) / self.HOP_S)
        x, y = lerp_point(first_end, end, t)
        return (x, y - math.sin(t * math.pi) * 110), mini

    # -- drawing ----------------------------------------------------------------------------
    def draw_game(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        current = rules.current
        playing = rules.phase == Phase.PLAYING
        selected = current.options[rules.selected].id if current and playing and \
            rules.selected is not None else None
        piles = rules.piles()
        flight = self.flight()
        show = self.show
        for b in rules.spec.bins:
            rect = self.bins[b.id]
            colour = theme.PANEL_HIGH if b.id != self.hovered else shade(theme.PANEL_HIGH, 1.15)
            theme.panel(surface, rect, colour, radius=12)
            theme.control(surface, rect)
            label = self._bin_label(b.label, rect.width)
            label.draw(theme, surface, (rect.left + 12, rect.top + 10), rect)
            count = len(piles[b.id])
            if flight is not None and show is not None and b.id == show.placed_id:
                count -= 1  # the card on its way lands here
            for position in range(count):
                mini = self._minis[position % len(self._minis)]
                surface.blit(mini, self.pile_spot(b.id, position, count))
            self._draw_count(surface, rect, count)
            mark = self.mark_for(b.id) if show is not None and \
                (flight is None or show.age >= self.FLY_S) else None
            if mark:
                (theme.check_mark if mark == "tick" else theme.cross_mark)(
                    surface, (rect.right - 24, rect.top + 10 + self.label_h + 22), 13,
                    container=rect)
            if b.id == selected:
                theme.focus_ring(surface, rect, 14)
        if current is None:
            return
        if show is not None:
            if flight is not None:
                (x, y), scale = flight
                face = self._face(show.round.prompt)
                w, h = face.get_size()
                small = pygame.transform.smoothscale(face, (max(1, round(w * scale)),
                                                            max(1, round(h * scale))))
                surface.blit(small, small.get_rect(center=(round(x), round(y))))
            return
        self._draw_sort_card(surface, current.prompt)

    def _draw_sort_card(self, surface: pygame.Surface, text: str) -> None:
        """The card to sort: it pops in, and follows the mouse while dragged."""
        theme = self.theme
        rect = self.card_rect()
        grow = 1.0 if self.reduced_motion or self.drag_offset else \
            ease_out_back(self.round_age / 0.28, 1.4)
        if abs(grow - 1.0) > 0.01:
            face = self._face(text)
            w, h = face.get_size()
            small = pygame.transform.smoothscale(face, (max(1, round(w * grow)),
                                                        max(1, round(h * grow))))
            surface.blit(small, small.get_rect(center=rect.center))
            return
        if self.drag_offset is not None:
            overlay(theme, surface)  # carried over the bins: it covers what lies under it
        surface.blit(self._paper, rect)
        theme.control(surface, rect)
        image = self._card_text(text)
        image.draw(theme, surface, (rect.left + (rect.width - image.size[0]) // 2,
                                    rect.top + (rect.height - image.size[1]) // 2), rect,
                   moving=self.drag_offset is not None)

    def _draw_count(self, surface: pygame.Surface, rect: pygame.Rect, count: int) -> None:
        """How many cards lie in the bin, as a number in a disc at its bottom right."""
        theme = self.theme
        text = str(count)
        face = theme.font(BODY, True)
        radius = max(face.size(text)[0], face.get_height()) // 2 + 6
        centre = (rect.right - 12 - radius, rect.bottom - 12 - radius)
        disc = pygame.Rect(centre[0] - radius, centre[1] - radius, 2 * radius, 2 * radius)
        pygame.draw.circle(surface, theme.BACKGROUND_LOW, centre, radius)
        pygame.draw.circle(surface, theme.GOLD if count else theme.TEXT_DIM, centre, radius, 3)
        theme.text(surface, text, centre, BODY, theme.TEXT, True, anchor="center",
                   container=disc)


class SequencingView(RoundView):
    """A timeline on the left that grows one step at a time; the steps to choose on the
    right. The chosen step flies into its place on the line (after a wrong pick, the step that
    may come next flies there instead, and the card says which step had to come first)."""

    rules: SequencingGame
    FLY_S = 0.36

    def hint(self) -> str:
        return _("Choose the step that comes next: click it, or arrow keys and Enter")

    def counter_label(self) -> str:
        return _("Choice {current} / {total} · the last step places itself").format(
            current=self.current_number(), total=self.rules.round_count)

    def wrong_title(self, answer: str) -> str:
        return _("Not yet. Placed instead: {step}").format(step=answer)

    def layout_game(self) -> Iterator[None]:
        content = self.content
        steps = self.rules.spec.steps
        self.row_h = min(self.theme.line_height(BODY) * 2 + 16,
                         (content.height - ROW_GAP * (len(steps) - 1)) // len(steps))
        half = (content.width - 2 * GAP) // 2
        self.timeline = pygame.Rect(content.left, content.top, half, content.height)
        self.options_area = pygame.Rect(content.right - half, content.top, half, content.height)
        self.number_w = self.theme.font(BODY, True).size(f"{len(steps)}.")[0] + 12
        texts = [s.text for s in steps]
        slot = self.slot_inner(self.slot_rect(0))
        self.slot_size = yield from self.common_size(texts, slot.size, SMALL + 2)
        option = self.option_inner(pygame.Rect(0, 0, half, self.row_h))
        self.option_size = yield from self.common_size(texts, option.size, SMALL + 2)
        for text in texts:  # drawn once ahead, so the first frames only blit
            self.fitted(text, slot, self.slot_size, self.theme.TEXT)
            self.fitted(text, option, self.option_size, self.theme.TEXT)
            yield
        for step in steps:
            self.prefetch.add_steps(self.card.prepare(Feedback(True, "", step.feedback),
                                                      self.options_area.width))

    def slot_rect(self, position: int) -> pygame.Rect:
        return pygame.Rect(self.timeline.left + 44, self.timeline.top + position *
                           (self.row_h + ROW_GAP), self.timeline.width - 44, self.row_h)

    def slot_inner(self, rect: pygame.Rect) -> pygame.Rect:
        return pygame.Rect(rect.left + 10 + self.number_w, rect.top + 4,
                           rect.width - 20 - self.number_w, rect.height - 8)

    def node(self, position: int) -> tuple[int, int]:
        return self.timeline.left + 16, self.slot_rect(position).centery

    def option_rects(self) -> dict[str, pygame.Rect]:
        current = self.rules.current
        if current is None:
            return {}
        area = self.options_area
        return {o.id: pygame.Rect(area.left, area.top + i * (self.row_h + ROW_GAP), area.width,
                                  self.row_h) for i, o in enumerate(current.options)}

    def card_areas(self) -> list[pygame.Rect]:
        return [self.options_area]

    def landed_at(self) -> float:
        show = self.show
        return self.FLY_S + (0.0 if show is None or show.right else SHAKE_S)

    def picked(self, show: PickShow) -> None:
        super().picked(show)
        self.sounds.play("snap" if self.reduced_motion else "place")

    def play_show(self, show: PickShow) -> None:
        if self.reduced_motion:
            return
        if not show.right and show.once("place", SHAKE_S):
            self.sounds.play("place")
        if show.once("snap", self.landed_at()):
            self.sounds.play("snap")

    def shown_placed(self) -> list[str]:
        """The steps on the timeline now: a step in flight is not there yet."""
        placed = self.rules.placed()
        show = self.show
        if show is None or show.age >= self.landed_at():
            return placed
        count = next((n for n, step in enumerate(placed) if step == show.placed_id), len(placed))
        return placed[:count]

    def draw_game(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        steps = {s.id: s for s in rules.spec.steps}
        placed = self.shown_placed()
        total = len(rules.spec.steps)
        if placed:  # the line grows from the first node to the last step placed
            grow = 1.0
            show = self.show
            if show is not None and not self.reduced_motion:
                grow = clamp01((show.age - self.landed_at()) / 0.2)
            last = self.node(len(placed) - 1)
            before = self.node(max(0, len(placed) - 2))
            end_y = lerp(before[1], last[1], grow) if len(placed) > 1 else last[1]
            pygame.draw.line(surface, theme.SUCCESS, self.node(0), (last[0], round(end_y)), 5)
        for position in range(total):
            centre = self.node(position)
            rect = self.slot_rect(position)
            if position < len(placed):
                pygame.draw.circle(surface, theme.SUCCESS, centre, 11)
                theme.panel(surface, rect, theme.PANEL, radius=8)
                theme.text(surface, f"{position + 1}.", (rect.left + 10, rect.centery), BODY,
                           theme.TEXT_DIM, True, anchor="midleft", container=rect)
                inner = self.slot_inner(rect)
                image = self.fitted(steps[placed[position]].text, inner, self.slot_size,
                                    theme.TEXT)
                image.draw(theme, surface, (inner.left, rect.centery - image.size[1] // 2), rect)
            elif position == len(placed) and rules.phase == Phase.PLAYING:
                pygame.draw.circle(surface, theme.FOCUS, centre, 11, 3)
                pygame.draw.rect(surface, theme.PANEL_HIGH, rect, 2, border_radius=8)
                theme.text(surface, "?", (rect.left + 16, rect.centery), BODY, theme.FOCUS,
                           True, anchor="midleft", container=rect)
            else:
                pygame.draw.circle(surface, theme.PANEL_HIGH, centre, 6)
        self._draw_options(surface)
        self._draw_flight(surface, placed)

    def _draw_options(self, surface: pygame.Surface) -> None:
        rules = self.rules
        current = rules.current
        if current is None:
            return
        selected = current.options[rules.selected].id if rules.selected is not None else None
        show = self.show
        rects = self.option_rects()
        for option in current.options:
            if show is not None and option.id == show.placed_id and \
                    show.age >= self.landed_at() - self.FLY_S:
                continue  # on its way to the timeline, or there
            shifted = rects[option.id].move(self.shake_offset(option.id), 0)
            self.draw_option(surface, option.id, option.text, shifted, option.id == selected,
                             self.option_size)

    def _draw_flight(self, surface: pygame.Surface, placed: list[str]) -> None:
        show = self.show
        if show is None or self.reduced_motion:
            return
        start_at = self.landed_at() - self.FLY_S
        if not start_at <= show.age < self.landed_at():
            return
        source = self.option_rects().get(show.placed_id)
        if source is None:
            return
        theme = self.theme
        target = self.slot_rect(len(placed))
        t = ease_out((show.age - start_at) / self.FLY_S)
        rect = pygame.Rect(0, 0, round(lerp(source.width, target.width, t)),
                           round(lerp(source.height, target.height, t)))
        x, y = lerp_point(source.center, target.center, t)
        rect.center = (round(x), round(y - math.sin(t * math.pi) * 40))
        overlay(theme, surface)  # it flies over the others
        pygame.draw.rect(surface, theme.SHADOW, rect.move(4, 6), border_radius=10)
        theme.panel(surface, rect, theme.PANEL_HIGH, radius=10, border=theme.SUCCESS, width=3)
        image = self.fitted(self.rules.spec.step(show.placed_id).text,
                            self.option_inner(source), self.option_size, theme.TEXT)
        clip = surface.get_clip()
        surface.set_clip(rect.inflate(-6, -6))
        image.draw(theme, surface, (rect.left + 12, rect.centery - image.size[1] // 2), rect,
                   moving=True)
        surface.set_clip(clip)


class PairingView(RoundView):
    """Items on the left in the order they are asked; on the right their partners. A matched
    partner slides next to its item and a link joins them; the pairs stay together."""

    rules: PairingGame
    SLIDE_S = 0.3
    LINK_S = 0.22
    LINK_GAP = 72

    def hint(self) -> str:
        return _("Pick the partner of the highlighted item: click it, or arrow keys and Enter")

    def counter_label(self) -> str:
        return _("Choice {current} / {total} · the last pair links itself").format(
            current=self.current_number(), total=self.rules.round_count)

    def layout_game(self) -> Iterator[None]:
        content = self.content
        pairs = self.rules.order
        count = len(pairs)
        self.row_h = min(self.theme.line_height(BODY) * 2 + 16,
                         (content.height - ROW_GAP * (count - 1)) // count)
        self.left_w = round(content.width * 0.34)
        self.right_x = content.left + self.left_w + self.LINK_GAP
        self.right_w = content.right - self.right_x
        self._from: dict[str, int] = {}  # rows the partners slide from, during a show
        self.left_size = yield from self.common_size(
            [p.left for p in pairs], (self.left_w - 24, self.row_h - 8), BODY, bold=True)
        inner = self.option_inner(pygame.Rect(0, 0, self.right_w, self.row_h))
        self.right_size = yield from self.common_size([p.right for p in pairs], inner.size,
                                                      SMALL + 2)
        left = pygame.Rect(0, 0, self.left_w - 24, self.row_h - 8)
        for pair in pairs:  # drawn once ahead, so the first frames only blit
            self.fitted(pair.left, left, self.left_size, self.theme.TEXT, bold=True)
            self.fitted(pair.right, inner, self.right_size, self.theme.TEXT)
            yield
        for pair in pairs:
            self.prefetch.add_steps(self.card.prepare(Feedback(True, "", pair.feedback),
                                                      content.width))

    def row_y(self, row: int) -> int:
        return self.content.top + row * (self.row_h + ROW_GAP)

    def left_rect(self, row: int) -> pygame.Rect:
        return pygame.Rect(self.content.left, self.row_y(row), self.left_w, self.row_h)

    def partner_rows(self) -> dict[str, int]:
        """Where each partner sits: a matched one in the row of its item, the open ones in the
        rows left over, in the order the keyboard goes through them."""
        rules = self.rules
        order = [p.id for p in rules.order]
        matched = rules.matched()
        rows = {pair_id: order.index(pair_id) for pair_id in matched}
        free = [row for row in range(len(order)) if row not in rows.values()]
        current = rules.current
        open_ids = [o.id for o in current.options] if current and rules.phase == Phase.PLAYING \
            else [o.id for o in rules.rights if o.id not in rows]
        for pair_id, row in zip(open_ids, free, strict=False):
            rows[pair_id] = row
        return rows

    def sliding(self, pair_id: str) -> bool:
        show = self.show
        return show is not None and pair_id in self._from and not self.reduced_motion and \
            self._from[pair_id] != self.partner_rows().get(pair_id) and \
            show.age < self.slide_start() + self.SLIDE_S

    def slide_start(self) -> float:
        show = self.show
        return SHAKE_S if show is not None and not show.right else 0.0

    def right_rect(self, pair_id: str) -> pygame.Rect:
        row = self.partner_rows().get(pair_id, 0)
        y = float(self.row_y(row))
        show = self.show
        if show is not None and pair_id in self._from and not self.reduced_motion:
            t = ease_out((show.age - self.slide_start()) / self.SLIDE_S)
            y = lerp(self.row_y(self._from[pair_id]), y, t)
        return pygame.Rect(self.right_x, round(y), self.right_w, self.row_h)

    def option_rects(self) -> dict[str, pygame.Rect]:
        current = self.rules.current
        if current is None or self.rules.phase != Phase.PLAYING:
            return {}
        return {o.id: self.right_rect(o.id) for o in current.options}

    def option_centre(self, option_id: str) -> tuple[int, int] | None:
        self.ensure_layout()
        return self.right_rect(option_id).center

    def card_areas(self) -> list[pygame.Rect]:
        rules = self.rules
        row = min(rules.index, len(rules.order) - 1)
        active = self.left_rect(row)
        below = pygame.Rect(self.content.left, active.bottom + 10, self.content.width,
                            HEIGHT - 8 - active.bottom - 10)
        above = pygame.Rect(self.content.left, self.content.top, self.content.width,
                            active.top - 10 - self.content.top)
        return sorted([below, above], key=lambda a: -a.height)

    def landed_at(self) -> float:
        return self.slide_start() + self.SLIDE_S + self.LINK_S

    def picked(self, show: PickShow) -> None:
        super().picked(show)
        rules = self.rules
        order = [p.id for p in rules.order]
        taken = {order.index(pair_id) for pair_id in order[:rules.index]}
        free = [row for row in range(len(order)) if row not in taken]
        # where the partners were during this round: the slide starts there
        self._from = dict(zip([o.id for o in show.round.options], free, strict=False))
        if self.reduced_motion:
            self.sounds.play("match")

    def play_show(self, show: PickShow) -> None:
        if self.reduced_motion:
            return
        if show.once("link", self.landed_at() - self.LINK_S):
            self.sounds.play("link")
        if show.once("match", self.landed_at()):
            self.sounds.play("match")

    def link_share(self, pair_id: str) -> float:
        """How much of a pair's link is drawn (it grows left to right as the pair is made)."""
        show = self.show
        if show is None or self.reduced_motion:
            return 1.0
        if pair_id == show.round.item_id or (self.rules.answered_all and
                                             pair_id == self.rules.order[-1].id):
            return clamp01((show.age - (self.landed_at() - self.LINK_S)) / self.LINK_S)
        return 1.0

    def draw_game(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        current = rules.current
        playing = rules.phase == Phase.PLAYING
        matched = rules.matched()
        outcome = {item.item_id: item.correct for item in rules.items}
        for row, pair in enumerate(rules.order):
            rect = self.left_rect(row)
            active = current is not None and pair.id == current.item_id
            theme.panel(surface, rect, theme.ACCENT if active else theme.PANEL, radius=10,
                        border=theme.FOCUS if active else None, width=3)
            inner = rect.inflate(-24, -8)
            image = self.fitted(pair.left, inner, self.left_size, theme.TEXT, bold=True)
            image.draw(theme, surface, (inner.left, rect.centery - image.size[1] // 2), rect)
        selected = current.options[rules.selected].id if current and playing and \
            rules.selected is not None else None
        # the partner just matched slides up over the others (they make room row by row)
        moving = [o for o in rules.rights if self.show is not None and
                  o.id == self.show.placed_id and self.sliding(o.id)]
        for option in rules.rights:
            if option not in moving:
                self._draw_partner(surface, option.id, option.text, option.id in matched,
                                   option.id == selected)
        for row, pair in enumerate(rules.order):
            if pair.id in matched and not self.sliding(pair.id):
                self._draw_link(surface, row, pair.id, outcome.get(pair.id))
        if moving:
            overlay(theme, surface)  # a partner sliding into place passes over the others
            for option in moving:
                self._draw_partner(surface, option.id, option.text, option.id in matched,
                                   False)

    def _draw_partner(self, surface: pygame.Surface, pair_id: str, text: str, matched: bool,
                      selected: bool) -> None:
        theme = self.theme
        rect = self.right_rect(pair_id)
        if not matched:
            self.draw_option(surface, pair_id, text, rect.move(self.shake_offset(pair_id), 0),
                             selected, self.right_size)
            return
        theme.panel(surface, rect, theme.PANEL, radius=10, border=theme.SUCCESS)
        inner = self.option_inner(rect)
        image = self.fitted(text, inner, self.right_size, theme.TEXT)
        image.draw(theme, surface, (inner.left, rect.centery - image.size[1] // 2), rect)

    def _draw_link(self, surface: pygame.Surface, row: int, pair_id: str,
                   right: bool | None) -> None:
        theme = self.theme
        share = self.link_share(pair_id)
        if share <= 0:
            return
        start = self.left_rect(row).midright
        end = self.right_rect(pair_id).midleft
        tip = lerp_point(start, end, share)
        colour = theme.SUCCESS if right is not False else theme.WARNING
        pygame.draw.line(surface, colour, start, tip, 5)
        pygame.draw.circle(surface, colour, start, 7)
        if share >= 1:
            pygame.draw.circle(surface, colour, end, 7)
            middle = (round((start[0] + end[0]) / 2), round((start[1] + end[1]) / 2))
            if right is True:
                theme.check_mark(surface, middle, 12)
            elif right is False:
                theme.cross_mark(surface, middle, 12)
