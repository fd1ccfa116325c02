"""The chapter player: narrated characters, dialogue revealed like a visual novel."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pygame

from learnsocial.content.model import Chapter, Character, Scene as StoryScene
from learnsocial.i18n import _
from learnsocial.ui.portraits import portrait
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, DIALOGUE, MARGIN, SMALL, WIDTH, Colour, Theme, shade
from learnsocial.ui.voice import recording_for, voice_for

if TYPE_CHECKING:
    from learnsocial.ui.app import App

REVEAL_CPS = 55  # characters per second
PANEL = pygame.Rect(MARGIN, 456, WIDTH - 2 * MARGIN, 232)
TEXT_WIDTH = 760
HINT_SCENES = 3  # the "Space to continue" hint fades after these
ADVANCE_KEYS = (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_RIGHT)
BACK_KEYS = (pygame.K_LEFT, pygame.K_BACKSPACE)


def lines_per_page(theme: Theme) -> int:
    """As many dialogue lines as fit between the name plate and the page counter."""
    room = PANEL.height - 48 - 34
    return max(2, room // theme.line_height(DIALOGUE))


class ChapterPlayerScene(Scene):
    """Plays a chapter's dialogue; dismisses when the last scene is done."""

    name = "player"

    def __init__(self, app: App, chapter: Chapter, start_scene_id: str | None = None,
                 start_index: int | None = None):
        super().__init__(app)
        self.chapter = chapter
        self.index = start_index if start_index is not None else chapter.scene_index(
            start_scene_id)
        self.index = max(0, min(self.index, len(chapter.scenes) - 1))
        self.page = 0
        self.revealed = 0.0
        self.unsaved_seconds = 0.0
        self.side_of = self._sides()
        self._pages_cache: dict[int, list[TextBlock]] = {}
        record = app.session.record
        if record:
            record.chapter_opened(chapter.id, self.scene.id, self.index + 1, len(chapter.scenes))

    # -- model --------------------------------------------------------------------------
    def _sides(self) -> dict[str, str]:
        """The first speaker stands left, everyone else right, so a dialogue reads as one."""
        speakers = [s.speaker for s in self.chapter.scenes]
        first = speakers[0] if speakers else ""
        return {speaker: ("left" if speaker == first else "right") for speaker in speakers}

    @property
    def scene(self) -> StoryScene:
        return self.chapter.scenes[self.index]

    def pages(self, index: int | None = None) -> list[TextBlock]:
        index = self.index if index is None else index
        if index not in self._pages_cache:
            block = self.theme.lay_out(self.chapter.scenes[index].text, TEXT_WIDTH, DIALOGUE,
                                       language=self.chapter.language)
            per_page = lines_per_page(self.theme)
            lines = list(block.lines)
            self._pages_cache[index] = [replace(block, lines=tuple(lines[i:i + per_page]))
                                        for i in range(0, len(lines), per_page)] or [block]
        return self._pages_cache[index]

    @property
    def page_text_length(self) -> int:
        return sum(len(line) + 1 for line in self.pages()[self.page].lines)

    @property
    def fully_revealed(self) -> bool:
        return self.revealed >= self.page_text_length

    # -- actions ------------------------------------------------------------------------
    def advance(self) -> None:
        if not self.fully_revealed:
            self.revealed = self.page_text_length
            return
        if self.page + 1 < len(self.pages()):
            self.page += 1
            self._start_reveal()
        elif self.index + 1 < len(self.chapter.scenes):
            self.index += 1
            self.page = 0
            self._start_reveal()
            self._scene_reached()
            self._speak()
        else:
            self.finish()

    def back(self) -> None:
        if self.page > 0:
            self.page -= 1
        elif self.index > 0:
            self.index -= 1
            self.page = len(self.pages()) - 1
            self._scene_reached()
        else:
            return
        self.revealed = self.page_text_length  # going back shows the text whole
        if self.page == 0:
            self._speak()

    def finish(self) -> None:
        self.app.narrator.stop()
        self.save()
        self.dismiss()

    def _speak(self) -> None:
        """Read the scene aloud in the speaker's voice (a recording wins over speech)."""
        session = self.app.session
        scene = self.scene
        character = session.course.cast.get(scene.speaker)
        pitch, rate = voice_for(scene.speaker, character.pitch if character else None,
                                character.rate if character else None)
        recording = recording_for(session.content_dir / self.chapter.folder,
                                  self.chapter.language, scene.id)
        self.app.narrator.say(scene.text, self.chapter.language, pitch, rate, recording,
                              speaker=scene.speaker, cast=session.course.cast)

    def focus_label(self) -> str | None:
        return None  # the scene itself is read aloud

    def _start_reveal(self) -> None:
        reduced = self.app.session.settings["reduced_motion"]
        self.revealed = self.page_text_length if reduced else 0.0

    def _scene_reached(self) -> None:
        record = self.app.session.record
        if record:
            record.scene_reached(self.chapter.id, self.scene.id, self.index + 1,
                                 len(self.chapter.scenes), round(self.unsaved_seconds, 3))
        self.unsaved_seconds = 0.0

    def save(self) -> None:
        record = self.app.session.record
        if record:
            record.time_spent(self.chapter.id, self.scene.id, round(self.unsaved_seconds, 3))
        self.unsaved_seconds = 0.0

    def on_reload(self) -> None:
        """New text from disk, or a new text size: lay the pages out again, same scene."""
        fresh = self.app.session.course.chapter(self.chapter.id)
        if fresh is None or not fresh.scenes:
            return
        scene_id = self.scene.id
        self.chapter = fresh
        self.index = fresh.scene_index(scene_id)
        self.page = 0
        self._pages_cache.clear()
        self.side_of = self._sides()
        self.revealed = self.page_text_length

    # -- scene protocol -----------------------------------------------------------------
    def on_show(self) -> None:
        if self.revealed == 0.0:
            self._start_reveal()
            self._speak()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in ADVANCE_KEYS:
                self.advance()
            elif event.key in BACK_KEYS:
                self.back()
        elif event.type == pygame.MOUSEBUTTONDOWN:
            if event.button == 1:
                self.advance()
            elif event.button == 3:
                self.back()

    def update(self, dt: float) -> None:
        self.unsaved_seconds += dt
        if not self.fully_revealed:
            self.revealed = min(self.page_text_length, self.revealed + REVEAL_CPS * dt)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        colour = theme.hex_colour(self.chapter.colour)
        theme.gradient(surface, shade(colour, 1.1), shade(colour, 0.45))
        self._draw_backdrop_shapes(surface, colour)
        theme.text(surface, self.chapter.title, (MARGIN, 24), BODY, theme.TEXT, True)
        self._draw_progress(surface)
        scene = self.scene
        character = self.app.session.course.cast.get(scene.speaker)
        side = self.side_of.get(scene.speaker, "left")
        theme.panel(surface, PANEL, theme.PANEL, border=shade(theme.PANEL, 1.25))
        if character:
            image = portrait(character, scene.mood, self.app.session.assets)
            x = PANEL.left + 24 if side == "left" else PANEL.right - 24 - image.get_width()
            surface.blit(image, (x, PANEL.top + 96 - image.get_height()))
        text_left = PANEL.left + 356 if side == "left" else PANEL.left + 40
        self._draw_name_plate(surface, character, text_left)
        self._draw_text(surface, text_left)
        self._draw_hint(surface)

    def _draw_backdrop_shapes(self, surface: pygame.Surface, colour: Colour) -> None:
        """A calm office skyline: windows of other teams, drawn once per frame cheaply."""
        base = shade(colour, 0.7)
        for i, (x, w, h) in enumerate(((60, 180, 260), (270, 140, 330), (450, 220, 210),
                                       (700, 160, 300), (900, 240, 240), (1160, 120, 280))):
            rect = pygame.Rect(x, 456 - h, w, h)
            pygame.draw.rect(surface, base, rect, border_radius=6)
            for wy in range(rect.top + 18, rect.bottom - 20, 34):
                for wx in range(rect.left + 16, rect.right - 24, 30):
                    lit = (wx * 7 + wy * 3 + i) % 5 == 0
                    pygame.draw.rect(surface, shade(colour, 1.35 if lit else 0.85),
                                     (wx, wy, 14, 18), border_radius=2)

    def _draw_progress(self, surface: pygame.Surface) -> None:
        theme = self.theme
        total = len(self.chapter.scenes)
        label = _("Scene {current} / {total}").format(current=self.index + 1, total=total)
        theme.text(surface, label, (WIDTH - MARGIN, 20), BODY, theme.TEXT,
                   anchor="topright")
        bar = pygame.Rect(WIDTH - MARGIN - 240, 26 + theme.line_height(BODY),
                          240, 6)
        pygame.draw.rect(surface, shade(theme.PANEL, 0.8), bar, border_radius=3)
        filled = bar.copy()
        filled.width = round(bar.width * (self.index + 1) / total)
        pygame.draw.rect(surface, theme.TEXT, filled, border_radius=3)
        if self.chapter.fallback:
            theme.text(surface, _("Shown in the course's source language"),
                       (WIDTH - MARGIN, bar.bottom + 8), SMALL, theme.WARNING,
                       anchor="topright")

    def _draw_name_plate(self, surface: pygame.Surface, character: Character | None,
                         left: int) -> None:
        theme = self.theme
        if character is None:
            return
        accent = theme.readable(theme.hex_colour(character.colour))
        name_w = theme.font(22, True).size(character.name)[0]
        role_w = theme.font(SMALL).size(character.role)[0]
        height = theme.line_height(22) + theme.line_height(SMALL) + 8
        plate = pygame.Rect(left - 16, PANEL.top + 28 - height, max(name_w, role_w) + 40, height)
        theme.panel(surface, plate, accent, radius=10)
        theme.text(surface, character.name, (plate.left + 20, plate.top + 4), 22, theme.TEXT,
                   bold=True)
        theme.text(surface, character.role, (plate.left + 20, plate.top + 4 +
                                             theme.line_height(22)), SMALL, theme.TEXT)

    def _draw_text(self, surface: pygame.Surface, left: int) -> None:
        theme = self.theme
        page = self.pages()[self.page]
        theme.block(surface, page, pygame.Rect(left, PANEL.top + 44, TEXT_WIDTH, page.height),
                    reveal=int(self.revealed), container=PANEL)
        pages = len(self.pages())
        if pages > 1:
            theme.text(surface, _("Page {current} / {total}").format(current=self.page + 1,
                                                                     total=pages),
                       (left, PANEL.bottom - 8 - theme.line_height(SMALL)), SMALL,
                       theme.TEXT_DIM)

    def _draw_hint(self, surface: pygame.Surface) -> None:
        theme = self.theme
        if self.index >= HINT_SCENES or not self.fully_revealed:
            return
        hint = _("Space to continue, Backspace to go back")
        theme.text(surface, hint, (PANEL.right - 24, PANEL.bottom - 8 - theme.line_height(SMALL)),
                   SMALL, theme.TEXT_DIM, anchor="topright", max_width=PANEL.width // 2 - 48)
