"""The small widget kit: buttons and text fields in a keyboard focus group.

Labels are callables so they are looked up through gettext at draw time and follow a language
switch at once.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from learnsocial.i18n import _
from learnsocial.ui.theme import BODY, DIALOGUE, GAP, SMALL, Theme, shade

Label = Callable[[], str]

NEXT_KEYS = (pygame.K_TAB, pygame.K_RIGHT, pygame.K_DOWN)
PREVIOUS_KEYS = (pygame.K_LEFT, pygame.K_UP)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class ScrollList:
    """Rows of measured height shown in a view, scrolled by whole rows (a line is never cut),
    with a "3–8 of 12" indicator whenever not every row fits."""

    def __init__(self) -> None:
        self.first = 0

    def rows_in_view(self, heights: list[int], view_height: int, gap: int = 0) -> range:
        """The rows from self.first that fit in the view (always at least one). Scrolled to
        the end, the view is still full: the last rows, not the last row alone."""
        fill, used = len(heights) - 1, 0
        while fill > 0 and used + heights[fill] + heights[fill - 1] + gap <= view_height:
            used += heights[fill] + gap
            fill -= 1
        self.first = max(0, min(self.first, fill))
        used, last = 0, self.first
        for index in range(self.first, len(heights)):
            if index > self.first and used + heights[index] > view_height:
                break
            used += heights[index] + gap
            last = index + 1
        return range(self.first, last)

    def scroll(self, step: int, count: int) -> None:
        self.first = max(0, min(count - 1, self.first + step))

    def handle(self, event: pygame.event.Event, count: int) -> bool:
        """Arrow keys, page keys and the mouse wheel; True when the event was a scroll."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.scroll(5 if event.key == pygame.K_PAGEDOWN else 1, count)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_PAGEUP):
            self.scroll(-5 if event.key == pygame.K_PAGEUP else -1, count)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll(-event.y, count)
        else:
            return False
        return True

    def draw_indicator(self, surface: pygame.Surface, theme: Theme, view: pygame.Rect,
                       shown: range, count: int) -> None:
        if len(shown) >= count:
            return
        label = _("{first}–{last} of {count} · arrow keys or the mouse wheel scroll").format(
            first=shown.start + 1, last=shown.stop, count=count)
        theme.text(surface, label, (view.left, view.bottom + 8), SMALL, theme.TEXT_DIM,
                   max_width=view.width)


def selection_step(event: pygame.event.Event) -> int:
    """+1 for Tab, Right or Down; -1 for Shift+Tab, Left or Up; 0 for any other key."""
    if event.key == pygame.K_TAB:
        return -1 if event.mod & pygame.KMOD_SHIFT else 1
    return 1 if event.key in NEXT_KEYS else -1 if event.key in PREVIOUS_KEYS else 0


class Button:
    def __init__(self, label: Label, rect: pygame.Rect, action: Callable[[], None],
                 primary: bool = False, size: int = BODY):
        self.label = label
        self.rect = pygame.Rect(rect)
        self.action = action
        self.primary = primary
        self.size = size
        self.hovered = False

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.rect.collidepoint(event.pos)
        elif event.type == pygame.KEYDOWN and event.key in ACTIVATE_KEYS:
            self.action()
            return True
        return False

    def click(self, pos: tuple[int, int]) -> bool:
        if self.rect.collidepoint(pos):
            self.action()
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        if self.primary:  # darker when active, so white text keeps its contrast
            colour = shade(theme.ACCENT, 0.85) if self.hovered or focused else theme.ACCENT
        else:
            colour = shade(theme.PANEL_HIGH, 1.15) if self.hovered or focused \
                else theme.PANEL_HIGH
        theme.panel(surface, self.rect, colour, radius=10)
        label = self.label()
        size = self.size
        while size > SMALL and theme.font(size, True).size(label)[0] > self.rect.width - 24:
            size -= 1
        theme.control(surface, self.rect)
        theme.text(surface, label, self.rect.center, size, theme.TEXT, bold=True, anchor="center",
                   max_width=self.rect.width - 16)
        if focused:
            theme.focus_ring(surface, self.rect)


def button_row(theme: Theme, buttons: Sequence[Button], right: int, bottom: int,
               height: int = 64, gap: int = GAP, min_width: int = 180,
               max_width: int | None = None) -> None:
    """Place buttons side by side, the last one ending at `right`, each as wide as its label
    needs at the current text size (measured at draw time, so a language or size change is
    followed at once); the row is squeezed evenly when it would be wider than max_width."""
    widths = [max(min_width, theme.font(b.size, True).size(b.label())[0] + 48) for b in buttons]
    if max_width is not None:
        room = max_width - gap * (len(buttons) - 1)
        if sum(widths) > room:
            widths = [max(120, room // len(buttons))] * len(buttons)
    x = right
    for button, width in zip(reversed(buttons), reversed(widths), strict=True):
        button.rect = pygame.Rect(x - width, bottom - height, width, height)
        x -= width + gap


class TextField:
    def __init__(self, label: Label, rect: pygame.Rect, max_length: int = 40,
                 on_change: Callable[[str], None] | None = None, secret: bool = False):
        self.label = label
        self.secret = secret
        self.rect = pygame.Rect(rect)
        self.max_length = max_length
        self.value = ""
        self.cursor = 0
        self.on_change = on_change
        self.blink = 0.0

    def set(self, value: str) -> None:
        self.value = value[: self.max_length]
        self.cursor = len(self.value)

    def handle(self, event: pygame.event.Event) -> bool:
        before = self.value
        if event.type == pygame.TEXTINPUT:
            room = self.max_length - len(self.value)
            typed = "".join(ch for ch in event.text if ch.isprintable())[:room]
            self.value = self.value[: self.cursor] + typed + self.value[self.cursor:]
            self.cursor += len(typed)
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE and self.cursor > 0:
                self.value = self.value[: self.cursor - 1] + self.value[self.cursor:]
                self.cursor -= 1
            elif event.key == pygame.K_DELETE:
                self.value = self.value[: self.cursor] + self.value[self.cursor + 1:]
            elif event.key == pygame.K_LEFT:
                self.cursor = max(0, self.cursor - 1)
            elif event.key == pygame.K_RIGHT:
                self.cursor = min(len(self.value), self.cursor + 1)
            elif event.key == pygame.K_HOME:
                self.cursor = 0
            elif event.key == pygame.K_END:
                self.cursor = len(self.value)
            else:
                return False
        else:
            return False
        self.blink = 0.0
        if self.value != before and self.on_change:
            self.on_change(self.value)
        return True

    def click(self, pos: tuple[int, int]) -> bool:
        return self.rect.collidepoint(pos)

    def update(self, dt: float) -> None:
        self.blink = (self.blink + dt) % 1.0

    def draw(self, surface: pygame.Surface, theme: Theme, focused: bool) -> None:
        theme.text(surface, self.label(), (self.rect.left, self.rect.top - 4), BODY,
                   theme.TEXT_DIM, anchor="bottomleft", max_width=self.rect.width)
        theme.panel(surface, self.rect, theme.BACKGROUND_LOW, radius=8,
                    border=theme.FOCUS if focused else theme.PANEL_HIGH)
        face = theme.font(DIALOGUE)
        shown = "•" * len(self.value) if self.secret else self.value
        image = face.render(shown, True, theme.TEXT)
        inner = self.rect.inflate(-24, 0)
        offset = max(0, face.size(shown[: self.cursor])[0] - inner.width)
        y = self.rect.centery - image.get_height() // 2
        surface.blit(image, (inner.left, y),
                     pygame.Rect(offset, 0, inner.width, image.get_height()))
        if focused and self.blink < 0.6:
            x = inner.left + face.size(shown[: self.cursor])[0] - offset
            pygame.draw.line(surface, theme.TEXT, (x + 1, self.rect.top + 10),
                             (x + 1, self.rect.bottom - 10), 2)
        if focused:
            theme.focus_ring(surface, self.rect, 10)


Widget = Button | TextField


class FocusGroup:
    """Widgets reached with Tab / arrows; Enter or Space activates a focused button.

    Text fields keep Left/Right (to move the cursor) and Space (to type) for themselves.
    """

    def __init__(self, widgets: Sequence[Widget], focus: int = 0):
        self.widgets = list(widgets)
        self.focus = focus

    @property
    def focused(self) -> Widget | None:
        return self.widgets[self.focus] if self.widgets else None

    def focus_label(self) -> str | None:
        focused = self.focused
        return focused.label() if focused is not None else None

    def move(self, step: int) -> None:
        if self.widgets:
            self.focus = (self.focus + step) % len(self.widgets)

    def handle(self, event: pygame.event.Event) -> bool:
        current = self.focused
        if event.type == pygame.KEYDOWN:
            shift = bool(event.mod & pygame.KMOD_SHIFT)
            if event.key == pygame.K_TAB:
                self.move(-1 if shift else 1)
                return True
            if isinstance(current, TextField):
                if event.key in (pygame.K_DOWN, pygame.K_UP):
                    self.move(1 if event.key == pygame.K_DOWN else -1)
                    return True
                return current.handle(event)
            if event.key in NEXT_KEYS:
                self.move(1)
                return True
            if event.key in PREVIOUS_KEYS:
                self.move(-1)
                return True
            return current.handle(event) if current else False
        if event.type == pygame.TEXTINPUT:
            return current.handle(event) if isinstance(current, TextField) else False
        if event.type == pygame.MOUSEMOTION:
            for widget in self.widgets:
                if isinstance(widget, Button):
                    widget.handle(event)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, widget in enumerate(self.widgets):
                if widget.rect.collidepoint(event.pos):
                    self.focus = index
                    widget.click(event.pos)
                    return True
        return False

    def update(self, dt: float) -> None:
        for widget in self.widgets:
            if isinstance(widget, TextField):
                widget.update(dt)

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        for index, widget in enumerate(self.widgets):
            widget.draw(surface, theme, index == self.focus)
