"""Title screen: the course name and welcome, then on to choosing a language or the HR area."""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import pygame

from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH, Theme
from learnsocial.ui.widgets import Button, FocusGroup

if TYPE_CHECKING:
    from learnsocial.ui.app import App


class TitleChoice(StrEnum):
    START = "start"
    HR = "hr"
    QUIT = "quit"


class TitleScene(Scene):
    name = "title"

    def __init__(self, app: App, focus: TitleChoice = TitleChoice.START):
        super().__init__(app)
        start = Button(lambda: _("Start"), pygame.Rect(WIDTH - 32 - 240, HEIGHT - 32 - 64, 240,
                                                       64), lambda: self.dismiss(TitleChoice.START),
                       primary=True)
        quit_button = Button(lambda: _("Quit"), pygame.Rect(32, HEIGHT - 32 - 64, 180, 64),
                             lambda: self.dismiss(TitleChoice.QUIT))
        buttons = [start, quit_button]
        choices = [TitleChoice.START, TitleChoice.QUIT]
        if app.session.recording:
            buttons.append(Button(lambda: _("HR area"), pygame.Rect(228, HEIGHT - 32 - 64, 200,
                                                                    64),
                                  lambda: self.dismiss(TitleChoice.HR)))
            choices.append(TitleChoice.HR)
        self.buttons = FocusGroup(buttons, choices.index(focus) if focus in choices else 0)

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def handle(self, event: pygame.event.Event) -> None:
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        _draw_logo(surface, theme, (WIDTH // 2, 190))
        theme.text(surface, "LearnSocial", (WIDTH // 2, 300), 64, theme.TEXT, True,
                   anchor="center")
        course = self.session.course
        theme.text(surface, course.title, (WIDTH // 2, 372), HEADING, theme.TEXT_DIM,
                   anchor="center", max_width=WIDTH - 2 * MARGIN)
        room = pygame.Rect(200, 410, WIDTH - 400, HEIGHT - 32 - 64 - 16 - 410)
        theme.block(surface, course.welcome, room, BODY, theme.TEXT, align="center",
                    max_lines=max(1, room.height // theme.line_height(BODY)), min_size=SMALL,
                    container=room)
        self.buttons.draw(surface, theme)


def _draw_logo(surface: pygame.Surface, theme: Theme, centre: tuple[int, int]) -> None:
    """Three speech bubbles linked: people talking at work."""
    x, y = centre
    colours = (theme.TEAL, theme.ORANGE, theme.PURPLE)
    for (dx, dy), colour in zip(((-70, 10), (0, -30), (70, 10)), colours):
        pygame.draw.line(surface, theme.TEXT_DIM, (x, y), (x + dx, y + dy), 4)
    for (dx, dy), colour in zip(((-70, 10), (0, -30), (70, 10)), colours):
        pygame.draw.circle(surface, colour, (x + dx, y + dy), 34)
        pygame.draw.circle(surface, theme.TEXT, (x + dx, y + dy), 34, 3)
        for k in (-12, 0, 12):
            pygame.draw.circle(surface, theme.TEXT, (x + dx + k, y + dy), 4)
