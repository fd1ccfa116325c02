"""Screens that stay still most of the time, drawn once and then only blitted.

`FrameCache` keeps a whole drawn frame while the screen's state (scroll position, focus, text
size, palette) stays the same; any change draws afresh. While the layout audit runs, every frame
is drawn afresh, so the audit checks the very drawing the cache copies.

`Overlay` is a screen over another one (the choice, the history): the screen below is drawn
once into a picture and dimmed, and the overlay draws that picture as its own background. The
overlay is therefore opaque to the app, and the screen below costs nothing per frame; it is
drawn again only when the text is reloaded or the look changes.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import pygame

from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import HEIGHT, WIDTH, Theme

if TYPE_CHECKING:
    from learnsocial.ui.app import App


class FrameCache:
    def __init__(self) -> None:
        self._key: Hashable = None
        self._image: pygame.Surface | None = None

    def clear(self) -> None:
        self._key = None

    def give_back(self, theme: Theme) -> None:
        """The screen hides: its kept frame goes back to the theme for the next screen."""
        if self._image is not None:
            theme.give_back_picture(self._image)
        self._image, self._key = None, None

    def draw(self, surface: pygame.Surface, theme: Theme, key: Hashable,
             draw: Callable[[pygame.Surface], None]) -> None:
        """Blit the kept frame when key is unchanged, else draw (and keep) a new one."""
        auditing = theme.audit is not None
        if not auditing and self._image is not None and key == self._key:
            surface.blit(self._image, (0, 0))
            return
        draw(surface)
        if auditing:
            self._key = None
            return
        if self._image is None or self._image.get_size() != surface.get_size():
            self._image = theme.lend_picture(surface.get_size())
        self._image.blit(surface, (0, 0))
        self._key = key


class Overlay(Scene):
    """A screen over the ones below, which show through dimmed."""

    opaque = True  # the screen below is in self's background picture
    dim_alpha = 150  # how much of the screen below is darkened (of 255)
    moving = False  # True: changes in most frames (drawn each frame, no frame kept)

    def __init__(self, app: App):
        super().__init__(app)
        self.frames = FrameCache()
        self._below: tuple[Hashable, pygame.Surface] | None = None  # (look, picture)

    def look(self) -> tuple[str, float]:
        return (self.theme.palette, self.theme.text_scale)

    def below(self) -> pygame.Surface:
        """The screen under this one, drawn once and dimmed (the theme's backdrop if none)."""
        if self._below is not None and self._below[0] == self.look():
            return self._below[1]
        if self._below is not None:
            image = self._below[1]
        else:
            image = self.theme.lend_picture((WIDTH, HEIGHT))
        stack = self.app.stack
        visible = self.app.visible(stack[:stack.index(self)] if self in stack else [])
        if not visible:
            self.theme.backdrop(image)
        for scene in visible:
            scene.draw(image)
        keep = 255 - self.dim_alpha  # blended towards the theme's shadow colour by dim_alpha
        image.fill((keep, keep, keep), special_flags=pygame.BLEND_RGB_MULT)
        shadow = self.theme.SHADOW
        image.fill(tuple(round(c * self.dim_alpha / 255) for c in shadow),
                   special_flags=pygame.BLEND_RGB_ADD)
        self._below = (self.look(), image)
        return image

    def state(self) -> Hashable:
        """What the frame depends on besides the look (focus, hover, scroll)."""
        return None

    def draw_content(self, surface: pygame.Surface) -> None:
        """Draw the overlay itself over the dimmed screen below."""

    def draw(self, surface: pygame.Surface) -> None:
        if self.moving:
            surface.blit(self.below(), (0, 0))
            self.draw_content(surface)
            return

        def fresh(target: pygame.Surface) -> None:
            target.blit(self.below(), (0, 0))
            self.draw_content(target)
        self.frames.draw(surface, self.theme, (self.look(), self.state()), fresh)

    def on_reload(self) -> None:
        self.frames.clear()
        if self._below is not None:
            self._below = (None, self._below[1])  # drawn again, on the same picture

    def on_hide(self) -> None:
        """Covered or gone: the pictures go back to the theme (drawn again when shown)."""
        if self._below is not None:
            self.theme.give_back_picture(self._below[1])
            self._below = None
        self.frames.give_back(self.theme)
