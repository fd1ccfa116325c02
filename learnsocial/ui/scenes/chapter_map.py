"""The chapter map: the course as a path of chapter nodes, with the learner's level on top and
the chosen chapter's details and actions below.

Each node shows the test's game icon, a status mark (lock, in progress, not passed yet, done,
star for a perfect test), and a label with the title and the estimated minutes. Arrows walk the
path; Enter opens a chapter, or, where a test was taken, moves to its two actions ("Retake test",
"Replay chapter"); Esc or Backspace step back from the actions. Every layout is measured from
the text, so it holds at 150 % text size in every language.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.journey import estimated_minutes, game_name
from learnsocial.content.model import Chapter
from learnsocial.i18n import _, number, percent
from learnsocial.progress.records import ChapterProgress
from learnsocial.progress.status import ChapterStatus
from learnsocial.ui.icons import draw_game_icon
from learnsocial.ui.scene import Scene
from learnsocial.ui.text import TextBlock
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH, Theme, shade
from learnsocial.ui.widgets import Button, button_row

if TYPE_CHECKING:
    from learnsocial.ui.app import App

RADIUS = 30  # of a chapter node
WAVE = 14  # nodes sit this much above and below the path's middle, in turn
LABEL_W = 400  # at most, for a node's label
GAP = 12
OPEN, RETAKE, REPLAY = "open", "retake", "replay"


@dataclass(frozen=True)
class MapChoice:
    """What the learner chose on the map: a chapter and what to do with it, or another screen."""

    chapter: Chapter | None = None
    action: str = ""  # with a chapter: "open", "retake" or "replay"; else "profile", "settings"


def status_label(status: str, locked: bool) -> str:
    if locked:
        return _("Locked")
    labels: dict[str, str] = {ChapterStatus.COMPLETED: _("Completed"),
                              ChapterStatus.IN_PROGRESS: _("In progress"),
                              ChapterStatus.FAILED: _("Not passed yet")}
    return labels.get(status, _("Not started"))


@dataclass
class Node:
    chapter: Chapter
    index: int
    status: ChapterStatus
    locked: bool
    record: ChapterProgress | None
    minutes: int
    centre: tuple[int, int] = (0, 0)
    label: pygame.Rect = field(default_factory=pygame.Rect)
    title: TextBlock | None = None

    @property
    def rect(self) -> pygame.Rect:
        return pygame.Rect(self.centre[0] - RADIUS, self.centre[1] - RADIUS, 2 * RADIUS,
                           2 * RADIUS)

    @property
    def perfect(self) -> bool:
        return bool(self.record and self.record.best_score is not None
                    and self.record.best_score >= 1.0)

    def actions(self) -> list[str]:
        """What the chapter offers: a test taken means a choice of two."""
        if self.locked:
            return []
        if self.status == ChapterStatus.FAILED and self.chapter.test is not None:
            return [RETAKE, REPLAY]
        if self.status == ChapterStatus.COMPLETED and self.chapter.test is not None:
            return [REPLAY, RETAKE]
        return [OPEN]


def action_label(action: str, status: ChapterStatus) -> str:
    if action == RETAKE:
        return _("Retake test")
    if action == REPLAY:
        return _("Replay chapter")
    return _("Continue") if status == ChapterStatus.IN_PROGRESS else _("Start chapter")


class ChapterMapScene(Scene):
    name = "map"

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = 0
        self.in_actions = False  # the keyboard is on the focused chapter's action buttons
        self.action_focus = 0
        self.message = ""
        self.progress: dict[str, ChapterProgress] = {}
        self.nodes: list[Node] = []
        self.actions: list[Button] = []
        self.header_bottom = 0
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.level_text = self.points_text = self.badges_text = ""
        self.level_share = 0.0
        self.greeting = ""
        self._version = 0
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple = ()
        self._base: pygame.Surface | None = None  # the map without its nodes and panel
        self._base_key: tuple = ()
        self.profile = Button(lambda: _("Profile (P)"), pygame.Rect(0, 0, 160, 44),
                              lambda: self.dismiss(MapChoice(action="profile")), size=SMALL)
        self.settings = Button(lambda: _("Settings (S)"), pygame.Rect(0, 0, 160, 44),
                               lambda: self.dismiss(MapChoice(action="settings")), size=SMALL)
        session = app.session
        if session.employee:
            name = session.employee.display_name
            self.greeting = (_("Welcome back, {name}!") if session.returning
                             else _("Welcome, {name}!")).format(name=name)
        self.on_show()

    # -- model ------------------------------------------------------------------------------
    def on_show(self) -> None:
        """Read progress once (never per frame) and lay the map out."""
        session = self.app.session
        self.progress = session.progress()
        chapters = session.course.chapters
        self.nodes = [Node(c, n, session.chapter_status(c.id, self.progress),
                           not session.unlocked(c.id, self.progress), self.progress.get(c.id),
                           estimated_minutes(c)) for n, c in enumerate(chapters)]
        level = session.level(self.progress)
        self.level_text = level.title
        self.level_share = level.share
        points = _("{points} points").format(points=number(level.points))
        self.points_text = points if level.next_floor is None else \
            _("{points} · {left} to the next level").format(points=points,
                                                            left=number(level.to_next))
        standings = session.badge_standings(self.progress)
        self.badges_text = _("Badges: {earned} of {count}").format(
            earned=sum(1 for s in standings if s.earned), count=len(standings))
        # Focus the first chapter not yet completed, so Enter continues the course.
        self.focus = next((n.index for n in self.nodes
                           if n.status != ChapterStatus.COMPLETED and not n.locked), 0)
        self.in_actions = False
        self.layout()
        self._warm()

    def _warm(self) -> None:
        """Ready the pictures of the chapter in focus on the worker, before Enter opens it."""
        node = self.node
        if node is not None and not node.locked:
            self.app.warmup.chapter_pictures(self.theme, self.app.session, node.chapter)

    def update(self, dt: float) -> None:
        super().update(dt)
        self._warm()  # the focus may have moved (one dictionary lookup when it has not)

    def on_hide(self) -> None:
        """Covered or left: the kept picture goes back to the theme for the next screen."""
        for picture in (self._cache, self._base):
            if picture is not None:
                self.theme.give_back_picture(picture)
        self._cache, self._cache_key, self._base, self._base_key = None, (), None, ()

    def on_reload(self) -> None:
        focus = self.focus
        self.on_show()
        self.focus = min(focus, max(0, len(self.nodes) - 1))
        self.layout()

    @property
    def node(self) -> Node | None:
        return self.nodes[self.focus] if self.nodes else None

    def focus_label(self) -> str | None:
        node = self.node
        if node is None:
            return None
        if self.in_actions and self.actions:
            return self.actions[self.action_focus].label()
        parts = [f"{node.index + 1}. {node.chapter.title}", status_label(node.status, node.locked),
                 _("about {minutes} min").format(minutes=node.minutes)]
        if node.chapter.test is not None:
            parts.append(game_name(node.chapter.test.game))
        return ". ".join(parts)

    # -- actions ----------------------------------------------------------------------------
    def open(self, index: int) -> None:
        """Enter on a chapter: its one action at once, or on to the choice of two."""
        if not 0 <= index < len(self.nodes):
            return
        self.focus = index
        node = self.nodes[index]
        actions = node.actions()
        if not actions:
            self.message = _("Complete “{title}” first.").format(
                title=self.nodes[index - 1].chapter.title)
            self.app.sounds.play("wrong")
            return
        if len(actions) == 1:
            self.choose(actions[0])
        else:
            self.layout()
            self.in_actions, self.action_focus = True, 0

    def choose(self, action: str) -> None:
        node = self.node
        if node is not None:
            self.dismiss(MapChoice(node.chapter, action))

    def wants_escape(self) -> bool:
        return self.in_actions  # Esc steps back from the actions; on the path it is the menu

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            self.message = ""
            if self.in_actions:
                self._handle_actions(event)
            else:
                self._handle_path(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)

    def _handle_path(self, event: pygame.event.Event) -> None:
        count = len(self.nodes)
        back = event.mod & pygame.KMOD_SHIFT
        step = {pygame.K_RIGHT: 1, pygame.K_DOWN: 1, pygame.K_LEFT: -1, pygame.K_UP: -1,
                pygame.K_TAB: -1 if back else 1}.get(event.key)
        if step is not None and count:
            self.focus = (self.focus + step) % count
            self.layout()
        elif event.key == pygame.K_HOME and count:
            self.focus = 0
            self.layout()
        elif event.key == pygame.K_END and count:
            self.focus = count - 1
            self.layout()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.open(self.focus)
        elif event.key == pygame.K_p:
            self.dismiss(MapChoice(action="profile"))
        elif event.key == pygame.K_s:
            self.dismiss(MapChoice(action="settings"))
        elif event.key == pygame.K_BACKSPACE:
            self.app.flow.pause()  # the map is the first screen: back is the menu

    def _handle_actions(self, event: pygame.event.Event) -> None:
        count = len(self.actions)
        if event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_UP):
            self.in_actions = False
        elif event.key in (pygame.K_RIGHT, pygame.K_LEFT, pygame.K_TAB, pygame.K_DOWN) \
                and count:
            back = event.key == pygame.K_LEFT or (event.key == pygame.K_TAB
                                                  and event.mod & pygame.KMOD_SHIFT)
            self.action_focus = (self.action_focus + (-1 if back else 1)) % count
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and count:
            self.actions[self.action_focus].action()

    def _click(self, pos: tuple[int, int]) -> None:
        for button in (self.profile, self.settings):
            if button.rect.collidepoint(pos):
                button.action()
                return
        for n, button in enumerate(self.actions):
            if button.rect.collidepoint(pos):
                self.action_focus = n
                button.action()
                return
        for node in self.nodes:
            if node.rect.inflate(8, 8).collidepoint(pos) or node.label.collidepoint(pos):
                self.in_actions = False
                if node.index != self.focus:
                    self.focus = node.index  # the first click chooses, as a keyboard focus
                    self.layout()
                else:
                    self.open(node.index)
                return

    # -- layout -----------------------------------------------------------------------------
    def layout(self) -> None:
        """Measure everything from the text: header, footer, details panel, then the path in
        the room left between them."""
        theme = self.theme
        self._version += 1  # what is drawn changed
        left_h = theme.line_height(HEADING) + theme.line_height(BODY)
        right_h = theme.line_height(BODY) + 10 + 8 + 2 * theme.line_height(SMALL)
        self.header_bottom = 12 + max(left_h, right_h) + 12
        footer_h = max(44, theme.line_height(SMALL) + 18)
        footer_top = HEIGHT - 16 - footer_h
        self.profile.rect = pygame.Rect(0, 0, 0, footer_h)
        self.settings.rect = pygame.Rect(0, 0, 0, footer_h)
        button_row(theme, [self.profile, self.settings], 0, HEIGHT - 16, footer_h, 12, 120)
        shift = MARGIN - self.profile.rect.left
        self.profile.rect.move_ip(shift, 0)
        self.settings.rect.move_ip(shift, 0)
        self._layout_panel(footer_top - 12)
        self._layout_path(pygame.Rect(MARGIN, self.header_bottom + GAP, WIDTH - 2 * MARGIN,
                                      self.panel.top - GAP - self.header_bottom - GAP))

    def _layout_panel(self, bottom: int) -> None:
        """The focused chapter's panel: full title, summary, facts; its actions on the right.
        The panel is as tall as the tallest chapter's needs, so the path above it stays put
        while the arrows move along it."""
        theme = self.theme
        node = self.node
        self.actions = []
        if node is not None:
            self.actions = [Button(self._label_of(action, node.status), pygame.Rect(0, 0, 0, 0),
                                   self._chooser(action), primary=n == 0)
                            for n, action in enumerate(node.actions())]
        self.action_focus = min(self.action_focus, max(0, len(self.actions) - 1))
        button_h = max(52, theme.line_height(BODY) + 20)
        height = max([self._panel_height(other, button_h) for other in self.nodes]
                     + [theme.line_height(SMALL) + 32])
        self.panel = pygame.Rect(MARGIN, bottom - height, WIDTH - 2 * MARGIN, height)
        width = self._button_width([b.label() for b in self.actions])
        buttons_h = len(self.actions) * button_h + max(0, len(self.actions) - 1) * GAP
        y = self.panel.top + (height - buttons_h) // 2
        for button in self.actions:
            button.rect = pygame.Rect(self.panel.right - 24 - width, y, width, button_h)
            y += button_h + GAP

    def _button_width(self, labels: list[str]) -> int:
        bold = self.theme.font(BODY, True)
        return min(420, max([220] + [bold.size(label)[0] + 48 for label in labels]))

    def _panel_height(self, node: Node, button_h: int) -> int:
        """How tall the panel must be for this chapter: its texts or its actions."""
        actions = [action_label(action, node.status) for action in node.actions()]
        buttons_h = len(actions) * button_h + max(0, len(actions) - 1) * GAP
        text_w = WIDTH - 2 * MARGIN - 48 - (self._button_width(actions) + 24 if actions else 0)
        blocks = self._panel_blocks(text_w, node)
        text_h = sum(b.height for b, _c in blocks) + 4 * max(0, len(blocks) - 1)
        return max(text_h, buttons_h, self.theme.line_height(SMALL)) + 32

    def _label_of(self, action: str, status: ChapterStatus):  # -> Label
        return lambda: action_label(action, status)

    def _chooser(self, action: str):  # -> Callable[[], None]
        return lambda: self.choose(action)

    def _panel_blocks(self, width: int, node: Node | None
                      ) -> list[tuple[TextBlock, tuple[int, int, int]]]:
        theme = self.theme
        if node is None:
            return []
        chapter = node.chapter
        title = _("Chapter {number}: {title}").format(number=node.index + 1,
                                                      title=chapter.title)
        blocks = [(theme.lay_out(title, width, BODY, bold=True, max_lines=2, min_size=SMALL),
                   theme.TEXT)]
        if chapter.summary:
            blocks.append((theme.lay_out(chapter.summary, width, SMALL, max_lines=2),
                           theme.TEXT_DIM))
        facts = [status_label(node.status, node.locked),
                 _("about {minutes} min").format(minutes=node.minutes)]
        if chapter.test is not None:
            facts.append(game_name(chapter.test.game))
        if node.record and node.record.best_score is not None:
            facts.append(_("Best: {score}").format(score=percent(node.record.best_score)))
        if chapter.fallback:
            facts.append(_("(not yet translated)"))
        if node.locked:
            facts.append(_("Complete “{title}” first.").format(
                title=self.nodes[node.index - 1].chapter.title))
        blocks.append((theme.lay_out(" · ".join(facts), width - 36, SMALL, max_lines=2),
                       theme.TEXT))
        return blocks

    def _layout_path(self, area: pygame.Rect) -> None:
        theme = self.theme
        count = len(self.nodes)
        if not count:
            return
        inner_left, inner_right = area.left + RADIUS + 40, area.right - RADIUS - 40
        spacing = (inner_right - inner_left) / max(1, count - 1)
        xs = [round(inner_left + spacing * n) if count > 1 else area.centerx
              for n in range(count)]
        # Labels alternate above and below the path; each gets the room up to halfway to the
        # next label on its side, so neighbours on one side never overlap.
        rooms = []
        for n, x in enumerate(xs):
            left = (xs[n - 2] + x) // 2 + GAP // 2 if n >= 2 else area.left
            right = (x + xs[n + 2]) // 2 - GAP // 2 if n + 2 < count else area.right
            rooms.append((left, right))
        widths = [min(LABEL_W, right - left) for left, right in rooms]
        meta_h = theme.line_height(SMALL)
        for lines in (2, 1):  # two-line titles where they fit, else one (the panel has all)
            titles = [theme.lay_out(f"{n.index + 1}. {n.chapter.title}", width - 24, BODY,
                                    bold=True, max_lines=lines)
                      for n, width in zip(self.nodes, widths, strict=True)]
            label_h = max(t.height for t in titles) + meta_h + 16
            needed = 2 * label_h + 2 * GAP + 2 * RADIUS + 2 * WAVE
            if needed <= area.height:
                break
        middle = area.top + area.height // 2
        for node, title, x, width, (left, right) in zip(self.nodes, titles, xs, widths, rooms,
                                                          strict=True):
            above = node.index % 2 == 0
            y = middle - WAVE if above else middle + WAVE
            node.centre = (x, y)
            node.title = title
            label = pygame.Rect(0, 0, width, title.height + meta_h + 16)
            label.centerx = x
            label.left = max(left, min(label.left, right - width))
            if above:
                label.bottom = y - RADIUS - GAP
            else:
                label.top = y + RADIUS + GAP
            node.label = label

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Nothing on the map moves: it is drawn once per change and then only blitted (the
        layout audit watches it being drawn). What the arrows do not change (the backdrop,
        the header, the road, the buttons) is kept apart, so a move draws only the nodes and
        the panel."""
        if self.theme.audit is not None:
            self._draw(surface)
            return
        size = surface.get_size()
        # what the base shows: the header's texts, where the road and the buttons run
        base_key = (self.header_bottom, tuple(node.centre for node in self.nodes),
                    tuple(node.locked for node in self.nodes), tuple(self.profile.rect),
                    tuple(self.settings.rect), self.greeting, self.level_text,
                    self.points_text, self.badges_text, self.level_share,
                    self.session.language, self.theme.palette, self.theme.text_scale, size)
        key = (self._version, base_key, self.focus, self.action_focus, self.in_actions,
               self.message)
        if self._cache is None or key != self._cache_key:
            if self._base is None or base_key != self._base_key:
                self._base = self._base or self.theme.lend_picture(size)
                self._draw_base(self._base)
                self._base_key = base_key
            self._cache = self._cache or self.theme.lend_picture(size)
            self._cache.blit(self._base, (0, 0))
            self._draw_choices(self._cache)
            self._cache_key = key
        surface.blit(self._cache, (0, 0))

    def _draw(self, surface: pygame.Surface) -> None:
        self._draw_base(surface)
        self._draw_choices(surface)

    def _draw_base(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        self._draw_header(surface)
        self._draw_road(surface)
        for button in (self.profile, self.settings):
            button.draw(surface, theme, False)

    def _draw_choices(self, surface: pygame.Surface) -> None:
        theme = self.theme
        for node in self.nodes:
            self._draw_node(surface, node)
        self._draw_panel(surface)
        hint = self.message or (_("Arrows choose, Enter chooses an action, Esc goes back")
                                if self.in_actions else
                                _("Arrows choose a chapter, Enter opens it, Esc menu"))
        left = self.settings.rect.right + 24
        theme.text(surface, hint, (WIDTH - MARGIN, self.settings.rect.centery), SMALL,
                   theme.WARNING if self.message else theme.TEXT_DIM, anchor="midright",
                   max_width=WIDTH - MARGIN - left)

    def _draw_header(self, surface: pygame.Surface) -> None:
        theme = self.theme
        header = pygame.Rect(0, 0, WIDTH, self.header_bottom)
        pygame.draw.rect(surface, theme.PANEL, header)
        right_w = 420
        left_w = WIDTH - 3 * MARGIN - right_w
        title = theme.text(surface, self.session.course.title, (MARGIN, 12), HEADING, bold=True,
                           max_width=left_w)
        theme.text(surface, self.greeting, (MARGIN, title.top + theme.line_height(HEADING)),
                   BODY, theme.TEXT_DIM, max_width=left_w)
        x = WIDTH - MARGIN - right_w
        y = 12
        theme.text(surface, self.level_text, (x, y), BODY, theme.TEXT, bold=True,
                   max_width=right_w)
        y += theme.line_height(BODY) + 4
        bar = pygame.Rect(x, y, right_w, 10)
        pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=5)
        filled = bar.copy()
        filled.width = round(bar.width * max(0.0, min(1.0, self.level_share)))
        if filled.width:
            pygame.draw.rect(surface, theme.WARNING, filled, border_radius=5)
        y += 10 + 4
        theme.text(surface, self.points_text, (x, y), SMALL, theme.TEXT, max_width=right_w)
        y += theme.line_height(SMALL)
        theme.text(surface, self.badges_text, (x, y), SMALL, theme.TEXT_DIM,
                   max_width=right_w)

    def _draw_road(self, surface: pygame.Surface) -> None:
        """A smooth road through the nodes: solid where the learner has been, dashed beyond."""
        theme = self.theme
        for a, b in pairwise(self.nodes):
            reached = not b.locked
            colour = theme.PANEL_HIGH if reached else theme.LOCKED
            points = _curve(a.centre, b.centre)
            if reached:
                pygame.draw.lines(surface, shade(colour, 1.2), False, points, 12)
            else:
                for start in range(0, len(points) - 1, 4):
                    pygame.draw.lines(surface, colour, False, points[start:start + 3], 6)

    def _draw_node(self, surface: pygame.Surface, node: Node) -> None:
        theme = self.theme
        focused = node.index == self.focus
        label = node.label
        theme.panel(surface, label, theme.PANEL_HIGH if focused else theme.PANEL, radius=10)
        if node.title is not None:
            theme.block(surface, node.title, pygame.Rect(label.left + 12, label.top + 8,
                                                         label.width - 24, node.title.height),
                        colour=theme.TEXT_DIM if node.locked else theme.TEXT, container=label)
        meta = _("{minutes} min · {status}").format(
            minutes=node.minutes, status=status_label(node.status, node.locked))
        theme.text(surface, meta, (label.left + 12, label.top + 8 + (node.title.height
                                                                    if node.title else 0)),
                   SMALL, theme.TEXT_DIM if node.locked else theme.TEXT,
                   max_width=label.width - 24, container=label)
        colour = theme.LOCKED if node.locked else theme.readable(
            theme.hex_colour(node.chapter.colour))
        rect = node.rect
        theme.sprite(surface, rect, "node")
        pygame.draw.circle(surface, colour, node.centre, RADIUS)
        pygame.draw.circle(surface, theme.TEXT if focused else theme.TEXT_DIM, node.centre,
                           RADIUS, 3 if focused else 2)
        if node.chapter.test is not None:
            draw_game_icon(surface, node.chapter.test.game, node.centre, RADIUS * 11 // 20,
                           theme.TEXT_DIM if node.locked else theme.TEXT)
        mark = (rect.right - 4, rect.top + 4)
        if node.locked:
            _lock_icon(surface, theme, mark)
        elif node.status == ChapterStatus.COMPLETED:
            theme.check_mark(surface, mark, 12)
        elif node.status == ChapterStatus.FAILED:
            theme.cross_mark(surface, mark, 12)
        elif node.status == ChapterStatus.IN_PROGRESS:
            pygame.draw.circle(surface, theme.WARNING, mark, 12)
            pygame.draw.circle(surface, theme.PANEL, mark, 5)
        if node.perfect:
            _star(surface, theme, (rect.left + 4, rect.top + 4), 13)
        if focused and not self.in_actions:
            theme.focus_ring(surface, rect, radius=RADIUS + 5)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        theme = self.theme
        node = self.node
        if node is None:
            return
        panel = self.panel
        theme.panel(surface, panel, theme.PANEL, border=theme.PANEL_HIGH)
        text_w = (self.actions[0].rect.left - 24 if self.actions else panel.right - 24) \
            - (panel.left + 24)
        blocks = self._panel_blocks(text_w, node)
        text_h = sum(b.height for b, _c in blocks) + 4 * max(0, len(blocks) - 1)
        y = panel.top + (panel.height - text_h) // 2
        for n, (block, colour) in enumerate(blocks):
            left = panel.left + 24
            if n == len(blocks) - 1:  # the facts line, after the game's icon
                if node.chapter.test is not None:
                    icon = (left + 12, y + block.line_height // 2)
                    theme.sprite(surface, pygame.Rect(icon[0] - 12, icon[1] - 12, 24, 24), "icon",
                                 panel)
                    draw_game_icon(surface, node.chapter.test.game, icon, 12, theme.TEXT)
                left += 36
            theme.block(surface, block, pygame.Rect(left, y, block.width, block.height),
                        colour=colour, container=panel)
            y += block.height + 4
        for n, button in enumerate(self.actions):
            button.draw(surface, theme, self.in_actions and n == self.action_focus)


def _curve(a: tuple[int, int], b: tuple[int, int], steps: int = 24) -> list[tuple[int, int]]:
    """From a to b, easing in and out vertically: consecutive nodes join in a gentle wave."""
    points = []
    for k in range(steps + 1):
        t = k / steps
        ease = (1 - math.cos(math.pi * t)) / 2
        points.append((round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * ease)))
    return points


def _lock_icon(surface: pygame.Surface, theme: Theme, centre: tuple[int, int]) -> None:
    x, y = centre
    pygame.draw.circle(surface, theme.PANEL_HIGH, centre, 13)
    pygame.draw.rect(surface, theme.TEXT_DIM, (x - 7, y - 2, 14, 10), border_radius=2)
    pygame.draw.arc(surface, theme.TEXT_DIM, (x - 5, y - 9, 10, 14), 0, math.pi, 2)


def _star(surface: pygame.Surface, theme: Theme, centre: tuple[int, int], radius: int
          ) -> None:
    x, y = centre
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    pygame.draw.polygon(surface, theme.WARNING, points)
