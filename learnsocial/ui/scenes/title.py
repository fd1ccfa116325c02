"""Title screen: the course name and welcome, then on to choosing a language."""
from __future__ import annotations

import pygame

from learnsocial.i18n import _
from learnsocial.progress import passphrase
from learnsocial.ui import theme
from learnsocial.ui.scene import Scene
from learnsocial.ui.widgets import Button, FocusGroup


def backdrop(surface: pygame.Surface) -> None:
    theme.gradient(surface, theme.shade(theme.BACKGROUND, 1.12), theme.BACKGROUND_LOW)


class TitleScene(Scene):
    name = "title"

    def __init__(self, app):
        super().__init__(app)
        start = Button(lambda: _("Start"), pygame.Rect(theme.WIDTH - 32 - 240, theme.HEIGHT - 32
                                                       - 64, 240, 64), self.start, primary=True)
        quit_button = Button(lambda: _("Quit"), pygame.Rect(32, theme.HEIGHT - 32 - 64, 180, 64),
                             self.app.quit)
        buttons = [start, quit_button]
        if app.session.store is not None:
            buttons.append(Button(lambda: _("HR area"), pygame.Rect(228, theme.HEIGHT - 32 - 64,
                                                                    200, 64), self.admin))
        self.buttons = FocusGroup(buttons)
        self.throttle = passphrase.Throttle()  # lives as long as the app runs

    def admin(self) -> None:
        from learnsocial.ui.scenes.admin import AdminLoginScene

        self.app.push(AdminLoginScene(self.app, self.throttle))

    def start(self) -> None:
        from learnsocial.ui.scenes.language import LanguageScene

        self.app.push(LanguageScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        backdrop(surface)
        course = self.app.session.course
        _draw_logo(surface, (theme.WIDTH // 2, 190))
        theme.text(surface, "LearnSocial", (theme.WIDTH // 2, 300), 64, theme.TEXT, True,
                   anchor="center")
        if course:
            theme.text(surface, course.title, (theme.WIDTH // 2, 372), theme.HEADING,
                       theme.TEXT_DIM, anchor="center")
            theme.paragraph(surface, course.welcome, pygame.Rect(240, 420, 800, 140),
                            theme.BODY, theme.TEXT, align="center")
        self.buttons.draw(surface)


def _draw_logo(surface: pygame.Surface, centre: tuple[int, int]) -> None:
    """Three speech bubbles linked: people talking at work."""
    x, y = centre
    colours = ((31, 122, 140), (194, 87, 26), (123, 75, 183))
    for (dx, dy), colour in zip(((-70, 10), (0, -30), (70, 10)), colours):
        pygame.draw.line(surface, theme.TEXT_DIM, (x, y), (x + dx, y + dy), 4)
    for (dx, dy), colour in zip(((-70, 10), (0, -30), (70, 10)), colours):
        pygame.draw.circle(surface, colour, (x + dx, y + dy), 34)
        pygame.draw.circle(surface, theme.TEXT, (x + dx, y + dy), 34, 3)
        for k in (-12, 0, 12):
            pygame.draw.circle(surface, theme.TEXT, (x + dx + k, y + dy), 4)
