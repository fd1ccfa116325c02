"""Sorting: the card over the bins flies into the bin picked and lies on its pile there; a
wrong bin throws it on to the right one, and each bin counts its cards."""
from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial

import pygame

from learnsocial.games.base import Phase
from learnsocial.games.sorting import SortingGame
from learnsocial.i18n import _
from learnsocial.ui.games.feel import (
    Feedback,
    HyphenationWarmUp,
    TextImage,
    ease_out,
    ease_out_back,
    lerp,
    lerp_point,
    overlay,
)
from learnsocial.ui.games.rounds_view import (
    PROMPT_MIN,
    PROMPT_SIZE,
    PickShow,
    RoundView,
)
from learnsocial.ui.sound import Sounds
from learnsocial.ui.theme import BODY, GAP, HEIGHT, SMALL, WIDTH, Theme, shade


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
