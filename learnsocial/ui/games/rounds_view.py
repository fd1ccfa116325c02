"""Views for the round games (sorting, sequencing, pairing): options to click or choose by key.

One base draws what they share (task banner, progress, points, feedback with icons); each game
lays out its own options and extras. Mouse and keyboard both end in rules.pick(option_id).
"""
from __future__ import annotations

from typing import Any

import pygame

from learnsocial.games.base import Phase
from learnsocial.games.pairing import PairingGame
from learnsocial.games.rounds import RoundGame
from learnsocial.games.sequencing import SequencingGame
from learnsocial.games.sorting import SortingGame
from learnsocial.i18n import _
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import BODY, GAP, HEIGHT, MARGIN, SMALL, WIDTH, Theme, shade
from learnsocial.ui.widgets import ACTIVATE_KEYS, selection_step

BANNER = pygame.Rect(MARGIN, 20, WIDTH - 2 * MARGIN, 104)


class RoundView:
    rules: RoundGame[Any]

    def hint(self) -> str:
        return ""

    def __init__(self, rules: RoundGame[Any], sounds: Sounds, theme: Theme,
                 reduced_motion: bool = False):
        self.rules = rules
        self.sounds = sounds
        self.theme = theme
        self.reduced_motion = reduced_motion
        self.hovered: str | None = None
        self.feedback_pick: str | None = None

    # -- layout (per game) ----------------------------------------------------------------
    def option_rects(self) -> dict[str, pygame.Rect]:
        raise NotImplementedError

    def focus_label(self) -> str | None:
        current = self.rules.current
        if current is None:
            return None
        if self.rules.selected is None:
            return current.prompt
        return current.options[self.rules.selected].text

    def option_centre(self, option_id: str) -> tuple[int, int] | None:
        """Where an option is on screen (the demo driver aims here like a mouse)."""
        rect = self.option_rects().get(option_id)
        return rect.center if rect else None

    def draw_extras(self, surface: pygame.Surface) -> None:
        """What a game draws besides the options (the card, the sequence, the left column)."""

    def progress_label(self) -> str:
        return _("{current} / {total}").format(
            current=min(self.rules.index + 1, self.rules.round_count),
            total=self.rules.round_count)

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        rules = self.rules
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self._option_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            option = self._option_at(event.pos)
            if option:
                rules.pick(option)
        elif event.type == pygame.KEYDOWN:
            step = selection_step(event)
            if step:
                rules.select_next(step)
            elif event.key in ACTIVATE_KEYS:
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
        self.rules.advance(dt)
        for event in self.rules.take_events():
            self.sounds.play("hit" if event == "right" else "wrong")
        if self.rules.phase == Phase.FEEDBACK and self.rules.picks:
            self.feedback_pick = self.rules.picks[-1].option_id
        elif self.rules.phase != Phase.FEEDBACK:
            self.feedback_pick = None

    # -- drawing --------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.gradient(surface, theme.GAME_TOP, theme.GAME_BOTTOM)
        self._draw_banner(surface)
        self.draw_extras(surface)
        self._draw_options(surface)
        theme.text(surface, self.hint(), (WIDTH // 2, HEIGHT - 24), SMALL,
                   theme.TEXT_DIM, anchor="center")

    def _draw_banner(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        theme.panel(surface, BANNER, theme.PANEL)
        theme.text(surface, self.progress_label(), (BANNER.left + 20, BANNER.top + 10),
                   SMALL, theme.TEXT_DIM)
        chip = _("{points} points").format(points=rules.points)
        if rules.streak > 1:
            chip += "  ·  " + _("Streak ×{count}").format(count=rules.streak)
        theme.text(surface, chip, (BANNER.right - 20, BANNER.top + 10), SMALL,
                   theme.WARNING, True, anchor="topright")
        area = pygame.Rect(BANNER.left + 20, BANNER.top + 38, BANNER.width - 40, 60)
        last = rules.items[-1] if rules.phase == Phase.FEEDBACK and rules.items else None
        if last is None:
            theme.block(surface, rules.spec.prompt, area, 22, bold=True, max_lines=2, min_size=18,
                        container=BANNER)
            return
        if last.correct:
            theme.check_mark(surface, (area.left + 16, area.top + 16), 16)
            message = _("Right! {points} points").format(points=last.points)
        else:
            theme.cross_mark(surface, (area.left + 16, area.top + 16), 16)
            message = _("Not quite. The answer: {answer}").format(answer=last.right_answer)
        theme.block(surface, message, area.move(44, 0).inflate(-44, 0), 22, bold=True,
                    max_lines=2, min_size=18, container=BANNER)

    def _draw_options(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        current = rules.current
        if current is None:
            return
        allowed = [o.id for o in current.options]
        selected = current.options[rules.selected].id if rules.selected is not None else None
        for option_id, rect in self.option_rects().items():
            if option_id not in allowed:
                continue
            text = rules.option_text(current, option_id)
            face = theme.PANEL_HIGH if option_id != self.hovered else shade(
                theme.PANEL_HIGH, 1.15)
            theme.panel(surface, rect, face, radius=10)
            theme.control(surface, rect)
            inner = rect.inflate(-28, -16)
            theme.block(surface, text, inner, BODY, align="center" if rect.width < 360 else "left",
                        max_lines=max(1, inner.height // theme.line_height(BODY)),
                        min_size=SMALL, container=rect)
            if self.feedback_pick is not None:
                if option_id == current.answer_id:
                    theme.check_mark(surface, (rect.right - 4, rect.top + 4), 14)
                elif option_id == self.feedback_pick:
                    theme.cross_mark(surface, (rect.right - 4, rect.top + 4), 14)
            if option_id == selected:
                theme.focus_ring(surface, rect, 12)


def card(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, text: str) -> None:
    theme.panel(surface, rect, theme.BOARD, radius=12, border=theme.BOARD_EDGE, width=3)
    block = theme.lay_out(text, rect.width - 40, 22, bold=True,
                          max_lines=max(1, (rect.height - 24) // theme.line_height(22)),
                          min_size=SMALL)
    theme.block(surface, block, pygame.Rect(rect.left + 20, rect.centery - block.height // 2,
                                            rect.width - 40, block.height),
                colour=theme.BOARD_TEXT, align="center", container=rect)


class SortingView(RoundView):
    rules: SortingGame

    def hint(self) -> str:
        return _("Click a bin, or choose one with the arrow keys and press Enter")

    CARD_RECT = pygame.Rect(WIDTH // 2 - 280, 170, 560, 170)

    def __init__(self, rules: SortingGame, sounds: Sounds, theme: Theme,
                 reduced_motion: bool = False):
        super().__init__(rules, sounds, theme, reduced_motion)
        self.drag_offset: tuple[int, int] | None = None  # where the card was grabbed
        self.card_pos = self.CARD_RECT.topleft

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
            self.card_pos = self.CARD_RECT.topleft
            option = self._option_at(event.pos)
            if option:
                self.rules.pick(option)
            return
        super().handle(event)

    def card_rect(self) -> pygame.Rect:
        return pygame.Rect(self.card_pos, self.CARD_RECT.size)

    def option_rects(self) -> dict[str, pygame.Rect]:
        bins = self.rules.spec.bins
        gap = GAP
        width = (WIDTH - 2 * MARGIN - gap * (len(bins) - 1)) // len(bins)
        return {b.id: pygame.Rect(MARGIN + i * (width + gap), 420, width, 220)
                for i, b in enumerate(bins)}

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        current = self.rules.current
        if current is not None:
            card(surface, self.theme, self.card_rect(), current.prompt)  # dragged over the bins

    def draw_extras(self, surface: pygame.Surface) -> None:
        sorted_count = self.rules.sorted_into()
        for option_id, rect in self.option_rects().items():
            count = sorted_count.get(option_id, 0)
            for n in range(count):  # the cards already in this bin, as a small stack
                pygame.draw.rect(surface, self.theme.BOARD, (rect.left + 16 + n * 10, rect.bottom - 34 - n * 4,
                                                 60, 22), border_radius=4)


class SequencingView(RoundView):
    rules: SequencingGame

    def hint(self) -> str:
        return _("Choose the step that comes next: click it, or arrow keys and Enter")

    SLOT_H = 52

    def progress_label(self) -> str:
        return _("Step {current} / {total}").format(
            current=min(self.rules.index + 1, len(self.rules.spec.steps)),
            total=len(self.rules.spec.steps))

    def option_rects(self) -> dict[str, pygame.Rect]:
        current = self.rules.current
        if current is None:
            return {}
        return {o.id: pygame.Rect(WIDTH // 2 + 16, 150 + i * (self.SLOT_H + 12),
                                  WIDTH // 2 - 16 - MARGIN, self.SLOT_H)
                for i, o in enumerate(current.options)}

    def draw_extras(self, surface: pygame.Surface) -> None:
        theme = self.theme
        steps = self.rules.spec.steps
        placed = self.rules.placed()
        theme.text(surface, _("Your sequence"), (MARGIN, 140), SMALL, theme.TEXT_DIM)
        for n, step in enumerate(steps):
            rect = pygame.Rect(MARGIN, 166 + n * (self.SLOT_H + 8),
                               WIDTH // 2 - MARGIN - 16, self.SLOT_H)
            filled = step.id in placed
            theme.panel(surface, rect, theme.PANEL if filled else theme.BACKGROUND_LOW,
                        radius=8, border=None if filled else theme.PANEL_HIGH)
            theme.text(surface, f"{n + 1}.", (rect.left + 14, rect.centery), BODY,
                       theme.TEXT_DIM, True, anchor="midleft")
            if filled:
                theme.block(surface, step.text, pygame.Rect(rect.left + 52, rect.top + 6,
                                                            rect.width - 64, rect.height - 12),
                            SMALL + 1, max_lines=2, min_size=14, container=rect)
            elif n == len(placed):
                theme.text(surface, "?", (rect.left + 60, rect.centery), BODY,
                           theme.FOCUS, True, anchor="midleft")


class PairingView(RoundView):
    rules: PairingGame

    def hint(self) -> str:
        return _("Pick the partner of the highlighted item: click it, or arrow keys and Enter")

    ROW_H = 62

    def option_rects(self) -> dict[str, pygame.Rect]:
        return {o.id: pygame.Rect(WIDTH // 2 + 60, 150 + i * (self.ROW_H + 10),
                                  WIDTH // 2 - 60 - MARGIN, self.ROW_H)
                for i, o in enumerate(self.rules.rights)}

    def draw_extras(self, surface: pygame.Surface) -> None:
        theme = self.theme
        rules = self.rules
        matched = rules.matched()
        rights = self.option_rects()
        current = rules.current
        for n, pair in enumerate(rules.order):
            rect = pygame.Rect(MARGIN, 150 + n * (self.ROW_H + 10),
                               WIDTH // 2 - 120 - MARGIN, self.ROW_H)
            active = current is not None and pair.id == current.item_id
            theme.panel(surface, rect, theme.ACCENT if active else theme.PANEL, radius=10)
            theme.block(surface, pair.left, rect.inflate(-28, -14), BODY, bold=True,
                        max_lines=2, min_size=SMALL, container=rect)
            if pair.id in matched:
                target = rights[pair.id]
                pygame.draw.line(surface, theme.SUCCESS, rect.midright, target.midleft, 4)
                pygame.draw.circle(surface, theme.SUCCESS, rect.midright, 6)
                pygame.draw.circle(surface, theme.SUCCESS, target.midleft, 6)
        open_ids = {o.id for o in current.options} if current else set()
        for option_id, rect in rights.items():
            if option_id in open_ids:
                continue  # drawn as a choosable option by the base
            theme.panel(surface, rect, theme.BACKGROUND_LOW, radius=10, border=theme.PANEL)
            text = next(o.text for o in rules.rights if o.id == option_id)
            theme.block(surface, text, rect.inflate(-28, -16), SMALL + 2, theme.TEXT_DIM,
                        max_lines=2, min_size=14, container=rect)
