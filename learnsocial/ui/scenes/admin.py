"""HR's admin area, behind a passphrase: completion charts, employees, question statistics."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.reports import Reports
from learnsocial.i18n import _, ngettext, percent
from learnsocial.progress import passphrase
from learnsocial.progress.records import ChapterStatus
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, TextField

if TYPE_CHECKING:
    from learnsocial.ui.app import App

ROW_H = 34


class AdminLoginScene(Scene):
    """Dismisses with True when the passphrase opened the HR area, None when left."""

    name = "admin-login"
    takes_text = True

    def __init__(self, app: App, throttle: passphrase.Throttle):
        super().__init__(app)
        self.throttle = throttle
        assert app.session.store is not None
        self.data_dir = app.session.store.data_dir
        self.first_use = not passphrase.is_set(self.data_dir)
        left = (WIDTH - 560) // 2
        self.phrase = TextField(lambda: _("Passphrase"), pygame.Rect(left, 280, 560, 56), 128,
                                secret=True)
        widgets: list[Button | TextField] = [self.phrase]
        if self.first_use:
            self.repeat = TextField(lambda: _("Repeat the passphrase"),
                                    pygame.Rect(left, 390, 560, 56), 128, secret=True)
            widgets.append(self.repeat)
        widgets.append(Button(lambda: _("Open"), pygame.Rect(WIDTH - 32 - 240,
                              HEIGHT - 32 - 64, 240, 64), self.submit, primary=True))
        self.form = FocusGroup(widgets)
        self.message = ""

    def submit(self) -> None:
        if self.first_use:
            if self.phrase.value != self.repeat.value:
                self.message = _("The two passphrases differ.")
                return
            try:
                passphrase.set_passphrase(self.data_dir, self.phrase.value)
            except ValueError:
                self.message = _("Choose at least {count} characters.").format(
                    count=passphrase.MIN_LENGTH)
                return
            self._open()
            return
        wait = self.throttle.wait_left()
        if wait > 0:
            self.message = _("Too many tries. Wait {seconds} s.").format(seconds=round(wait + .5))
            return
        if passphrase.verify(self.data_dir, self.phrase.value):
            self.throttle.succeeded()
            self._open()
        else:
            self.throttle.failed()
            self.phrase.set("")
            self.message = _("Wrong passphrase. Next try in {seconds} s.").format(
                seconds=round(self.throttle.wait_left() + .5))

    def _open(self) -> None:
        self.dismiss(True)

    def focus_label(self) -> str | None:
        return self.form.focus_label()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.dismiss(None)
            return
        if self.form.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.first_use and self.form.focused is self.phrase:
                self.form.focus = 1
            else:
                self.submit()

    def wants_escape(self) -> bool:
        return True

    def update(self, dt: float) -> None:
        self.form.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        theme.text(surface, _("HR area"), (WIDTH // 2, 110), TITLE, bold=True,
                   anchor="center")
        intro = (_("Choose a passphrase for the HR area (at least {count} characters). Only a "
                   "salted hash of it is stored.").format(count=passphrase.MIN_LENGTH)
                 if self.first_use else _("Enter the HR passphrase."))
        theme.block(surface, intro, pygame.Rect(240, 160, 800, 90), BODY, theme.TEXT_DIM,
                    align="center", max_lines=2, min_size=SMALL)
        self.form.draw(surface, theme)
        if self.message:
            theme.cross_mark(surface, (self.phrase.rect.left + 12, 512), 12)
            theme.text(surface, self.message, (self.phrase.rect.left + 34, 500), BODY)
        theme.text(surface, _("Esc goes back"), (32, HEIGHT - 60), SMALL,
                   theme.TEXT_DIM)


class AdminDashboardScene(Scene):
    name = "admin"
    takes_text = True

    def __init__(self, app: App):
        super().__init__(app)
        self.tab = 0
        self.scroll = 0
        self.search = TextField(lambda: _("Search by name, ID or department"),
                                pygame.Rect(MARGIN, 150, 520, 48), 60)
        self.tabs: list[tuple[Callable[[], str], Callable[[pygame.Surface], None]]] = [
            (lambda: _("Overview"), self._draw_overview),
            (lambda: _("Employees"), self._draw_employees),
            (lambda: _("Questions"), self._draw_questions)]
        self.refresh()

    def refresh(self) -> None:
        session = self.app.session
        assert session.store is not None
        reports = Reports.for_course(session.store, session.course)
        self.chapters = reports.chapters
        self.employees = reports.employees()
        self.rows = reports.rows()
        self.stats = reports.chapter_stats(self.rows)
        self.questions = reports.question_stats()
        self.specs = {c.id: c.test.spec for c in session.course.chapters if c.test}

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.dismiss()
                return
            if event.key in (pygame.K_TAB, pygame.K_PAGEDOWN) and not event.mod & \
                    pygame.KMOD_SHIFT:
                self.tab, self.scroll = (self.tab + 1) % len(self.tabs), 0
                return
            if event.key == pygame.K_TAB:
                self.tab, self.scroll = (self.tab - 1) % len(self.tabs), 0
                return
            if event.key == pygame.K_DOWN:
                self.scroll += 1
                return
            if event.key == pygame.K_UP:
                self.scroll = max(0, self.scroll - 1)
                return
        if event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, self.scroll - event.y)
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index in range(len(self.tabs)):
                if self.tab_rect(index).collidepoint(event.pos):
                    self.tab, self.scroll = index, 0
                    return
        if self.tab == 1 and self.search.handle(event):
            self.scroll = 0

    def update(self, dt: float) -> None:
        self.search.update(dt)

    def tab_rect(self, index: int) -> pygame.Rect:
        return pygame.Rect(MARGIN + index * 260, 84, 244, 44)

    def focus_label(self) -> str | None:
        return self.tabs[self.tab][0]()

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        theme.text(surface, _("HR area"), (MARGIN, 24), HEADING, bold=True)
        summary = ngettext("{count} employee", "{count} employees", len(self.employees)).format(
            count=len(self.employees))
        theme.text(surface, summary, (WIDTH - MARGIN, 30), BODY,
                   theme.TEXT_DIM, anchor="topright")
        for index, (label, _draw) in enumerate(self.tabs):
            rect = self.tab_rect(index)
            active = index == self.tab
            theme.panel(surface, rect, theme.ACCENT if active else theme.PANEL, radius=10)
            theme.text(surface, label(), rect.center, BODY, bold=True, anchor="center")
            if active:
                theme.focus_ring(surface, rect, 12)
        self.tabs[self.tab][1](surface)
        theme.text(surface, _("Tab switches views, arrow keys scroll, Esc leaves the HR area"),
                   (WIDTH // 2, HEIGHT - 20), SMALL, theme.TEXT_DIM,
                   anchor="center")

    def _draw_overview(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = 160
        theme.text(surface, _("Completed"), (560, top), SMALL, theme.TEXT_DIM)
        theme.text(surface, _("Pass rate"), (920, top), SMALL, theme.TEXT_DIM)
        theme.text(surface, _("Average score"), (1060, top), SMALL, theme.TEXT_DIM)
        for n, stat in enumerate(self.stats):
            y = top + 34 + n * 66
            theme.block(surface, stat.title, pygame.Rect(MARGIN, y, 500, 60), BODY, max_lines=2,
                        min_size=SMALL)
            bar = pygame.Rect(560, y + 4, 320, 24)
            pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=6)
            filled = bar.copy()
            filled.width = round(bar.width * stat.completion)
            if filled.width:
                pygame.draw.rect(surface, theme.SUCCESS, filled, border_radius=6)
            theme.text(surface, f"{stat.completed} / {stat.employees}", (bar.left + 8,
                       bar.bottom + 4), SMALL, theme.TEXT_DIM)
            rate = percent(stat.pass_rate) if stat.pass_rate is not None else "–"
            average = percent(stat.average_score) if stat.average_score is not None else "–"
            theme.text(surface, rate, (920, y + 2), BODY, bold=True)
            theme.text(surface, average, (1060, y + 2), BODY, bold=True)

    def _draw_employees(self, surface: pygame.Surface) -> None:
        theme = self.theme
        self.search.draw(surface, theme, True)
        needle = self.search.value.strip().casefold()
        people = [e for e in self.employees if not needle or needle in " ".join(
            (e.employee_id, e.display_name, e.department or "")).casefold()]
        top = 220
        for n, (chapter_id, _title) in enumerate(self.chapters):
            theme.text(surface, str(n + 1), (640 + n * 60, top), SMALL, theme.TEXT_DIM,
                       anchor="midtop")
        status = {(r["employee_id"], r["chapter_id"]): r["status"] for r in self.rows}
        visible = people[self.scroll:self.scroll + 12]
        for row, employee in enumerate(visible):
            y = top + 30 + row * ROW_H
            theme.text(surface, employee.display_name[:28], (MARGIN, y), BODY)
            theme.text(surface, employee.employee_id, (380, y), BODY, theme.TEXT_DIM)
            for n, (chapter_id, _title) in enumerate(self.chapters):
                centre = (640 + n * 60, y + 13)
                state = status.get((employee.employee_id, chapter_id), ChapterStatus.NOT_STARTED)
                if state == ChapterStatus.COMPLETED:
                    theme.check_mark(surface, centre, 11)
                elif state in (ChapterStatus.IN_PROGRESS, ChapterStatus.FAILED):
                    pygame.draw.circle(surface, theme.WARNING, centre, 11)
                    pygame.draw.circle(surface, theme.PANEL, centre, 5)
                else:
                    pygame.draw.circle(surface, theme.TEXT_DIM, centre, 11, 2)
        if not people:
            theme.text(surface, _("No employee matches."), (MARGIN, top + 30), BODY,
                       theme.TEXT_DIM)

    def _draw_questions(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = 160
        theme.text(surface, _("Answered right"), (760, top), SMALL, theme.TEXT_DIM)
        theme.text(surface, _("Most chosen wrong answer"), (900, top), SMALL,
                   theme.TEXT_DIM)
        ordered = sorted(self.questions, key=lambda q: q.share_correct)
        for n, stat in enumerate(ordered[self.scroll:self.scroll + 11]):
            y = top + 30 + n * 44
            spec = self.specs.get(stat.chapter_id)
            text = dict(spec.items()).get(stat.item_id, stat.item_id) if spec else stat.item_id
            theme.text(surface, _fit(text, 70), (MARGIN, y), SMALL + 2)
            colour = theme.SUCCESS if stat.share_correct >= 0.8 else theme.WARNING \
                if stat.share_correct >= 0.5 else theme.ERROR
            theme.text(surface, percent(stat.share_correct), (760, y), BODY, colour, True)
            wrong = spec.response_text(stat.item_id, stat.common_wrong) if spec and \
                stat.common_wrong else "–"
            theme.text(surface, _fit(wrong, 34), (900, y), SMALL + 2, theme.TEXT_DIM)
        if not self.questions:
            theme.text(surface, _("No test answered yet."), (MARGIN, top + 30), BODY,
                       theme.TEXT_DIM)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
