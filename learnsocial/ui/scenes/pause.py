"""The Esc menu, over any screen: resume, back to the chapter map, or save and quit."""
from __future__ import annotations

import pygame

from learnsocial.i18n import _
from learnsocial.ui import theme
from learnsocial.ui.scene import Scene
from learnsocial.ui.widgets import Button, FocusGroup


class PauseMenu(Scene):
    name = "pause"
    opaque = False

    def __init__(self, app):
        super().__init__(app)
        entries = [(lambda: _("Resume"), self.resume)]
        if app.session.employee and len(app.stack) > 1:
            entries.append((lambda: _("Chapter map"), self.to_map))
        entries += [(lambda: _("Settings"), self.settings), (lambda: _("Save and quit"), app.quit)]
        box = pygame.Rect(0, 0, 420, 100 + 68 * len(entries))
        box.center = (theme.WIDTH // 2, theme.HEIGHT // 2)
        self.box = box
        items = [Button(label, pygame.Rect(box.left + 40, box.top + 80 + 68 * n, 340, 56), action,
                        primary=n == 0) for n, (label, action) in enumerate(entries)]
        self.buttons = FocusGroup(items)

    def wants_escape(self) -> bool:
        return True

    def resume(self) -> None:
        self.app.pop()

    def settings(self) -> None:
        from learnsocial.ui.scenes.settings import SettingsScene

        self.app.replace(SettingsScene(self.app))

    def to_map(self) -> None:
        from learnsocial.ui.scenes.chapter_map import ChapterMapScene

        for scene in self.app.stack:
            scene.save()
        self.app.reset(ChapterMapScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.resume()
            return
        self.buttons.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface((theme.WIDTH, theme.HEIGHT), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        theme.panel(surface, self.box, theme.PANEL, border=theme.PANEL_HIGH)
        theme.text(surface, _("Paused"), (self.box.centerx, self.box.top + 40), theme.HEADING,
                   bold=True, anchor="center")
        self.buttons.draw(surface)
