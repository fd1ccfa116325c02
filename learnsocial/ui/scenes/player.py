"""The chapter player: narrated characters, dialogue revealed like a visual novel.

The story follows `Chapter.after` (learnsocial.app.playthrough): a choice scene's question opens
the choice screen (through the flow), the option's reaction lines follow, each said by its
character, then the reflection with the rating's icon. Each scene stands on its own backdrop;
changing scene dissolves, a speaker who enters slides in, and their portrait talks while the
text appears. The text keeps one column whichever side the speaker stands on, so the eye never
jumps; H, the mouse wheel or the button opens the history of the lines so far.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.playthrough import Beat, BeatKind, Playthrough, Step, rating_label
from learnsocial.content.model import Chapter, Character
from learnsocial.content.model import Scene as StoryScene
from learnsocial.i18n import _
from learnsocial.ui import portraits
from learnsocial.ui.backdrops import draw_backdrop
from learnsocial.ui.icons import draw_rating_icon
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, DIALOGUE, MARGIN, SMALL, WIDTH, Theme, shade
from learnsocial.ui.voice import recording_for, voice_for
from learnsocial.ui.widgets import Button

if TYPE_CHECKING:
    from learnsocial.ui.app import App

REVEAL_CPS = 55  # characters per second
TALK_FRAME_S = 0.12  # the mouth opens and closes at this pace while text appears
SLIDE_S = 0.25  # a speaker who enters slides in this long (ease-out) ...
SLIDE_PX = 70  # ... from this far out
PANEL = pygame.Rect(MARGIN, 456, WIDTH - 2 * MARGIN, 232)
# One text column, between the places where the portraits stand (left and right).
COLUMN = pygame.Rect(320, PANEL.top, 640, PANEL.height)
PORTRAIT_TOP = 75  # the fade of the waist-up portraits then runs over the panel's top edge
PORTRAIT_LEFT = {"left": 24, "right": WIDTH - 24 - portraits.SIZE[0]}
PLATE_BOTTOM = PANEL.top + 20  # the name plate sits on the panel's edge
PLATE_MAX_W = 360
NAME = 22  # the name plate's name size
HINT_SCENES = 3  # the key hint fades after these
LEFT_ZONE = pygame.Rect(PANEL.left + 16, PANEL.top, COLUMN.left - 16 - PANEL.left - 16,
                        PANEL.height)
RIGHT_ZONE = pygame.Rect(COLUMN.right + 16, PANEL.top, PANEL.right - 16 - COLUMN.right - 16,
                         PANEL.height)
ADVANCE_KEYS = (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_RIGHT)
BACK_KEYS = (pygame.K_LEFT, pygame.K_BACKSPACE)


@dataclass(frozen=True)
class Layout:
    """The player's measured geometry at one text size."""

    text_top: int
    lines_per_page: int
    button: pygame.Rect  # the history button


def layout(theme: Theme) -> Layout:
    text_top = PLATE_BOTTOM + 8
    lines = max(2, (PANEL.bottom - 12 - text_top) // theme.line_height(DIALOGUE))
    height = theme.line_height(SMALL) + 20
    button = pygame.Rect(LEFT_ZONE.left, PANEL.bottom - 16 - height, LEFT_ZONE.width, height)
    return Layout(text_top, lines, button)


def lines_per_page(theme: Theme) -> int:
    """As many dialogue lines as fit between the name plate and the panel's bottom."""
    return layout(theme).lines_per_page


def ease_out(share: float) -> float:
    share = max(0.0, min(1.0, share))
    return 1 - (1 - share) ** 3


class ChapterPlayerScene(Scene):
    """Plays a chapter's story; dismisses when the story reaches the test."""

    name = "player"

    def __init__(self, app: App, chapter: Chapter, start_scene_id: str | None = None,
                 start_index: int | None = None):
        super().__init__(app)
        self.chapter = chapter
        self.story = Playthrough(chapter, start_scene_id, start_index)
        self.page = 0
        self.revealed = 0.0
        self.unsaved_seconds = 0.0
        self.side_of = self._sides()
        self._pages_cache: dict[tuple, list[TextBlock]] = {}
        self._asking = False  # the choice screen is open over the player
        self._started = False  # the first beat was shown (and read aloud)
        self._talk_time = 0.0
        self._entered = 0.0  # seconds since the current speaker came in (they slide in)
        self.history_button = Button(lambda: _("History (H)"), layout(app.theme).button,
                                     self.open_history, size=SMALL)
        self._preload()
        record = app.session.record
        if record:
            record.chapter_opened(chapter.id, self.scene.id, self.index + 1, len(chapter.scenes))

    # -- model --------------------------------------------------------------------------
    def _preload(self) -> None:
        """The chapter's backdrops and portraits, ready before its first frame (the map
        started them on the worker while the learner looked at it)."""
        app = self.app
        future = app.warmup.chapter_pictures(self.theme, app.session, self.chapter)
        try:
            future.result()
        except Exception:  # logged by the warm-up; each picture falls back when drawn
            pass

    def _sides(self) -> dict[str, str]:
        """The chapter's first speaker stands left, everyone else right."""
        speakers = [s.speaker for s in self.chapter.scenes]
        first = speakers[0] if speakers else ""
        for scene in self.chapter.scenes:
            speakers += [line.speaker for option in scene.options for line in option.reaction]
        return {speaker: ("left" if speaker == first else "right") for speaker in speakers}

    @property
    def beat(self) -> Beat:
        return self.story.beat

    @property
    def scene(self) -> StoryScene:
        return self.story.scene

    @property
    def index(self) -> int:
        return self.story.index

    def pages(self) -> list[TextBlock]:
        beat = self.beat
        key = (beat.kind, beat.scene.id, beat.choice.id if beat.choice else "", beat.reaction,
               beat.text)
        if key not in self._pages_cache:
            block = self.theme.lay_out(beat.text, COLUMN.width, DIALOGUE,
                                       language=self.chapter.language)
            per_page = lines_per_page(self.theme)
            lines = list(block.lines)
            self._pages_cache[key] = [replace(block, lines=tuple(lines[i:i + per_page]))
                                      for i in range(0, len(lines), per_page)] or [block]
        return self._pages_cache[key]

    @property
    def page_text_length(self) -> int:
        return sum(len(line) + 1 for line in self.pages()[self.page].lines)

    @property
    def fully_revealed(self) -> bool:
        return self.revealed >= self.page_text_length

    @property
    def reduced_motion(self) -> bool:
        return bool(self.app.session.settings["reduced_motion"])

    # -- actions ------------------------------------------------------------------------
    def advance(self) -> None:
        if not self.fully_revealed:
            self.revealed = self.page_text_length
            return
        if self.page + 1 < len(self.pages()):
            self.page += 1
            self._start_reveal()
            return
        previous = self.beat
        step = self.story.advance()
        if step == Step.END:
            self.finish()
        elif step != Step.ASK:
            self._entered_beat(previous, step)

    def back(self) -> None:
        if self.page > 0:
            self.page -= 1
        else:
            previous = self.beat
            step = self.story.back()
            if step is None:
                return
            self.page = len(self.pages()) - 1
            self._entered_beat(previous, step, forward=False)
        self.revealed = self.page_text_length  # going back shows the text whole

    def choose(self, option_id: str) -> None:
        """Take an option of the question on screen (from the choice screen)."""
        if not self.story.awaiting_choice or self.scene.option(option_id) is None:
            return
        previous = self.beat
        self.story.choose(option_id)
        record = self.app.session.record
        if record:
            record.choice_made(self.chapter, self.scene, option_id)
        self._entered_beat(previous, Step.MOVED)

    def open_history(self) -> None:
        self.app.flow.history(self.story.transcript)

    def finish(self) -> None:
        self.app.narrator.stop()
        self.save()
        self.dismiss()

    def _entered_beat(self, previous: Beat, step: Step, forward: bool = True) -> None:
        if forward:
            self.page = 0
            self._start_reveal()
        if step == Step.NEW_SCENE:
            self.app.dissolve()
            self._scene_reached()
        if self.beat.speaker != previous.speaker:
            self._entered = 0.0
        if forward or self.page == 0:
            self._speak()

    def _speak(self) -> None:
        """Read the beat aloud in its speaker's voice (a scene's recording wins over speech);
        a reflection in the narrator's own voice."""
        session = self.app.session
        beat = self.beat
        if beat.kind == BeatKind.REFLECTION:
            rating = str(beat.choice.rating) if beat.choice else ""
            self.app.narrator.say(f"{rating_label(rating)}. {beat.text}", self.chapter.language)
            return
        character = session.course.cast.get(beat.speaker)
        pitch, rate = voice_for(beat.speaker, character.pitch if character else None,
                                character.rate if character else None)
        recording = recording_for(session.content_dir / self.chapter.folder,
                                  self.chapter.language, beat.scene.id) \
            if beat.kind == BeatKind.SCENE else None
        self.app.narrator.say(beat.text, self.chapter.language, pitch, rate, recording,
                              speaker=beat.speaker, cast=session.course.cast)

    def focus_label(self) -> str | None:
        return None  # the story itself is read aloud

    def _start_reveal(self) -> None:
        self.revealed = self.page_text_length if self.reduced_motion else 0.0

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
        """New text from disk, or a new text size: lay the pages out again, same beat."""
        fresh = self.app.session.course.chapter(self.chapter.id)
        if fresh is None or not fresh.scenes:
            return
        self.chapter = fresh
        self.story.reload(fresh)
        self.page = 0
        self._pages_cache.clear()
        self.side_of = self._sides()
        self.revealed = self.page_text_length
        self.history_button.rect = layout(self.theme).button
        self._preload()  # a new palette tones the backdrops anew

    def _ask(self) -> None:
        """The question is on screen in full: open the choice screen over the player."""
        self._asking = True
        self.app.flow.choice(self.chapter, self.scene, self._chosen, self.open_history,
                             self.side_of.get(self.scene.speaker, "left"))

    def _chosen(self, option_id: str | None) -> None:
        self._asking = False
        if option_id is None:
            self.back()
        else:
            self.choose(option_id)

    # -- scene protocol -----------------------------------------------------------------
    def on_show(self) -> None:
        if not self._started:
            self._started = True
            self._start_reveal()
            self._speak()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in ADVANCE_KEYS:
                self.advance()
            elif event.key in BACK_KEYS:
                self.back()
            elif event.key == pygame.K_h:
                self.open_history()
        elif event.type == pygame.MOUSEWHEEL and event.y > 0:
            self.open_history()
        elif event.type == pygame.MOUSEMOTION:
            self.history_button.handle(event)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            if event.button == 1 and not self.history_button.click(event.pos):
                self.advance()
            elif event.button == 3:
                self.back()

    def update(self, dt: float) -> None:
        self.unsaved_seconds += dt
        self._entered += dt
        if not self.fully_revealed:
            self._talk_time += dt
            self.revealed = min(self.page_text_length, self.revealed + REVEAL_CPS * dt)
        if self.story.awaiting_choice and self.fully_revealed and not self._asking and \
                self.page == len(self.pages()) - 1 and self.app.top is self:
            self._ask()

    # -- drawing ------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        geometry = layout(theme)
        colour = theme.hex_colour(self.chapter.colour)
        draw_backdrop(surface, theme, self.app.session.assets, self.scene.backdrop, colour)
        self._draw_top_bar(surface)
        beat = self.beat
        theme.panel(surface, PANEL, theme.PANEL, border=shade(theme.PANEL, 1.25))
        character = self.app.session.course.cast.get(beat.speaker) if beat.speaker else None
        if character is not None:
            self._draw_portrait(surface, character, beat)
        if beat.kind == BeatKind.REFLECTION:
            self._draw_rating_plate(surface, beat)
        else:
            self._draw_name_plate(surface, character, self.side_of.get(beat.speaker, "left"))
        self._draw_text(surface, geometry)
        self._draw_footer(surface, geometry)

    def _draw_top_bar(self, surface: pygame.Surface) -> None:
        theme = self.theme
        total = len(self.chapter.scenes)
        label = _("Scene {current} / {total}").format(current=self.index + 1, total=total)
        progress = theme.text(surface, label, (WIDTH - MARGIN, 20), BODY, theme.TEXT,
                              anchor="topright")
        theme.text(surface, self.chapter.title, (MARGIN, 20), BODY, theme.TEXT, True,
                   max_width=progress.left - 32 - MARGIN)
        bar = pygame.Rect(WIDTH - MARGIN - 240, 26 + theme.line_height(BODY), 240, 6)
        pygame.draw.rect(surface, shade(theme.PANEL, 0.8), bar, border_radius=3)
        filled = bar.copy()
        filled.width = round(bar.width * (self.index + 1) / total)
        pygame.draw.rect(surface, theme.TEXT, filled, border_radius=3)
        if self.chapter.fallback:  # between the portraits, under the title
            theme.text(surface, _("Shown in the course's source language"),
                       (COLUMN.centerx, bar.bottom + 8), SMALL, theme.WARNING,
                       anchor="midtop", max_width=COLUMN.width)

    def _draw_portrait(self, surface: pygame.Surface, character: Character, beat: Beat) -> None:
        side = self.side_of.get(beat.speaker, "left")
        talking = not self.fully_revealed and not self.reduced_motion and \
            int(self._talk_time / TALK_FRAME_S) % 2 == 1
        picture = portraits.portrait(character, beat.mood, self.app.session.assets, talking)
        x = PORTRAIT_LEFT[side]
        if not self.reduced_motion and self._entered < SLIDE_S:
            out = round(SLIDE_PX * (1 - ease_out(self._entered / SLIDE_S)))
            x += -out if side == "left" else out
        surface.blit(picture.image, (x, PORTRAIT_TOP))
        self.theme.sprite(surface, picture.visible.move(x, PORTRAIT_TOP), "portrait")

    def _draw_name_plate(self, surface: pygame.Surface, character: Character | None,
                         side: str) -> None:
        theme = self.theme
        if character is None:
            return
        accent = theme.readable(theme.hex_colour(character.colour))
        inner = PLATE_MAX_W - 40
        name_w = min(inner, theme.font(NAME, True).size(character.name)[0])
        role_w = min(inner, theme.font(SMALL).size(character.role)[0])
        height = theme.line_height(NAME) + theme.line_height(SMALL) + 8
        plate = pygame.Rect(0, PLATE_BOTTOM - height, max(name_w, role_w) + 40, height)
        if side == "left":
            plate.left = COLUMN.left - 16
        else:
            plate.right = COLUMN.right + 16
        theme.panel(surface, plate, accent, radius=10)
        theme.text(surface, character.name, (plate.left + 20, plate.top + 4), NAME, theme.TEXT,
                   bold=True, max_width=inner)
        theme.text(surface, character.role, (plate.left + 20, plate.top + 4 +
                                             theme.line_height(NAME)), SMALL, theme.TEXT,
                   max_width=inner)

    def _draw_rating_plate(self, surface: pygame.Surface, beat: Beat) -> None:
        """The reflection's header: the rating as an icon (its shape) and in words."""
        theme = self.theme
        rating = str(beat.choice.rating) if beat.choice else "ok"
        label = rating_label(rating)
        line = theme.line_height(NAME)
        radius = line // 2 - 2
        inner = COLUMN.width - 40 - 2 * radius - 12
        width = min(inner, theme.font(NAME, True).size(label)[0])
        plate = pygame.Rect(COLUMN.left - 16, PLATE_BOTTOM - line - 16,
                            40 + 2 * radius + 12 + width, line + 16)
        theme.panel(surface, plate, theme.PANEL_HIGH, radius=10)
        centre = (plate.left + 20 + radius, plate.centery)
        icon = pygame.Rect(centre[0] - radius, centre[1] - radius, 2 * radius, 2 * radius)
        theme.sprite(surface, icon, rating, container=plate)
        draw_rating_icon(surface, theme, rating, centre, radius)
        theme.text(surface, label, (icon.right + 12, plate.top + 8), NAME, theme.TEXT,
                   bold=True, max_width=inner)

    def _draw_text(self, surface: pygame.Surface, geometry: Layout) -> None:
        page = self.pages()[self.page]
        self.theme.block(surface, page, pygame.Rect(COLUMN.left, geometry.text_top,
                                                    COLUMN.width, page.height),
                         reveal=int(self.revealed), container=PANEL)

    def _draw_footer(self, surface: pygame.Surface, geometry: Layout) -> None:
        """The history button on the left; page count and key hint on the right."""
        theme = self.theme
        self.history_button.rect = geometry.button
        self.history_button.draw(surface, theme, focused=False)
        theme.control(surface, geometry.button)
        bottom = PANEL.bottom - 12
        pages = len(self.pages())
        if pages > 1:
            label = _("Page {current} / {total}").format(current=self.page + 1, total=pages)
            rect = theme.text(surface, label, (RIGHT_ZONE.right, bottom), SMALL, theme.TEXT_DIM,
                              anchor="bottomright", max_width=RIGHT_ZONE.width)
            bottom = rect.top - 4
        if self.index >= HINT_SCENES or not self.fully_revealed:
            return
        hint = theme.lay_out("\n".join((_("Space: continue"), _("Backspace: back"),
                                        _("H: history"))), RIGHT_ZONE.width, SMALL, max_lines=6)
        theme.block(surface, hint, pygame.Rect(RIGHT_ZONE.left, bottom - hint.height,
                                               RIGHT_ZONE.width, hint.height),
                    colour=theme.TEXT_DIM, align="right")
