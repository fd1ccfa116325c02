"""Pairing: a matched partner slides next to its item and a link grows between them; the
pairs stay together, row by row."""
from __future__ import annotations

from collections.abc import Iterator

import pygame

from learnsocial.games.base import Phase
from learnsocial.games.pairing import PairingGame
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
from learnsocial.ui.theme import BODY, HEIGHT, SMALL


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
