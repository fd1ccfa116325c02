"""Title screen: the course name and welcome, then on to choosing a language or the HR area."""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import pygame

from learnsocial import i18n
from learnsocial.i18n import _
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH, Theme
from learnsocial.ui.widgets import Button, FocusGroup, button_row

if TYPE_CHECKING:
    from learnsocial.ui.app import App


LOGO_H = 112  # the three bubbles, from the top one's top to the lower ones' bottom
WORDMARK = 64


class TitleChoice(StrEnum):
    START = "start"
    HR = "hr"
    QUIT = "quit"


AREA = pygame.Rect(0, 24, WIDTH, HEIGHT - MARGIN - 64 - 24 - 24)  # above the buttons
WELCOME_W = WIDTH - 2 * 160


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
        self._place()
        self._measure()  # at start-up, so that the app's first frame only draws
        app.warmup.ahead("language screen", i18n.prepare_language_choice)

    def _place(self) -> None:
        """Buttons as wide as their labels: Start on the right, the others from the left."""
        start, *others = [b for b in self.buttons.widgets if isinstance(b, Button)]
        button_row(self.theme, [start], WIDTH - MARGIN, HEIGHT - MARGIN)
        button_row(self.theme, others, WIDTH, HEIGHT - MARGIN, min_width=160)
        shift = MARGIN - min(b.rect.left for b in others)
        for button in others:
            button.rect.move_ip(shift, 0)

    def on_reload(self) -> None:
        self._place()

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def handle(self, event: pygame.event.Event) -> None:
        self.buttons.handle(event)

    def _measure(self) -> tuple[int, int, TextBlock, TextBlock]:
        """(the name's size, its line height, the course title and the welcome laid out: the
        layout keeps them, so measuring again costs a look-up)."""
        theme = self.theme
        course = self.session.course
        name_size = round(WORDMARK / theme.text_scale)
        name_h = theme.line_height(name_size)
        title = theme.lay_out(course.title, WIDTH - 2 * MARGIN, HEADING, max_lines=1,
                              min_size=BODY)
        room = max(theme.line_height(SMALL), AREA.height - (LOGO_H + name_h + title.height
                                                             + 3 * 12))
        welcome = theme.lay_out(course.welcome, WELCOME_W, BODY, max_lines=max(
            1, room // theme.line_height(SMALL)), min_size=SMALL)
        if welcome.height > room:
            welcome = theme.lay_out(course.welcome, WELCOME_W, SMALL,
                                    max_lines=max(1, room // theme.line_height(SMALL)))
        return name_size, name_h, title, welcome

    def draw(self, surface: pygame.Surface) -> None:
        """Logo, name, course title and welcome stacked and measured, centred in the room
        above the buttons (the name is a logo: it keeps its size at every text size)."""
        theme = self.theme
        theme.backdrop(surface)
        name_size, name_h, title, welcome = self._measure()
        area, width = AREA, WELCOME_W
        fixed = LOGO_H + name_h + title.height + 3 * 12
        y = area.top + max(0, (area.height - fixed - welcome.height) // 2)
        _draw_logo(surface, theme, (WIDTH // 2, y + 66))
        y += LOGO_H + 12
        theme.text(surface, "LearnSocial", (WIDTH // 2, y), name_size, theme.TEXT, True,
                   anchor="midtop")
        y += name_h + 12
        theme.block(surface, title, pygame.Rect(MARGIN, y, WIDTH - 2 * MARGIN, title.height),
                    colour=theme.TEXT_DIM, align="center")
        y += title.height + 12
        theme.block(surface, welcome, pygame.Rect(160, y, width, welcome.height),
                    colour=theme.TEXT, align="center")
        self.buttons.draw(surface, theme)


def _draw_logo(surface: pygame.Surface, theme: Theme, centre: tuple[int, int]) -> None:
    """Three speech bubbles linked: people talking at work."""
    x, y = centre
    offsets = ((-70, 10), (0, -30), (70, 10))
    colours = (theme.TEAL, theme.ORANGE, theme.PURPLE)
    for dx, dy in offsets:
        pygame.draw.line(surface, theme.TEXT_DIM, (x, y), (x + dx, y + dy), 4)
    for (dx, dy), colour in zip(offsets, colours, strict=True):
        pygame.draw.circle(surface, colour, (x + dx, y + dy), 34)
        pygame.draw.circle(surface, theme.TEXT, (x + dx, y + dy), 34, 3)
        for k in (-12, 0, 12):
            pygame.draw.circle(surface, theme.TEXT, (x + dx + k, y + dy), 4)

