"""HR's admin area, behind a passphrase: completion charts, employees, question statistics."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.reports import Reports
from learnsocial.config import load_config
from learnsocial.errors import UserError
from learnsocial.i18n import _, ngettext, percent
from learnsocial.progress import passphrase
from learnsocial.progress.records import ChapterStatus
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, DIALOGUE, HEADING, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, TextField

if TYPE_CHECKING:
    from learnsocial.ui.app import App



class AdminLoginScene(Scene):
    """Dismisses with True when the passphrase opened the HR area, None when left.

    No passphrase is ever chosen here (whoever came first would choose it): without one the
    screen says how to set it; with a damaged admin.json it says what is wrong and how to
    reset it. The wait after wrong tries is kept in the data folder (passphrase.Throttle)."""

    name = "admin-login"
    takes_text = True

    def __init__(self, app: App, throttle: passphrase.Throttle | None = None):
        super().__init__(app)
        assert app.session.store is not None
        self.data_dir = app.session.store.data_dir
        self.throttle = throttle or passphrase.Throttle(self.data_dir)
        self.site_record: dict | None = None
        self.problem = ""  # why the HR area cannot be opened here, or ""
        try:
            self.site_record = load_config(self.data_dir).admin_passphrase_hash
            if not passphrase.is_set(self.data_dir, self.site_record):
                self.problem = _(
                    "No HR passphrase is set on this computer, and none can be chosen here. "
                    "HR or IT sets it with the command '{command}' (IT may also set it for "
                    "every desktop in the site config).").format(
                        command="learnsocial admin set-passphrase")
        except (passphrase.DamagedPassphrase, UserError) as error:
            self.problem = str(error)
        left = (WIDTH - 560) // 2
        self.phrase = TextField(lambda: _("Passphrase"), pygame.Rect(left, 280, 560, 56), 128,
                                secret=True)
        back = Button(lambda: _("Back"), pygame.Rect(WIDTH - 32 - 240, HEIGHT - 32 - 64, 240,
                                                     64), lambda: self.dismiss(None),
                      primary=True)
        open_ = Button(lambda: _("Open"), pygame.Rect(WIDTH - 32 - 240, HEIGHT - 32 - 64, 240,
                                                      64), self.submit, primary=True)
        self.form = FocusGroup([back] if self.problem else [self.phrase, open_])
        self.message = ""

    def submit(self) -> None:
        if self.problem:
            return
        wait = self.throttle.wait_left()
        if wait > 0:
            self.message = _("Too many tries. Wait {seconds} s.").format(seconds=round(wait + .5))
            return
        try:
            opened = passphrase.verify(self.data_dir, self.phrase.value, self.site_record)
        except passphrase.DamagedPassphrase as error:  # damaged since the screen opened
            self.problem, self.message = str(error), ""
            return
        if opened:
            self.throttle.succeeded()
            self.dismiss(True)
        else:
            self.throttle.failed()
            self.phrase.set("")
            self.message = _("Wrong passphrase. Next try in {seconds} s.").format(
                seconds=round(self.throttle.wait_left() + .5))

    def focus_label(self) -> str | None:
        return self.form.focus_label()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.dismiss(None)
            return
        if self.form.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.problem:
                self.dismiss(None)
            else:
                self.submit()

    def wants_escape(self) -> bool:
        return True

    def update(self, dt: float) -> None:
        self.form.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        title = theme.text(surface, _("HR area"), (WIDTH // 2, 40), TITLE, bold=True,
                           anchor="midtop", max_width=WIDTH - 2 * MARGIN)
        if self.problem:  # no field: what is wrong and what to do, in full
            theme.block(surface, self.problem, pygame.Rect(160, title.bottom + 32, WIDTH - 320,
                                                           0),
                        BODY, theme.TEXT, max_lines=8, min_size=SMALL)
        else:
            y = title.bottom + 8 + theme.block(
                surface, _("Enter the HR passphrase."), pygame.Rect(240, title.bottom + 8, 800,
                                                                   0),
                BODY, theme.TEXT_DIM, align="center", max_lines=2, min_size=SMALL).height
            # measured: the label above the field grows with the text
            self.phrase.rect.top = y + 20 + theme.line_height(BODY) + 4
            y = self.phrase.rect.bottom
            if self.message:
                top = y + 20
                theme.cross_mark(surface, (self.phrase.rect.left + 12,
                                           top + theme.line_height(BODY) // 2), 12)
                theme.block(surface, self.message, pygame.Rect(
                    self.phrase.rect.left + 34, top, self.phrase.rect.width - 34, 0),
                    BODY, max_lines=2, min_size=SMALL)
        self.form.draw(surface, theme)
        theme.text(surface, _("Esc goes back"), (MARGIN, HEIGHT - MARGIN - 32), SMALL,
                   theme.TEXT_DIM, anchor="midleft", max_width=WIDTH - 3 * MARGIN - 240)


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
            if event.key == pygame.K_ESCAPE or (event.key == pygame.K_BACKSPACE
                                                and self.tab != 1):
                self.dismiss()  # Backspace edits the search on the employees' view
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
        """Tabs as wide as their labels, under the heading."""
        theme = self.theme
        top = 20 + theme.line_height(HEADING) + 12
        height = max(44, theme.line_height(BODY) + 12)
        left = MARGIN
        for n, (label, _draw) in enumerate(self.tabs):
            width = max(160, theme.font(BODY, True).size(label())[0] + 40)
            if n == index:
                return pygame.Rect(left, top, width, height)
            left += width + 16
        return pygame.Rect(left, top, 0, height)

    @property
    def content_top(self) -> int:
        return self.tab_rect(0).bottom + 20

    @property
    def content_bottom(self) -> int:
        return HEIGHT - 12 - self.theme.line_height(SMALL) - 12

    def focus_label(self) -> str | None:
        return self.tabs[self.tab][0]()

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        summary = ngettext("{count} employee", "{count} employees", len(self.employees)).format(
            count=len(self.employees))
        shown = theme.text(surface, summary, (WIDTH - MARGIN, 24), BODY, theme.TEXT_DIM,
                           anchor="topright", max_width=360)
        theme.text(surface, _("HR area"), (MARGIN, 20), HEADING, bold=True,
                   max_width=shown.left - 2 * MARGIN)
        for index, (label, _draw) in enumerate(self.tabs):
            rect = self.tab_rect(index)
            active = index == self.tab
            theme.panel(surface, rect, theme.ACCENT if active else theme.PANEL, radius=10)
            theme.control(surface, rect)
            theme.text(surface, label(), rect.center, BODY, bold=True, anchor="center",
                       max_width=rect.width - 16)
            if active and self.tab != 1:  # on the employees' view the search has the focus
                theme.focus_ring(surface, rect, 12)
            elif active:
                pygame.draw.line(surface, theme.TEXT, (rect.left + 12, rect.bottom - 5),
                                 (rect.right - 12, rect.bottom - 5), 3)
        self.tabs[self.tab][1](surface)
        theme.text(surface, _("Tab switches views, arrow keys scroll, Esc leaves the HR area"),
                   (WIDTH // 2, HEIGHT - 12), SMALL, theme.TEXT_DIM, anchor="midbottom",
                   max_width=WIDTH - 2 * MARGIN)

    def _more(self, surface: pygame.Surface, first: int, shown: int, total: int) -> None:
        """'3–8 of 12' when not every row shows."""
        if shown < total:
            self.theme.text(surface, _("{first}–{last} of {count}").format(
                first=first + 1, last=first + shown, count=total),
                (WIDTH - MARGIN, self.content_bottom), SMALL, self.theme.TEXT_DIM,
                anchor="bottomright")

    def _draw_overview(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = self.content_top
        title_w, bar_x, bar_w = 420, MARGIN + 420 + 24, 300
        rate_x = bar_x + bar_w + 24
        column = (WIDTH - MARGIN - rate_x - 24) // 2
        average_x = rate_x + column + 24
        for label, x, width in ((_("Completed"), bar_x, bar_w), (_("Pass rate"), rate_x, column),
                                (_("Average score"), average_x, column)):
            theme.text(surface, label, (x, top), SMALL, theme.TEXT_DIM, max_width=width)
        y = top + theme.line_height(SMALL) + 12
        row_h = 2 * theme.line_height(BODY) + 8
        bottom = self.content_bottom - theme.line_height(SMALL)
        fits = max(1, (bottom - y) // row_h)
        self.scroll = min(self.scroll, max(0, len(self.stats) - fits))
        visible = self.stats[self.scroll:self.scroll + fits]
        for stat in visible:
            theme.block(surface, stat.title, pygame.Rect(MARGIN, y, title_w, row_h - 8), BODY,
                        max_lines=2, min_size=SMALL)
            bar = pygame.Rect(bar_x, y + 4, bar_w, 16)
            pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=6)
            filled = bar.copy()
            filled.width = round(bar.width * stat.completion)
            if filled.width:
                pygame.draw.rect(surface, theme.SUCCESS, filled, border_radius=6)
            theme.text(surface, f"{stat.completed} / {stat.employees}", (bar.left,
                       bar.bottom + 4), SMALL, theme.TEXT_DIM, max_width=bar_w)
            rate = percent(stat.pass_rate) if stat.pass_rate is not None else "–"
            average = percent(stat.average_score) if stat.average_score is not None else "–"
            theme.text(surface, rate, (rate_x, y), BODY, bold=True, max_width=column)
            theme.text(surface, average, (average_x, y), BODY, bold=True, max_width=column)
            y += row_h
        self._more(surface, self.scroll, len(visible), len(self.stats))

    def _draw_employees(self, surface: pygame.Surface) -> None:
        theme = self.theme
        field = self.search.rect
        field.top = self.content_top + theme.line_height(BODY) + 4  # its label sits above
        field.height = max(48, theme.line_height(DIALOGUE) + 12)
        self.search.draw(surface, theme, True)
        needle = self.search.value.strip().casefold()
        people = [e for e in self.employees if not needle or needle in " ".join(
            (e.employee_id, e.display_name, e.department or "")).casefold()]
        top = field.bottom + 16
        marks_x = WIDTH - MARGIN - 60 * len(self.chapters) + 30
        id_x = MARGIN + (marks_x - 30 - MARGIN) * 3 // 5
        for n, (chapter_id, _title) in enumerate(self.chapters):
            theme.text(surface, str(n + 1), (marks_x + n * 60, top), SMALL, theme.TEXT_DIM,
                       anchor="midtop")
        status = {(r["employee_id"], r["chapter_id"]): r["status"] for r in self.rows}
        row_h = max(34, theme.line_height(BODY) + 6)
        y0 = top + theme.line_height(SMALL) + 8
        fits = max(1, (self.content_bottom - theme.line_height(SMALL) - y0) // row_h)
        self.scroll = min(self.scroll, max(0, len(people) - fits))
        visible = people[self.scroll:self.scroll + fits]
        for row, employee in enumerate(visible):
            y = y0 + row * row_h
            theme.text(surface, employee.display_name, (MARGIN, y), BODY,
                       max_width=id_x - MARGIN - 16)
            theme.text(surface, employee.employee_id, (id_x, y), BODY, theme.TEXT_DIM,
                       max_width=marks_x - 30 - id_x - 16)
            for n, (chapter_id, _title) in enumerate(self.chapters):
                centre = (marks_x + n * 60, y + theme.line_height(BODY) // 2)
                state = status.get((employee.employee_id, chapter_id), ChapterStatus.NOT_STARTED)
                if state == ChapterStatus.COMPLETED:
                    theme.check_mark(surface, centre, 11)
                elif state in (ChapterStatus.IN_PROGRESS, ChapterStatus.FAILED):
                    pygame.draw.circle(surface, theme.WARNING, centre, 11)
                    pygame.draw.circle(surface, theme.PANEL, centre, 5)
                else:
                    pygame.draw.circle(surface, theme.TEXT_DIM, centre, 11, 2)
        if not people:
            theme.text(surface, _("No employee matches."), (MARGIN, y0), BODY,
                       theme.TEXT_DIM)
        self._more(surface, self.scroll, len(visible), len(people))

    def _draw_questions(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = self.content_top
        share_x, wrong_x = 700, 920
        theme.text(surface, _("Answered right"), (share_x, top), SMALL, theme.TEXT_DIM,
                   max_width=wrong_x - share_x - 16)
        theme.text(surface, _("Most chosen wrong answer"), (wrong_x, top), SMALL,
                   theme.TEXT_DIM, max_width=WIDTH - MARGIN - wrong_x)
        ordered = sorted(self.questions, key=lambda q: q.share_correct)
        row_h = theme.line_height(BODY) + 8
        y0 = top + theme.line_height(SMALL) + 12
        fits = max(1, (self.content_bottom - theme.line_height(SMALL) - y0) // row_h)
        self.scroll = min(self.scroll, max(0, len(ordered) - fits))
        visible = ordered[self.scroll:self.scroll + fits]
        for n, stat in enumerate(visible):
            y = y0 + n * row_h
            spec = self.specs.get(stat.chapter_id)
            text = dict(spec.items()).get(stat.item_id, stat.item_id) if spec else stat.item_id
            theme.text(surface, text, (MARGIN, y), SMALL + 2, max_width=share_x - MARGIN - 24)
            centre = (share_x + 11, y + theme.line_height(BODY) // 2)
            if stat.share_correct >= 0.8:
                theme.check_mark(surface, centre, 11)
            elif stat.share_correct >= 0.5:
                pygame.draw.circle(surface, theme.WARNING, centre, 11, 3)
            else:
                theme.cross_mark(surface, centre, 11)
            theme.text(surface, percent(stat.share_correct), (share_x + 32, y), BODY,
                       theme.TEXT, True, max_width=wrong_x - share_x - 48)
            wrong = spec.response_text(stat.item_id, stat.common_wrong) if spec and \
                stat.common_wrong else "–"
            theme.text(surface, wrong, (wrong_x, y), SMALL + 2, theme.TEXT_DIM,
                       max_width=WIDTH - MARGIN - wrong_x)
        if not self.questions:
            theme.text(surface, _("No test answered yet."), (MARGIN, y0), BODY,
                       theme.TEXT_DIM)
        self._more(surface, self.scroll, len(visible), len(ordered))
