"""Sequencing: a timeline that grows a step at a time; the chosen step flies into its place
on the line, and after a wrong pick the step that may come next does."""
from __future__ import annotations

import math
from collections.abc import Iterator

import pygame

from learnsocial.games.base import Phase
from learnsocial.games.sequencing import SequencingGame
from learnsocial.i18n import _
from learnsocial.ui.games.feel import (
    Feedback,
    clamp01,
    ease_out,
    lerp,
    lerp_point,
    overlay,
)
from learnsocial.ui.games.rounds_view import (
    ROW_GAP,
    SHAKE_S,
    PickShow,
    RoundView,
)
from learnsocial.ui.theme import BODY, GAP, SMALL


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
