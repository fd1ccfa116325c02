"""What the game views share for game feel: easing, text drawn once and blitted, the feedback
card, particles, things that fly, and work spread over frames.

Everything here is cosmetic: the rules never see it. Every effect has a still form for reduced
motion (the view decides which to use), and nothing slow happens in a frame: text is laid out
and rendered once, then only blitted.
"""
from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field

import pygame

from learnsocial.i18n import _
from learnsocial.ui.audit import Mark
from learnsocial.ui.pace import Pace
from learnsocial.ui.text import TextBlock, break_points
from learnsocial.ui.theme import BODY, HEIGHT, SMALL, WIDTH, Colour, Theme

# -- easing ---------------------------------------------------------------------------------


def clamp01(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else value


def ease_out(t: float) -> float:
    t = clamp01(t)
    return 1 - (1 - t) ** 3


def ease_in(t: float) -> float:
    t = clamp01(t)
    return t * t


def ease_out_back(t: float, overshoot: float = 1.9) -> float:
    """Past 1 and back: a pop."""
    t = clamp01(t) - 1
    return 1 + t * t * ((overshoot + 1) * t + overshoot)


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def lerp_point(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    return lerp(a[0], b[0], t), lerp(a[1], b[1], t)


def fall_with_wobble(t: float, fall: float = 0.55) -> float:
    """How upright (1) or flat (0) a falling board is at share t of its fall: it tips over,
    bounces up a little twice and lies still."""
    t = clamp01(t)
    if t < fall:
        return 1 - ease_in(t / fall)
    rest = (t - fall) / (1 - fall)
    return 0.22 * abs(math.sin(rest * 2 * math.pi)) * (1 - rest) ** 1.5


# -- text drawn once ------------------------------------------------------------------------


def fit_steps(theme: Theme, text: str, width: int, height: int, size: int, min_size: int,
              bold: bool = False) -> Generator[None, None, TextBlock]:
    """fit_block, a layout per step (use with yield from to spread the work over frames)."""
    def attempt(current: int) -> TextBlock:
        lines = max(1, height // theme.line_height(current))
        return theme.lay_out(text, width, current, bold, max_lines=lines, min_size=current)

    block = attempt(size)
    if not block.truncated or size <= min_size:
        return block
    low, high, found = min_size, size - 1, None
    while low <= high:
        yield
        middle = (low + high) // 2
        candidate = attempt(middle)
        if candidate.truncated:
            high = middle - 1
        else:
            found, low = candidate, middle + 1
    if found is None:
        yield
        found = attempt(min_size)
    return found


def fit_block(theme: Theme, text: str, width: int, height: int, size: int, min_size: int,
              bold: bool = False) -> TextBlock:
    """The biggest layout of text (size down to min_size) whose lines all fit in height; when
    even min_size does not fit, as many lines as fit, the last shortened. Sizes are searched by
    halving, so a few layouts are made, not one per size."""
    steps = fit_steps(theme, text, width, height, size, min_size, bold)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


class TextImage:
    """A laid-out text rendered once into an image; each blit tells the layout audit about
    every line, as drawing it line by line would."""

    def __init__(self, theme: Theme, block: TextBlock, colour: Colour, width: int | None = None,
                 align: str = "left"):
        self.block = block
        self.colour = colour
        self.width = width if width is not None else max(1, block.width)
        self.surface = pygame.Surface((self.width, max(1, block.height)), pygame.SRCALPHA)
        face = theme.font(block.size, block.bold)
        self.lines: list[tuple[str, pygame.Rect]] = []
        y = 0
        for line in block.lines:
            line_width = face.size(line)[0]
            x = 0 if align == "left" else (self.width - line_width) // 2 if align == "center" \
                else self.width - line_width
            if line.strip():
                self.surface.blit(face.render(line, True, colour), (x, y))
                self.lines.append((line, pygame.Rect(x, y, line_width, block.line_height)))
            y += block.line_height

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def announce(self, theme: Theme, surface: pygame.Surface, pos: tuple[int, int],
                 container: pygame.Rect | None = None, moving: bool = False,
                 visible: pygame.Rect | None = None) -> None:
        """Tell the audit what the image holds (before it is blitted: backgrounds are sampled).
        visible: the part of the screen it can be seen in (a board half off the stall)."""
        for line, rect in self.lines:
            shown = rect.move(pos) if visible is None else rect.move(pos).clip(visible)
            if shown.width and shown.height:
                theme.note_text(surface, shown, line, self.colour, container, moving)
        if len(self.lines) > 1 and theme.audit is not None and surface is theme.audit_surface:
            drawn = self.lines[0][1].unionall([r for _l, r in self.lines[1:]]).move(pos)
            theme.audit.record(Mark("block", drawn, self.block.text, container,
                                    lines=tuple(line for line, _r in self.lines)))

    def draw(self, theme: Theme, surface: pygame.Surface, pos: tuple[int, int],
             container: pygame.Rect | None = None, moving: bool = False,
             visible: pygame.Rect | None = None) -> pygame.Rect:
        self.announce(theme, surface, pos, container, moving, visible)
        return surface.blit(self.surface, pos)


class TextImages:
    """Text images by key, made when first asked for; cleared when the look changes."""

    def __init__(self, theme: Theme):
        self.theme = theme
        self._images: dict[tuple, TextImage] = {}
        self._look = self._current_look()

    def _current_look(self) -> tuple:
        return self.theme.palette, self.theme.text_scale

    def fresh(self) -> bool:
        """False (and emptied) when the palette or text size changed since the images were
        made."""
        look = self._current_look()
        if look != self._look:
            self._images.clear()
            self._look = look
            return False
        return True

    def get(self, text: str, width: int, size: int, colour: Colour, *, bold: bool = False,
            height: int | None = None, min_size: int | None = None, max_lines: int | None = None,
            align: str = "left") -> TextImage:
        key = (text, width, size, colour, bold, height, min_size, max_lines, align)
        image = self._images.get(key)
        if image is None:
            if height is not None:
                block = fit_block(self.theme, text, width, height, size, min_size or size, bold)
            else:
                block = self.theme.lay_out(text, width, size, bold, max_lines=max_lines,
                                           min_size=min_size)
            image = TextImage(self.theme, block, colour, width, align)
            if len(self._images) > 512:
                self._images.clear()
            self._images[key] = image
        return image


# -- the feedback card ----------------------------------------------------------------------


def overlay(theme: Theme, surface: pygame.Surface) -> None:
    """What is drawn from now on covers what lies under it (a card over the game, a card being
    dragged): tell the layout audit, so hidden text is not compared with what covers it."""
    if theme.audit is not None and surface is theme.audit_surface:
        theme.audit.new_layer(theme.audit.screen)



@dataclass(frozen=True)
class Feedback:
    """What the card says after an answer: right or wrong (never by colour alone: a mark), a
    title, and the content's explanation."""

    right: bool
    title: str
    body: str


CARD_PAD = 16
CARD_MARK = 18  # radius of the tick or cross
CARD_WIDTH = 880
CARD_MIN_WIDTH = 240  # narrower areas are not offered to a card


def go_on_hint() -> str:
    return _("Space, Enter or a click: go on")


class FeedbackCard:
    """Lays out a feedback in whichever of the offered areas shows it best, and draws it.

    Choosing the area only measures (layouts are cached by the text primitive, and can be made
    ahead with prepare); only the chosen layout is rendered."""

    BODY_SIZES = (SMALL + 2, SMALL, SMALL - 2)

    def __init__(self, theme: Theme, images: TextImages):
        self.theme = theme
        self.images = images
        self._cache: dict[tuple, tuple[pygame.Rect, TextImage, TextImage, TextImage]] = {}

    @staticmethod
    def text_width(area_width: int) -> int:
        return max(CARD_MIN_WIDTH, min(area_width, CARD_WIDTH)) - 3 * CARD_PAD - 2 * CARD_MARK

    @staticmethod
    def usable(areas: list[pygame.Rect]) -> list[pygame.Rect]:
        """The areas a card fits in at all (the tallest one when none is wide enough)."""
        wide = [a for a in areas if a.width >= CARD_MIN_WIDTH and a.height >= 80]
        return wide or sorted(areas, key=lambda a: -a.height)[:1]

    def _title(self, text: str, width: int) -> TextBlock:
        return self.theme.lay_out(text, width, BODY, True, max_lines=2, min_size=SMALL)

    def _hint(self, width: int) -> TextBlock:
        return self.theme.lay_out(go_on_hint(), width, SMALL, max_lines=1, min_size=SMALL - 3)

    def prepare(self, feedback: Feedback, area_width: int = CARD_WIDTH) -> Iterator[None]:
        """Lay out what this feedback needs in an area this wide, ahead of time (a layout per
        step, for Prefetch.add_steps)."""
        width = self.text_width(area_width)
        self._title(feedback.title, width)
        yield
        self._hint(width)
        for size in self.BODY_SIZES:
            yield
            self.theme.font(size)  # a size used for the first time is read from its file
            yield
            self.theme.lay_out(feedback.body, width, size)

    def place_steps(self, feedback: Feedback, areas: list[pygame.Rect]) -> Iterator[None]:
        """place, worked out ahead a layout per step (for Prefetch.add_steps)."""
        for area in self.usable(areas):  # as place tries them, to the first that holds it
            width = self.text_width(area.width)
            title = self._title(feedback.title, width)
            yield
            frame = 2 * CARD_PAD + title.height + 8 + self._hint(width).height + 8
            for size in self.BODY_SIZES:
                yield
                body = self.theme.lay_out(feedback.body, width, size)
                if frame + (body.height + 8 if feedback.body else 0) <= area.height:
                    yield
                    self.place(feedback, areas)
                    return
        yield
        self.place(feedback, areas)

    def place(self, feedback: Feedback, areas: list[pygame.Rect]
              ) -> tuple[pygame.Rect, TextImage, TextImage, TextImage]:
        """The card in the first area that holds its text whole (at the largest size that fits
        there), centred and at its top; when none does, the tallest, its text shortened."""
        key = (feedback, tuple(tuple(a) for a in areas), self.theme.text_scale,
               self.theme.palette)
        found = self._cache.get(key)
        if found is not None:
            return found
        theme = self.theme
        usable = self.usable(areas)
        chosen = None
        for area in usable:  # in the order offered: the first that holds it whole
            width = self.text_width(area.width)
            title, hint = self._title(feedback.title, width), self._hint(width)
            frame = 2 * CARD_PAD + title.height + 8 + hint.height + 8
            for size in self.BODY_SIZES:
                body = theme.lay_out(feedback.body, width, size)
                if frame + (body.height + 8 if feedback.body else 0) <= area.height:
                    chosen = (area, title, body, hint)
                    break
            if chosen:
                break
        if chosen is None:
            area = max(usable, key=lambda a: a.height)
            width = self.text_width(area.width)
            title, hint = self._title(feedback.title, width), self._hint(width)
            room = area.height - (2 * CARD_PAD + title.height + 8 + hint.height + 8) - 8
            size = self.BODY_SIZES[-1]
            body = theme.lay_out(feedback.body, width, size,
                                 max_lines=max(1, room // theme.line_height(size)),
                                 min_size=size)
            chosen = (area, title, body, hint)
        area, title, body, hint = chosen
        width = self.text_width(area.width)
        height = 2 * CARD_PAD + title.height + 8 + (body.height + 8 if feedback.body else 0) \
            + hint.height + 8
        rect = pygame.Rect(0, 0, max(CARD_MIN_WIDTH, min(area.width, CARD_WIDTH)),
                           min(height, area.height))
        rect.midtop = (area.centerx, area.top)
        rect.clamp_ip(pygame.Rect(0, 0, WIDTH, HEIGHT))
        result = (rect, TextImage(theme, title, theme.TEXT, width),
                  TextImage(theme, body, theme.TEXT, width),
                  TextImage(theme, hint, theme.TEXT_DIM, width))
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[key] = result
        return result

    def draw(self, surface: pygame.Surface, feedback: Feedback, areas: list[pygame.Rect],
             appear: float = 1.0, share_left: float | None = None) -> pygame.Rect:
        """The card, sliding up into place while appear goes 0 -> 1 (1 at once for reduced
        motion), with a thin bar for the time left before the game goes on by itself."""
        theme = self.theme
        rect, title, body, hint = self.place(feedback, areas)
        rect = rect.move(0, round((1 - ease_out(appear)) * 18))
        theme.panel(surface, rect, theme.BACKGROUND_LOW, radius=12,
                    border=theme.SUCCESS if feedback.right else theme.ERROR, width=3)
        mark_centre = (rect.left + CARD_PAD + CARD_MARK, rect.top + CARD_PAD + CARD_MARK)
        (theme.check_mark if feedback.right else theme.cross_mark)(surface, mark_centre,
                                                                   CARD_MARK, container=rect)
        x = rect.left + 2 * CARD_PAD + 2 * CARD_MARK
        y = rect.top + CARD_PAD
        y = title.draw(theme, surface, (x, y), rect).bottom + 8
        if feedback.body:
            room = rect.bottom - CARD_PAD - hint.size[1] - 8 - y
            if body.size[1] <= room:
                y = body.draw(theme, surface, (x, y), rect).bottom + 8
        hint.draw(theme, surface, (x, rect.bottom - CARD_PAD - hint.size[1]), rect)
        if share_left is not None:
            bar = pygame.Rect(rect.left + 12, rect.bottom - 7, rect.width - 24, 3)
            pygame.draw.rect(surface, theme.PANEL_HIGH, bar)
            pygame.draw.rect(surface, theme.TEXT_DIM, (bar.left, bar.top,
                                                       round(bar.width * share_left), 3))
        return rect


# -- particles and things that fly ----------------------------------------------------------


@dataclass
class Particle:
    x: float
    y: float
    vx: float
    vy: float
    life: float
    size: float
    colour: Colour
    square: bool


@dataclass
class Particles:
    """Confetti and splinters that fall under gravity; in reduced motion a still star."""

    rng: random.Random = field(default_factory=lambda: random.Random(7))
    items: list[Particle] = field(default_factory=list)

    def burst(self, x: float, y: float, colours: list[Colour], count: int, speed: float = 320,
              size: float = 7) -> None:
        for n in range(count):
            angle = self.rng.uniform(0, 2 * math.pi)
            velocity = self.rng.uniform(0.35, 1.0) * speed
            self.items.append(Particle(x, y, math.cos(angle) * velocity,
                                       math.sin(angle) * velocity - speed * 0.45,
                                       self.rng.uniform(0.45, 0.85),
                                       self.rng.uniform(0.5, 1.0) * size,
                                       colours[n % len(colours)], n % 3 != 0))

    def update(self, dt: float) -> None:
        for p in self.items:
            p.x += p.vx * dt
            p.y += p.vy * dt
            p.vy += 900 * dt
            p.vx *= 1 - 1.5 * dt
            p.life -= dt
        self.items = [p for p in self.items if p.life > 0]

    def draw(self, surface: pygame.Surface) -> None:
        for p in self.items:
            size = max(1, round(p.size * min(1.0, p.life / 0.3)))
            if p.square:
                surface.fill(p.colour, (round(p.x) - size // 2, round(p.y) - size // 2, size,
                                        max(1, size // 2 + 1)))
            else:
                pygame.draw.circle(surface, p.colour, (round(p.x), round(p.y)), max(1, size // 2))


def star(surface: pygame.Surface, colour: Colour, centre: tuple[float, float], outer: float,
         inner: float, points: int = 8, turn: float = 0.0) -> None:
    """A filled star: muzzle flashes, bursts drawn still, the bonus emblem."""
    x, y = centre
    corners = []
    for n in range(points * 2):
        radius = outer if n % 2 == 0 else inner
        angle = turn + n * math.pi / points
        corners.append((x + math.cos(angle) * radius, y + math.sin(angle) * radius))
    pygame.draw.polygon(surface, colour, corners)


@dataclass
class Flyer:
    """An image on its way from one point to another along an arc (a "+150" to the score, a
    card into its bin)."""

    image: pygame.Surface
    start: tuple[float, float]
    end: tuple[float, float]
    duration: float
    lift: float = 120.0  # how high the arc rises above the straight line
    age: float = 0.0
    delay: float = 0.0

    @property
    def done(self) -> bool:
        return self.age >= self.delay + self.duration

    @property
    def progress(self) -> float:
        return clamp01((self.age - self.delay) / self.duration) if self.duration > 0 else 1.0

    def position(self) -> tuple[float, float]:
        t = ease_out(self.progress)
        x, y = lerp_point(self.start, self.end, t)
        return x, y - math.sin(t * math.pi) * self.lift

    def update(self, dt: float) -> None:
        self.age += dt

    def draw(self, surface: pygame.Surface, scale: float = 1.0) -> None:
        if self.age < self.delay:
            return
        image = self.image
        if scale != 1.0:
            w, h = image.get_size()
            image = pygame.transform.smoothscale(image, (max(1, round(w * scale)),
                                                         max(1, round(h * scale))))
        x, y = self.position()
        surface.blit(image, image.get_rect(center=(round(x), round(y))))


# -- work spread over frames ----------------------------------------------------------------


class Prefetch:
    """Jobs (laying out and rendering text for what comes next) done one per frame, so no
    single frame pays for them all."""

    def __init__(self) -> None:
        self.jobs: deque[Callable[[], object]] = deque()
        self._pace = Pace(0.002)  # how long the next job will likely take (a font: about 2 ms)

    def add(self, job: Callable[[], object]) -> None:
        self.jobs.append(job)

    def clear(self) -> None:
        self.jobs.clear()

    def run(self, count: int = 1) -> None:
        for _i in range(min(count, len(self.jobs))):
            self.jobs.popleft()()

    def add_steps(self, steps: Iterator[object], first: bool = False) -> None:
        """A job done a step per turn (a generator), kept at the front until it is through;
        first: before everything else queued (it is needed soon)."""
        def step() -> None:
            finished = object()
            if next(steps, finished) is not finished:
                self.jobs.appendleft(step)
        if first:
            self.jobs.appendleft(step)
        else:
            self.jobs.append(step)

    def run_for(self, seconds: float) -> None:
        """Jobs until this much time is spent (at least one, when there is one). Only what is
        made ahead depends on the clock, never what is shown."""
        start = time.perf_counter()
        while self.jobs:
            self.jobs.popleft()()
            if time.perf_counter() - start >= seconds:
                break

    def run_until(self, until: float, limit: float) -> None:
        """Jobs until the thread's CPU clock reaches until, starting none that would likely
        end past limit (judged by the jobs before): for a frame with time to spare."""
        first = True
        while self.jobs and (now := time.thread_time()) < until:
            if not self._pace.allows(now, limit, first):
                return
            first = False
            self.jobs.popleft()()
            self._pace.took(time.thread_time() - now)


class MeasuredView:
    """A view measured a piece per frame before it shows (layout_steps yields between the
    pieces), or at once when it is wanted sooner or the look changed."""

    prefetch: Prefetch
    laid_out: bool = False
    _steps: Iterator[None] | None = None

    def layout_steps(self) -> Iterator[None]:
        raise NotImplementedError

    def relayout(self) -> None:
        """Measure everything now (the text size or palette changed)."""
        self.ensure_layout(fresh=True)

    def ensure_layout(self, fresh: bool = False) -> None:
        if fresh or not self.laid_out:
            steps = self._steps if self._steps is not None and not fresh else self.layout_steps()
            self._steps = None
            for _step in steps:
                pass

    def layout_step(self) -> None:
        """One piece of the measuring (a prefetch job); queues itself again until done."""
        if self.laid_out:
            return
        if self._steps is None:
            self._steps = self.layout_steps()
        finished = object()
        if next(self._steps, finished) is finished:
            self._steps = None
        else:
            self.prefetch.jobs.appendleft(self.layout_step)


class HyphenationWarmUp:
    """Reads the language's hyphenation dictionary on a worker thread (it takes a good part of
    a second the first time), so no frame waits for it when a long word first needs a split."""

    def __init__(self, language: str):
        self.language = language
        self._thread = threading.Thread(target=break_points, args=("warm-up", language),
                                        name="learnsocial-hyphenation", daemon=True)
        self._thread.start()

    @property
    def ready(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> None:
        self._thread.join()
