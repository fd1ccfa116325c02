"""The chapter map: every chapter as a card with its status and best score."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.badges import Badge
from learnsocial.content.model import Chapter
from learnsocial.i18n import _, ngettext, percent
from learnsocial.progress.records import ChapterProgress, ChapterStatus
from learnsocial.ui.badge_art import draw_badge
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH, Theme

if TYPE_CHECKING:
    from learnsocial.ui.app import App

COLUMNS = 3
CARD_W, CARD_H = 384, 236
TOP = 132


@dataclass(frozen=True)
class MapChoice:
    """What the learner chose on the map: a chapter to open, or another screen."""

    chapter: Chapter | None = None
    action: str = ""  # "profile" or "settings" when no chapter


def _card_rect(index: int) -> pygame.Rect:
    row, column = divmod(index, COLUMNS)
    left = MARGIN + column * (CARD_W + MARGIN)
    return pygame.Rect(left, TOP + row * (CARD_H + MARGIN), CARD_W, CARD_H)


def status_label(status: str, locked: bool) -> str:
    if locked:
        return _("Locked")
    labels: dict[str, str] = {ChapterStatus.COMPLETED: _("Completed"),
                              ChapterStatus.IN_PROGRESS: _("In progress"),
                              ChapterStatus.FAILED: _("Not passed yet")}
    return labels.get(status, _("Not started"))


class ChapterMapScene(Scene):
    name = "map"

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = 0
        self.message = ""
        self.progress: dict[str, ChapterProgress] = {}
        self.badges: list[Badge] = []
        self.greeting = ""
        session = app.session
        if session.employee:
            name = session.employee.display_name
            self.greeting = (_("Welcome back, {name}!") if session.returning
                             else _("Welcome, {name}!")).format(name=name)

    def on_show(self) -> None:
        self.progress = self.app.session.progress()
        self.badges = self.app.session.badges()
        chapters = self.app.session.course.chapters
        # Focus the first chapter not yet completed, so Enter continues the course.
        for index, chapter in enumerate(chapters):
            record = self.progress.get(chapter.id)
            if not record or record.status != ChapterStatus.COMPLETED:
                self.focus = index
                break

    def on_reload(self) -> None:
        self.on_show()

    def focus_label(self) -> str | None:
        chapters = self.app.session.course.chapters
        if not chapters:
            return None
        chapter = chapters[self.focus]
        record = self.progress.get(chapter.id)
        status = status_label(record.status if record else ChapterStatus.NOT_STARTED,
                              not self.app.session.unlocked(chapter.id, self.progress))
        return f"{self.focus + 1}. {chapter.title}. {status}"

    def open(self, index: int) -> None:
        chapters = self.app.session.course.chapters
        if not 0 <= index < len(chapters):
            return
        chapter = chapters[index]
        if not self.app.session.unlocked(chapter.id, self.progress):
            self.message = _("Complete “{title}” first.").format(title=chapters[index - 1].title)
            return
        self.dismiss(MapChoice(chapter))

    def handle(self, event: pygame.event.Event) -> None:
        count = len(self.app.session.course.chapters)
        if event.type == pygame.KEYDOWN:
            self.message = ""
            step = {pygame.K_RIGHT: 1, pygame.K_LEFT: -1, pygame.K_DOWN: COLUMNS,
                    pygame.K_UP: -COLUMNS, pygame.K_TAB: -1 if event.mod & pygame.KMOD_SHIFT
                    else 1}.get(event.key)
            if step is not None and count:
                self.focus = (self.focus + step) % count
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.open(self.focus)
            elif event.key == pygame.K_p:
                self.dismiss(MapChoice(action="profile"))
            elif event.key == pygame.K_s:
                self.dismiss(MapChoice(action="settings"))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index in range(count):
                if _card_rect(index).collidepoint(event.pos):
                    self.focus = index
                    self.open(index)
        elif event.type == pygame.MOUSEMOTION:
            for index in range(count):
                if _card_rect(index).collidepoint(event.pos):
                    self.focus = index

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        session = self.app.session
        course = session.course
        chapters = course.chapters
        done = sum(1 for c in chapters if c.id in self.progress
                   and self.progress[c.id].status == ChapterStatus.COMPLETED)
        points = sum(p.points for p in self.progress.values())
        header = pygame.Rect(0, 0, WIDTH, TOP - 24)
        pygame.draw.rect(surface, theme.PANEL, header)
        theme.text(surface, course.title, (MARGIN, 14), HEADING, bold=True)
        theme.text(surface, self.greeting, (MARGIN, 16 + theme.line_height(HEADING)),
                   BODY, theme.TEXT_DIM)
        left = len(chapters) - done
        summary = (ngettext("{count} chapter left", "{count} chapters left", left)
                   .format(count=left) if left else _("Course completed"))
        theme.text(surface, summary, (WIDTH - MARGIN, 22), BODY, bold=True,
                   anchor="topright")
        points_rect = theme.text(surface, _("{points} points").format(points=points),
                                 (WIDTH - MARGIN,
                                  26 + theme.line_height(BODY)), BODY, theme.WARNING,
                                 anchor="topright")
        for n, badge in enumerate(self.badges):
            draw_badge(surface, theme, badge, (points_rect.left - 24 - n * 34, points_rect.centery), 14)
        for index in range(len(chapters) - 1):
            a, b = _card_rect(index), _card_rect(index + 1)
            if a.top == b.top:
                pygame.draw.line(surface, theme.PANEL_HIGH, a.midright, b.midleft, 6)
        for index, chapter in enumerate(chapters):
            self._draw_card(surface, index, chapter)
        footer = self.message or _("Arrows choose a chapter, Enter opens it · P profile · "
                                   "S settings · Esc menu")
        theme.text(surface, footer, (WIDTH // 2, HEIGHT - 26), SMALL,
                   theme.WARNING if self.message else theme.TEXT_DIM, anchor="center")

    def _draw_card(self, surface: pygame.Surface, index: int, chapter: Chapter) -> None:
        theme = self.theme
        rect = _card_rect(index)
        record = self.progress.get(chapter.id)
        status = record.status if record else ChapterStatus.NOT_STARTED
        locked = not self.app.session.unlocked(chapter.id, self.progress)  # no disk reads per frame
        colour = theme.hex_colour(chapter.colour)
        theme.panel(surface, rect, theme.PANEL)
        band = pygame.Rect(rect.left, rect.top, rect.width, 10)
        pygame.draw.rect(surface, theme.LOCKED if locked else colour, band,
                         border_top_left_radius=12, border_top_right_radius=12)
        number_centre = (rect.left + 40, rect.top + 52)
        pygame.draw.circle(surface, theme.LOCKED if locked else colour, number_centre, 24)
        pygame.draw.circle(surface, theme.TEXT_DIM, number_centre, 24, 2)
        theme.text(surface, str(index + 1), number_centre, BODY, bold=True, anchor="center")
        title_colour = theme.TEXT_DIM if locked else theme.TEXT
        status_y = rect.bottom - 12 - theme.line_height(BODY)
        room = status_y - theme.line_height(BODY) - rect.top - 30
        title = theme.lay_out(chapter.title, rect.width - 100, 22, bold=True,
                              max_lines=max(1, room // theme.line_height(22)), min_size=18)
        theme.block(surface, title, pygame.Rect(rect.left + 80, rect.top + 28, rect.width - 100,
                                                title.height), colour=title_colour,
                    container=rect)
        icon_centre = (rect.left + 34, status_y + 12)
        if locked:
            _lock_icon(surface, theme, icon_centre)
        elif status == ChapterStatus.COMPLETED:
            theme.check_mark(surface, icon_centre, 13)
            if record and record.best_score is not None and record.best_score >= 1.0:
                _star(surface, theme, (rect.right - 30, rect.top + 40), 14)
        elif status in (ChapterStatus.IN_PROGRESS, ChapterStatus.FAILED):
            pygame.draw.circle(surface, theme.WARNING, icon_centre, 13)
            pygame.draw.circle(surface, theme.PANEL, icon_centre, 6)
        else:
            pygame.draw.circle(surface, theme.TEXT_DIM, icon_centre, 13, 3)
        theme.text(surface, status_label(status, locked), (rect.left + 56, status_y), BODY,
                   title_colour)
        if record and record.best_score is not None:
            theme.text(surface, _("Best: {score}").format(score=percent(record.best_score)),
                       (rect.left + 56, status_y - theme.line_height(BODY)), BODY,
                       theme.TEXT)
        elif chapter.fallback:
            theme.text(surface, _("(not yet translated)"),
                       (rect.left + 56, status_y - theme.line_height(BODY)), SMALL,
                       theme.WARNING)
        if index == self.focus:
            theme.focus_ring(surface, rect)


def _lock_icon(surface: pygame.Surface, theme: Theme, centre: tuple[int, int]) -> None:
    x, y = centre
    pygame.draw.rect(surface, theme.TEXT_DIM, (x - 10, y - 2, 20, 15), border_radius=3)
    pygame.draw.arc(surface, theme.TEXT_DIM, (x - 7, y - 13, 14, 20), 0, 3.1416, 3)


def _star(surface: pygame.Surface, theme: Theme, centre: tuple[int, int], radius: int
          ) -> None:
    x, y = centre
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    pygame.draw.polygon(surface, theme.WARNING, points)
