"""'What would you do?': a choice scene's question with its options as large buttons.

Shown over the player once the question has appeared. An option is taken with its number key
(1-4), with the arrow keys (or Tab) and Enter, or with the mouse. With voice on, the options are
read aloud once the speaker has finished asking, and each option the keyboard reaches is read.
Dismisses with the option's id, or None to go back (Backspace).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from learnsocial.content.model import Chapter
from learnsocial.content.model import Scene as StoryScene
from learnsocial.i18n import _
from learnsocial.ui.overlay import Overlay
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, SMALL, shade

if TYPE_CHECKING:
    from learnsocial.ui.app import App

# The card leaves the asking speaker's portrait in view: it starts where the player's text
# column starts (or ends where it ends) when the speaker stands left (right).
CARD_SPAN = {"left": (304, 1248), "right": (32, 976), "": (120, 1160)}
PAD = 24
GAP = 12  # between the options
SCREEN_MARGIN = 16
NUMBER_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 3,
               pygame.K_KP1: 0, pygame.K_KP2: 1, pygame.K_KP3: 2, pygame.K_KP4: 3}
NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)
PREVIOUS_KEYS = (pygame.K_UP, pygame.K_LEFT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass(frozen=True)
class CardLayout:
    card: pygame.Rect
    heading: TextBlock
    question: TextBlock
    options: list[TextBlock]
    buttons: list[pygame.Rect]
    badge_radius: int
    hint: TextBlock


class ChoiceScene(Overlay):
    name = "choice"
    dim_alpha = 130  # the scene stays in view behind the question

    def __init__(self, app: App, chapter: Chapter, scene: StoryScene,
                 history: Callable[[], None] | None = None, speaker_side: str = ""):
        super().__init__(app)
        self.chapter = chapter
        self.scene = scene
        self.history = history
        self.span = CARD_SPAN.get(speaker_side, CARD_SPAN[""])
        self.focus: int | None = None  # nothing is taken by a stray key press
        self.hovered: int | None = None
        self._read = False
        self._layout: tuple[float, CardLayout] | None = None

    # -- layout ---------------------------------------------------------------------------
    def layout(self) -> CardLayout:
        """Measured once per text size: the card grows with its text and stays on screen;
        the question shrinks first, then the options, if all would not fit."""
        theme = self.theme
        if self._layout is not None and self._layout[0] == theme.text_scale:
            return self._layout[1]
        left, right = self.span
        inner = right - left - 2 * PAD
        language = self.chapter.language
        heading = theme.lay_out(_("What would you do?"), inner, HEADING, bold=True,
                                max_lines=2, min_size=BODY)
        hint = theme.lay_out(_("Press 1 to {count}, or choose with the arrow keys and Enter. "
                               "Backspace: back · H: history").format(
                                   count=len(self.scene.options)), inner, SMALL, max_lines=3)
        radius = theme.line_height(BODY) // 2 + 2
        text_left = 12 + 2 * radius + 16
        room = HEIGHT - 2 * SCREEN_MARGIN
        for question_size, option_size in ((BODY, BODY), (SMALL, BODY), (SMALL, SMALL)):
            question = theme.lay_out(self.scene.text, inner, question_size, language=language)
            options = [theme.lay_out(o.text, inner - text_left - 16, option_size,
                                     max_lines=3, min_size=SMALL, language=language)
                       for o in self.scene.options]
            heights = [max(b.height, 2 * radius) + 24 for b in options]
            total = PAD + heading.height + 8 + question.height + 20 + sum(heights) + \
                GAP * (len(heights) - 1) + 16 + hint.height + PAD
            if total <= room:
                break
        if total > room:  # the last resort: the question (also in the panel below) is cut
            spare = question.height - (total - room)
            lines = max(1, spare // question.line_height)
            question = theme.lay_out(self.scene.text, inner, SMALL, max_lines=lines,
                                     language=language)
            total = room
        card = pygame.Rect(left, (HEIGHT - total) // 2, right - left, total)
        y = card.top + PAD + heading.height + 8 + question.height + 20
        buttons = []
        for height in heights:
            buttons.append(pygame.Rect(card.left + PAD, y, inner, height))
            y += height + GAP
        result = CardLayout(card, heading, question, options, buttons, radius, hint)
        self._layout = (theme.text_scale, result)
        return result

    # -- actions --------------------------------------------------------------------------
    def take(self, number: int) -> None:
        if 0 <= number < len(self.scene.options):
            self.app.sounds.play("click")
            self.app.narrator.stop()
            self.dismiss(self.scene.options[number].id)

    def move(self, step: int) -> None:
        count = len(self.scene.options)
        if self.focus is None:
            self.focus = 0 if step > 0 else count - 1
        else:
            self.focus = (self.focus + step) % count

    def focus_label(self) -> str | None:
        if self.focus is None:
            return None
        return f"{self.focus + 1}. {self.scene.options[self.focus].text}"

    def spoken_options(self) -> str:
        """What is read aloud when the options appear."""
        return " ".join([_("What would you do?")] + [
            f"{n}. {option.text}." for n, option in enumerate(self.scene.options, start=1)])

    # -- scene protocol -------------------------------------------------------------------
    def on_reload(self) -> None:
        super().on_reload()
        self._layout = None
        fresh = self.app.session.course.chapter(self.chapter.id)
        scene = fresh.scene(self.scene.id) if fresh is not None else None
        if fresh is None or scene is None or not scene.is_choice:
            self.dismiss("")  # the question is gone: the player stays where it is
            return
        self.chapter, self.scene = fresh, scene
        if self.focus is not None:
            self.focus = min(self.focus, len(scene.options) - 1)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in NUMBER_KEYS:
                self.take(NUMBER_KEYS[event.key])
            elif event.key in NEXT_KEYS or (event.key == pygame.K_TAB and
                                            not event.mod & pygame.KMOD_SHIFT):
                self.move(1)
            elif event.key in PREVIOUS_KEYS or event.key == pygame.K_TAB:
                self.move(-1)
            elif event.key in ACTIVATE_KEYS:
                if self.focus is None:
                    self.move(1)
                else:
                    self.take(self.focus)
            elif event.key == pygame.K_BACKSPACE:
                self.app.narrator.stop()
                self.dismiss(None)
            elif event.key == pygame.K_h and self.history is not None:
                self.history()
        elif event.type == pygame.MOUSEMOTION:
            self.hovered = self._option_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            number = self._option_at(event.pos)
            if number is not None:
                self.take(number)
        elif event.type == pygame.MOUSEWHEEL and event.y > 0 and self.history is not None:
            self.history()

    def _option_at(self, pos: tuple[int, int]) -> int | None:
        for number, rect in enumerate(self.layout().buttons):
            if rect.collidepoint(pos):
                return number
        return None

    def update(self, dt: float) -> None:
        narrator = self.app.narrator
        if not self._read and not narrator.speaking:  # the speaker has finished asking
            self._read = True
            narrator.say(self.spoken_options(), self.chapter.language)

    def option_centre(self, option_id: str) -> tuple[int, int] | None:
        """Where an option's button is (for the demo's mouse)."""
        for option, rect in zip(self.scene.options, self.layout().buttons, strict=True):
            if option.id == option_id:
                return rect.center
        return None

    def state(self) -> Hashable:
        return (self.focus, self.hovered)

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        card = self.layout()
        theme.panel(surface, card.card, theme.PANEL, border=theme.PANEL_HIGH)
        inner = card.card.inflate(-2 * PAD, -2 * PAD)
        y = inner.top
        theme.block(surface, card.heading, pygame.Rect(inner.left, y, inner.width,
                                                       card.heading.height))
        y += card.heading.height + 8
        theme.block(surface, card.question, pygame.Rect(inner.left, y, inner.width,
                                                        card.question.height))
        radius = card.badge_radius
        for number, (block, rect) in enumerate(zip(card.options, card.buttons, strict=True)):
            active = number in (self.focus, self.hovered)
            theme.panel(surface, rect, shade(theme.PANEL_HIGH, 1.15) if active
                        else theme.PANEL_HIGH, radius=10)
            theme.control(surface, rect)
            centre = (rect.left + 12 + radius, rect.centery)
            pygame.draw.circle(surface, theme.ACCENT, centre, radius)
            theme.text(surface, str(number + 1), centre, BODY, theme.TEXT, bold=True,
                       anchor="center")
            text_left = rect.left + 12 + 2 * radius + 16
            theme.block(surface, block, pygame.Rect(text_left, rect.centery - block.height // 2,
                                                    rect.right - 16 - text_left, block.height))
            if number == self.focus:
                theme.focus_ring(surface, rect)
        last = card.buttons[-1]
        theme.block(surface, card.hint, pygame.Rect(inner.left, last.bottom + 16, inner.width,
                                                    card.hint.height), colour=theme.TEXT_DIM)
