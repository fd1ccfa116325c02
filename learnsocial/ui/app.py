"""The app: one window, a stack of scenes, a fixed logical canvas scaled to the window."""
from __future__ import annotations

import gc
import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pygame

from learnsocial.app.session import Session
from learnsocial.config import load_config
from learnsocial.content.loader import ContentError
from learnsocial.i18n import _
from learnsocial.progress.lrs import BackgroundSync, LRSClient
from learnsocial.progress.store import StoreError
from learnsocial.ui.audit import LayoutAudit
from learnsocial.ui.flow import Flow
from learnsocial.ui.scene import OnDone, Scene
from learnsocial.ui.sound import Music, Sounds
from learnsocial.ui.theme import HEIGHT, SMALL, WIDTH, Theme
from learnsocial.ui.toast import Toast
from learnsocial.ui.voice import Narrator
from learnsocial.ui.warmup import Warmup

log = logging.getLogger(__name__)
FPS = 60
DISSOLVE_S = 0.2  # between screens and between story scenes (VISUAL.md: 150-250 ms)
RETRY_S = 5.0  # how often progress the disk refused is tried again
STATUS_S = 15.0  # the saving status in full at the bottom, then as a chip at the top
IDLE_S = 0.0024  # a frame that took less CPU than this prepares text ahead up to this much
FRAME_LIMIT_S = 0.0026  # and starts no step of it that would take the frame past this
MOUSE_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION)


@contextmanager
def steady_memory(app: App) -> Iterator[None]:
    """While the app runs, what start-up made (the course, fonts, sounds, screens) is left out
    of the garbage collector's passes (gc.freeze): a full pass over it took 12 ms at German
    150 %, in whatever frame it fell. Given back to the collector afterwards."""
    gc.collect()
    gc.freeze()
    app.memory_steady = True
    try:
        yield
    finally:
        app.memory_steady = False
        gc.unfreeze()


class App:
    def __init__(self, session: Session, *, window_size: tuple[int, int] = (WIDTH, HEIGHT),
                 fullscreen: bool = False, seed: int | None = None):
        pygame.mixer.pre_init(22050, -16, 1, 512)
        pygame.init()
        pygame.display.set_caption("LearnSocial")
        self.session = session
        session.saves.background = True  # no frame waits for an fsync
        self.theme = Theme()
        self.fullscreen = fullscreen
        self.window = self._open_window(window_size)
        # what a frame is drawn on: the window itself while it has the canvas's size (no copy
        # a frame), else a picture of its own that is scaled into the window
        self._own_canvas = pygame.Surface((WIDTH, HEIGHT))
        self.canvas = self._own_canvas
        self.stack: list[Scene] = []
        self._shown: Scene | None = None  # the top scene that last got on_show
        self._changing = 0  # stack changes in progress (callbacks may push more)
        self.running = True
        self.memory_steady = False  # inside steady_memory: frozen objects stay frozen
        self.rng = random.Random(seed)
        self.notice: str | None = None  # a message shown over any screen for a while
        self.notice_left = 0.0
        self.sounds = Sounds()
        self.music = Music()  # off unless the learner switches it on in the settings
        self.toast_shown: Toast | None = None
        self.narrator = Narrator()
        self.warmup = Warmup()
        self.flow = Flow(self)
        self._spoken_focus: str | None = None
        self._notices_seen = 0
        self._retry_left = RETRY_S
        self.saving_status: str | None = None  # shown over every screen while it holds
        self._status_left = 0.0
        self._drawn = False  # a frame was drawn (a dissolve has something to start from)
        self._dissolve_from: pygame.Surface | None = None
        self._dissolve_left = 0.0
        # a dissolve began in this frame: the new screen was made, its first drawing waits for
        # the next frame (one frame of the old picture, so no frame both makes and draws it)
        self._dissolve_fresh = False
        self.background_sync = self._start_background_sync()
        self.apply_settings()
        self.theme.make_fonts_ready()
        pygame.key.start_text_input()

    # -- window -------------------------------------------------------------------------
    def _open_window(self, size: tuple[int, int]) -> pygame.Surface:
        if self.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(size, pygame.RESIZABLE)

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.window = self._open_window((WIDTH, HEIGHT))
        self.toast(_("Full screen") if self.fullscreen else _("Window"))

    def viewport(self) -> pygame.Rect:
        """Where the canvas lands in the window: scaled to fit, letterboxed, never stretched."""
        width, height = self.window.get_size()
        scale = min(width / WIDTH, height / HEIGHT)
        rect = pygame.Rect(0, 0, round(WIDTH * scale), round(HEIGHT * scale))
        rect.center = (width // 2, height // 2)
        return rect

    def to_canvas(self, pos: tuple[int, int]) -> tuple[int, int]:
        view = self.viewport()
        if view.width == 0 or view.height == 0:
            return pos
        return (round((pos[0] - view.left) * WIDTH / view.width),
                round((pos[1] - view.top) * HEIGHT / view.height))

    def apply_settings(self) -> None:
        """Make the signed-in employee's saved settings take effect at once."""
        settings = self.session.settings
        self.sounds.muted = bool(settings["muted"])
        self.sounds.volume = float(settings["volume"])
        self.narrator.enabled = bool(settings["voice"])
        self.music.volume = float(settings["music_volume"])
        self.music.enabled = bool(settings["music"])
        look = (self.theme.palette, self.theme.text_scale)
        self.theme.configure("high_contrast" if settings["high_contrast"] else "default",
                             float(settings["text_scale"]))
        if (self.theme.palette, self.theme.text_scale) != look:
            for scene in self.stack:
                scene.on_reload()  # layouts that depend on text size are made again

    def notify(self, message: str, seconds: float = 8.0) -> None:
        self.notice, self.notice_left = message, seconds

    def toast(self, message: str) -> None:
        """Say briefly on screen what a key just switched (with the toast sound)."""
        self.toast_shown = Toast(message, bool(self.session.settings["reduced_motion"]))
        self.sounds.play("toast")
        if self.narrator.enabled:  # by ear too
            self.narrator.say(message, self.session.language)

    def reload_content(self) -> None:
        """F5: read the course from disk again and stay where we are; errors go on screen."""
        session = self.session
        previous = session.course
        try:
            course = session.load_course()
        except ContentError as error:
            session.course = previous
            self.notify(str(error))
            return
        errors = session.problems.errors
        if errors:
            more = len(errors) - 1
            self.notify(str(errors[0]) + (_(" (and {count} more)").format(count=more)
                                          if more else ""), 15.0)
        else:
            self.notify(_("Course reloaded from disk"), 3.0)
        if not course.chapters:
            session.course = previous
            return
        for scene in self.stack:
            scene.on_reload()

    def _start_background_sync(self) -> BackgroundSync | None:
        """When an LRS is configured (config.json or environment), send statements as they
        come, on a worker thread."""
        store = self.session.store
        if store is None:
            return None
        config = load_config(store.data_dir)
        if not config.background_sync:
            return None
        sync = BackgroundSync(store, LRSClient(config.lrs_url, config.lrs_user,
                                               config.lrs_password), config.xapi.home_page,
                              config.sync_every_s)
        sync.start()
        return sync

    def _show_store_notices(self) -> None:
        """A damaged file repaired from a backup while the app runs is told on screen too."""
        store = self.session.store
        if store is not None and len(store.notices) > self._notices_seen:
            self._notices_seen = len(store.notices)
            self.notify(store.notices[-1], 20.0)

    @contextmanager
    def _store_problems_told(self) -> Iterator[None]:
        """A file the store cannot read while a screen reads it (an HR report, a profile) is
        told on screen; the app goes on where it was instead of ending."""
        try:
            yield
        except StoreError as error:
            log.warning("%s", error)
            self.notify(_("Something could not be read: {problem}").format(
                problem=" ".join(str(error).split())), 20.0)

    def _retry_saves(self, dt: float) -> None:
        """Every RETRY_S, try what the disk refused again; keep the sentence on screen (and
        say it once with voice on) while something is not saved or the learner was erased."""
        saves = self.session.saves
        self._retry_left -= dt
        if self._retry_left <= 0:
            self._retry_left = RETRY_S
            if saves.waiting:
                saves.retry()
        self._status_left = max(0.0, self._status_left - dt)
        status = self.session.saving_status()
        if status != self.saving_status:
            self.saving_status, self._status_left = status, STATUS_S
            if status and self.narrator.enabled:
                self.narrator.say(status, self.session.language)

    @property
    def saving_chip(self) -> str | None:
        """The short form of the saving status, once the sentence has been shown."""
        if not self.saving_status or self._status_left > 0:
            return None
        return _("Nothing is recorded") if self.session.erased else _("Not saved yet")

    def toggle_mute(self) -> None:
        self.sounds.muted = not self.sounds.muted
        self.session.save_settings(muted=self.sounds.muted)
        self.toast(_("Sound off (M)") if self.sounds.muted else _("Sound on (M)"))

    # -- stack --------------------------------------------------------------------------
    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene, on_done: OnDone | None = None) -> None:
        """Show scene over the current one; on_done gets what it dismisses with."""
        self._changing += 1
        scene.on_done = on_done
        self.stack.append(scene)
        self._changing -= 1
        self._settle()

    def dismiss(self, scene: Scene, result: Any = None) -> None:
        """Take scene off the stack and hand its result to its on_done callback."""
        if scene not in self.stack:
            return
        self._changing += 1
        self.stack.remove(scene)
        try:
            if scene.on_done is not None:
                scene.on_done(result)
        finally:  # a callback that failed must not leave the stack frozen
            self._changing -= 1
        self._settle()

    def reset(self, scene: Scene, on_done: OnDone | None = None) -> None:
        """Make scene the only one on the stack (e.g. back to the chapter map)."""
        self._changing += 1
        self.stack.clear()
        self.push(scene, on_done)
        self._changing -= 1
        self._settle()

    def _settle(self) -> None:
        """After the stack changed (callbacks included): on_hide for the scene that was on top,
        on_show for the one now on top."""
        if self._changing or self.top is self._shown:
            return
        previous, self._shown = self._shown, self.top
        self.dissolve()
        if previous is not None:
            previous.on_hide()
        if self._shown is not None:
            self._shown.on_show()

    def save_all(self) -> None:
        for scene in reversed(self.stack):
            try:
                scene.save()
            except Exception:  # saving must not stop the others from saving
                log.exception("saving %s failed", scene.name)

    def quit(self, force: bool = False) -> None:
        """Save everything first, then stop. While progress waits for the disk, the learner is
        told what would be lost and the app keeps trying instead (force: quit all the same)."""
        self.save_all()
        saves = self.session.saves
        saves.settle()
        if not force and saves.waiting:
            saves.retry()  # one more try before the learner is asked
            saves.settle()
            if saves.waiting:
                self.flow.unsaved_quit()
                return
        saves.close()
        self.narrator.stop()
        self.music.stop()
        if self.background_sync:
            self.background_sync.stop()
        self.warmup.close()
        self.running = False

    # -- transitions --------------------------------------------------------------------
    def dissolve(self) -> None:
        """Fade from the frame last drawn to whatever is drawn next, over DISSOLVE_S, easing
        out; nothing with reduced motion. The last frame is copied once, here, and each frame
        of the fade costs one blit."""
        if not self._drawn or self.session.settings["reduced_motion"]:
            return
        if self._dissolve_from is None:
            self._dissolve_from = self.canvas.copy()
        else:  # a dissolve in progress: start again from what is on screen now
            self._dissolve_from.blit(self.canvas, (0, 0))
        self._dissolve_left = DISSOLVE_S
        self._dissolve_fresh = True

    @property
    def transitioning(self) -> bool:
        return self._dissolve_left > 0

    def _draw_dissolve(self) -> None:
        if self._dissolve_from is None or self._dissolve_left <= 0:
            return
        share = self._dissolve_left / DISSOLVE_S  # 1 at the start, 0 at the end
        self._dissolve_from.set_alpha(round(255 * share * share))  # ease-out
        self.canvas.blit(self._dissolve_from, (0, 0))

    # -- frame --------------------------------------------------------------------------
    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type in MOUSE_EVENTS:
            attributes = dict(event.dict, pos=self.to_canvas(event.pos))
            event = pygame.event.Event(event.type, attributes)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F5:
            self.reload_content()
            return
        top = self.top
        if top is None:
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_m and not top.takes_text:
            self.toggle_mute()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and \
                not top.wants_escape():
            self.flow.pause()
            return
        with self._store_problems_told():
            top.handle(event)
        if event.type == pygame.KEYDOWN:
            self._read_focus_aloud()

    def _read_focus_aloud(self) -> None:
        """With voice on, whatever the keyboard selects is read out, so menus and games work by
        ear."""
        top = self.top
        label = top.focus_label() if top else None
        if label and label != self._spoken_focus and self.narrator.enabled:
            self.narrator.say(label, self.session.language)
        self._spoken_focus = label

    def frame(self, dt: float, events: list[pygame.event.Event], render: bool = True) -> None:
        began = time.thread_time()
        for event in events:
            self.dispatch(event)
            if not self.running:
                return
        if self.top:
            with self._store_problems_told():
                self.top.update(dt)
        self.notice_left = max(0.0, self.notice_left - dt)
        if self.toast_shown is not None:
            self.toast_shown.update(dt)
            if self.toast_shown.done:
                self.toast_shown = None
        hold = render and self._dissolve_fresh and self._dissolve_from is not None
        self._dissolve_fresh = False
        if not hold:
            self._dissolve_left = max(0.0, self._dissolve_left - dt)
        self._retry_saves(dt)
        self._show_store_notices()
        if hold:
            assert self._dissolve_from is not None
            self._dissolve_from.set_alpha(None)
            self._present(self._dissolve_from)
        elif render:
            self.render()
        if time.thread_time() - began < IDLE_S:
            if self.top is not None:
                self.top.work_ahead(began + IDLE_S, began + FRAME_LIMIT_S)
            self.theme.warm_a_little(began + IDLE_S, began + FRAME_LIMIT_S)

    @staticmethod
    def visible(stack: list[Scene]) -> list[Scene]:
        """The scenes of a stack that show, bottom first: from the topmost opaque one up."""
        shown: list[Scene] = []
        for scene in reversed(stack):
            shown.append(scene)
            if scene.opaque:
                break
        return shown[::-1]

    def render(self) -> pygame.Surface:
        """Draw the visible scenes onto the canvas, then the canvas into the window."""
        self._choose_canvas()
        visible = self.visible(self.stack)
        audit = self.theme.audit
        for layer, scene in enumerate(visible):
            if audit is not None:
                (audit.new_layer if layer else audit.begin_frame)(scene.name)
            scene.draw(self.canvas)
        bottom = HEIGHT - 40
        if self.saving_status and not getattr(self.top, "tells_saving_status", False):
            if audit is not None:
                audit.new_layer(f"{self.top.name if self.top else ''} (saving)")
            chip = self.saving_chip
            if chip:
                self._draw_chip(chip)
            else:
                bottom = self._draw_notice(self.saving_status, bottom) - 8
        if self.notice and self.notice_left > 0:
            if audit is not None:
                audit.new_layer(f"{self.top.name if self.top else ''} (notice)")
            self._draw_notice(self.notice, bottom)
        if self.toast_shown is not None:
            if audit is not None:
                audit.new_layer(f"{self.top.name if self.top else ''} (toast)")
            self.toast_shown.draw(self.canvas, self.theme)
        if audit is not None:
            audit.end_frame()
        self._draw_dissolve()
        self._drawn = True
        self._present(self.canvas)
        return self.canvas

    def _choose_canvas(self) -> None:
        window = self.window
        canvas = window if window.get_size() == (WIDTH, HEIGHT) else self._own_canvas
        if canvas is not self.canvas:
            self.canvas = canvas
            if self.theme.audit is not None:
                self.theme.audit_surface = canvas

    def _present(self, picture: pygame.Surface) -> None:
        """A canvas-sized picture into the window, letterboxed."""
        if picture is self.window:
            return  # drawn in place
        view = self.viewport()
        if view.size != self.window.get_size():
            self.window.fill(self.theme.SHADOW)  # the letterbox bars
        if view.size == picture.get_size():
            self.window.blit(picture, view)
            return
        try:  # scaled straight into the window: no new picture a frame (a third less time)
            pygame.transform.smoothscale(picture, view.size, self.window.subsurface(view))
        except ValueError:  # the window's pixels have another format than the picture's
            self.window.blit(pygame.transform.smoothscale(picture, view.size), view)

    def start_layout_audit(self) -> LayoutAudit:
        """Check every frame drawn from now on for broken layout (demo --audit-layout)."""
        self._choose_canvas()
        audit = LayoutAudit(self.canvas.get_rect())
        self.theme.audit, self.theme.audit_surface = audit, self.canvas
        return audit

    def _draw_notice(self, message: str, bottom: int) -> int:
        """A message over any screen, its box ending at bottom; returns the box's top."""
        theme = self.theme
        block = theme.lay_out(message, WIDTH - 120, SMALL, max_lines=4)
        box = pygame.Rect(40, bottom - block.height - 20, WIDTH - 80, block.height + 20)
        theme.panel(self.canvas, box, theme.BACKGROUND_LOW, radius=8, border=theme.WARNING)
        theme.block(self.canvas, block, box.inflate(-40, -20))
        return box.top

    def _draw_chip(self, label: str) -> None:
        """A short label at the top of any screen (where toasts appear) while it holds."""
        theme = self.theme
        block = theme.lay_out(label, WIDTH // 3, SMALL, bold=True, max_lines=1)
        box = pygame.Rect(0, 0, block.width + 32, block.height + 8)
        box.midtop = (WIDTH // 2, 4)
        theme.panel(self.canvas, box, theme.BACKGROUND_LOW, radius=box.height // 2,
                    border=theme.WARNING)
        theme.block(self.canvas, block, box.inflate(-32, -8), align="center", container=box)

    def run(self) -> int:
        """The real loop: 60 FPS cap, until the window is closed or Quit is chosen."""
        clock = pygame.time.Clock()
        while self.running:
            dt = min(clock.tick(FPS) / 1000.0, 0.1)
            self.frame(dt, pygame.event.get())
            pygame.display.flip()
        pygame.quit()
        return 0
