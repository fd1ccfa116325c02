"""HR's admin area, behind a passphrase: completion charts, employees, question statistics."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from learnsocial import i18n
from learnsocial.app.lrs_reports import read_from_lrs
from learnsocial.app.reports import Reports, ReportSource
from learnsocial.config import Config, load_config
from learnsocial.errors import UserError
from learnsocial.i18n import _, ngettext
from learnsocial.progress import passphrase, report
from learnsocial.progress.lrs import LRSError, excerpt
from learnsocial.progress.status import ChapterStatus
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, DIALOGUE, HEADING, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, ScrollList, TextField

if TYPE_CHECKING:
    from learnsocial.ui.app import App

log = logging.getLogger(__name__)



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


OVERVIEW, EMPLOYEES, OVERDUE, QUESTIONS = range(4)
DESKTOP, LRS = "desktop", "lrs"  # where the figures come from
STATUS_ORDER = (ChapterStatus.COMPLETED, ChapterStatus.IN_PROGRESS, ChapterStatus.FAILED,
                ChapterStatus.NOT_STARTED)


def export_folder() -> Path:
    """Where the HR area saves an export: the user's documents folder."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir())


class AdminDashboardScene(Scene):
    """The HR area: an overview, everyone on the roster with their status per chapter, who is
    overdue, and the per-question figures (E saves them as CSV). Figures come from Reports,
    the same service as the export commands, read once when the area opens."""

    name = "admin"
    takes_text = True

    def __init__(self, app: App):
        super().__init__(app)
        self.tab = OVERVIEW
        self.lists = [ScrollList() for _tab in range(4)]
        self.search = TextField(lambda: _("Search by name, ID or department"),
                                pygame.Rect(MARGIN, 150, 520, 48), 60,
                                on_change=lambda _value: self._select())
        self.tabs: list[tuple[Callable[[], str], Callable[[pygame.Surface], None]]] = [
            (lambda: _("Overview"), self._draw_overview),
            (lambda: _("Employees"), self._draw_employees),
            (lambda: _("Overdue"), self._draw_overdue),
            (lambda: _("Questions"), self._draw_questions)]
        self.department = 0  # index into self.departments (0: all)
        self.status = 0  # index into (all, *STATUS_ORDER)
        self.chapter_focus = 0  # the chapter column whose full title is shown
        self.chip_rects: list[pygame.Rect] = []
        # The source: this desktop's data, or (when an LRS is configured) the statements in
        # the LRS, read on a worker thread so the frame never waits for the network.
        assert app.session.store is not None
        self.config: Config = load_config(app.session.store.data_dir)
        self.lrs_offered = bool(self.config.lrs_url and self.config.lrs_user)
        self.source = DESKTOP
        self.reading: Future[dict[str, Any]] | None = None
        self.read_count = 0  # statements read so far (written by the worker)
        self.lrs_message = ""  # why the LRS could not be read, until the next key
        self.source_rect = pygame.Rect(0, 0, 0, 0)
        self.refresh()

    # -- figures ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """The figures of this desktop's data (the HR area's first source)."""
        assert self.app.session.store is not None
        self._show(self._figures_of(self.app.session.store))

    def _figures_of(self, source: ReportSource) -> dict[str, Any]:
        """Everything the views show, worked out from a source (on any thread: no drawing)."""
        session = self.app.session
        reports = Reports.for_course(source, session.course, due_days=self.config.due_days)
        rows = reports.rows()
        found = reports.figures()
        return {"reports": reports, "chapters": reports.chapters,
                "employees": reports.employees(), "rows": rows,
                "row_of": {(r["employee_id"].casefold(), r["chapter_id"]): r for r in rows},
                "course_id": session.course.id, "figures": found, "stats": found.chapters,
                "questions": sorted(found.questions,
                                    key=lambda q: (q.share_correct, -q.answered)),
                "words": reports.text(_("LearnSocial completion report"), "")}

    def _show(self, found: dict[str, Any]) -> None:
        self.reports: Reports = found["reports"]
        self.chapters = found["chapters"]
        self.employees = found["employees"]
        self.rows = found["rows"]
        self.row_of = found["row_of"]
        self.course_id = found["course_id"]
        self.figures = found["figures"]
        self.stats = found["stats"]
        self.questions = found["questions"]
        self.words = found["words"]
        self.departments = [""] + sorted({e.department for e in self.employees if e.department},
                                         key=str.casefold)
        self.department = min(self.department, len(self.departments) - 1)
        self._select()

    def switch_source(self) -> None:
        """F4: this desktop <-> the LRS. Reading the LRS runs on a worker thread; its
        figures replace this desktop's when they are ready (see update)."""
        if not self.lrs_offered or self.reading is not None:
            return
        self.lrs_message = ""
        if self.source == LRS:
            self.source = DESKTOP
            self.refresh()
            self.app.toast(self.source_label())
            return
        password = self.config.lrs_password
        if not password:
            self.lrs_message = _("Set LEARNSOCIAL_LRS_PASSWORD to read the LRS.")
            return
        self.read_count = 0
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="learnsocial-lrs-read")
        self.reading = worker.submit(self._read_lrs, password)
        worker.shutdown(wait=False)

    def _read_lrs(self, password: str) -> dict[str, Any]:
        """On the worker: read what is new in the LRS (through the cache) and work out the
        figures."""
        store = self.app.session.store
        assert store is not None

        def count(statements: int, _pages: int) -> None:
            self.read_count = statements
        reading = read_from_lrs(store, self.config.lrs_url, self.config.lrs_user, password,
                                self.app.session.course, self.config.xapi, on_progress=count)
        return self._figures_of(reading.records)

    def _take_reading(self) -> None:
        if self.reading is None or not self.reading.done():
            return
        future, self.reading = self.reading, None
        try:
            found = future.result()
        except Exception as error:  # LRSError is one line; anything else too, never a crash
            if not isinstance(error, LRSError):
                log.exception("reading the LRS failed")
            self.lrs_message = _("The LRS could not be read: {reason}").format(
                reason=excerpt(str(error)))
            return
        self.source = LRS
        self._show(found)
        self.app.toast(self.source_label())

    def source_label(self) -> str:
        if self.reading is not None:
            return ngettext("Reading the LRS: {count} statement …",
                            "Reading the LRS: {count} statements …", self.read_count).format(
                                count=i18n.number(self.read_count))
        if self.source == LRS:
            return _("Source: Learning Record Store (F4)")
        return _("Source: This desktop (F4)")

    def course_row(self, employee_id: str) -> dict | None:
        return self.row_of.get((employee_id.casefold(), self.course_id))

    def _select(self) -> None:
        """The people the search and the filters keep (worked out once per change, not per
        frame: the roster may hold thousands)."""
        needle = self.search.value.strip().casefold()
        department = self.departments[self.department].casefold()
        status = (None, *STATUS_ORDER)[self.status]
        chosen = []
        for person in self.employees:
            if department and (person.department or "").casefold() != department:
                continue
            row = self.course_row(person.employee_id)
            if status and (row is None or row["status"] != status):
                continue
            if needle and needle not in " ".join((person.employee_id, person.display_name,
                                                  person.department or "")).casefold():
                continue
            chosen.append(person)
        self.people = chosen
        self.late = [r for r in self.figures.overdue
                     if (not department or r["department"].casefold() == department)
                     and (not status or r["status"] == status)]
        for index in (EMPLOYEES, OVERDUE):
            self.lists[index].first = 0

    def save_questions(self, folder: Path | None = None) -> Path | None:
        """E on the questions view: the per-question figures as a CSV in the documents folder."""
        target = (folder or export_folder()) / _("learnsocial-questions-{day}.csv").format(
            day=self.reports.today().isoformat())
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            report.write_question_csv(self.figures.questions, target, self.words)
        except OSError as error:
            self.app.toast(_("Cannot save {path}: {reason}").format(
                path=target, reason=error.strerror or error))
            return None
        self.app.toast(_("Saved to {path}").format(path=target))
        return target

    # -- input ------------------------------------------------------------------------------
    def wants_escape(self) -> bool:
        return True

    def _switch(self, index: int) -> None:
        self.tab = index % len(self.tabs)

    def _cycle(self, which: str, step: int) -> None:
        if which == "department":
            self.department = (self.department + step) % len(self.departments)
        else:
            self.status = (self.status + step) % (len(STATUS_ORDER) + 1)
        self._select()

    def handle(self, event: pygame.event.Event) -> None:
        listing = self.lists[self.tab]
        count = (len(self.stats), len(self.people), len(self.late), len(self.questions))[self.tab]
        if event.type == pygame.KEYDOWN:
            self.lrs_message = ""
            if event.key == pygame.K_F4:
                self.switch_source()
                return
            back = -1 if event.mod & pygame.KMOD_SHIFT else 1
            if event.key == pygame.K_ESCAPE or (event.key == pygame.K_BACKSPACE
                                                and self.tab != EMPLOYEES):
                self.dismiss()  # Backspace edits the search on the employees' view
                return
            if event.key == pygame.K_TAB:
                self._switch(self.tab + back)
                return
            if event.key in (pygame.K_F2, pygame.K_F3) and self.tab in (EMPLOYEES, OVERDUE):
                self._cycle("department" if event.key == pygame.K_F2 else "status", back)
                return
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT) and self.tab == EMPLOYEES and \
                    event.mod & pygame.KMOD_CTRL and self.chapters:
                step = 1 if event.key == pygame.K_RIGHT else -1
                self.chapter_focus = (self.chapter_focus + step) % len(self.chapters)
                return
            if event.key == pygame.K_e and self.tab == QUESTIONS:
                self.save_questions()
                return
        if listing.handle(event, count):
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.lrs_offered and self.source_rect.collidepoint(event.pos):
                self.switch_source()
                return
            for index in range(len(self.tabs)):
                if self.tab_rect(index).collidepoint(event.pos):
                    self._switch(index)
                    return
            for index, rect in enumerate(self.chip_rects):
                if rect.collidepoint(event.pos):
                    self._cycle("department" if index == 0 else "status", 1)
                    return
            for index, rect in enumerate(self.column_rects()):
                if rect.collidepoint(event.pos):
                    self.chapter_focus = index
                    return
        if self.tab == EMPLOYEES:
            self.search.handle(event)

    def update(self, dt: float) -> None:
        self.search.update(dt)
        self._take_reading()

    def focus_label(self) -> str | None:
        label = self.tabs[self.tab][0]()
        if self.tab == EMPLOYEES and self.chapters:
            return f"{label}: {self.chapters[self.chapter_focus][1]}"
        return label

    # -- layout -----------------------------------------------------------------------------
    def tab_rect(self, index: int) -> pygame.Rect:
        """Tabs as wide as their labels, under the heading."""
        theme = self.theme
        top = 20 + theme.line_height(HEADING) + 12
        height = max(44, theme.line_height(BODY) + 12)
        left = MARGIN
        room = WIDTH - 2 * MARGIN - 16 * (len(self.tabs) - 1)
        for n in range(len(self.tabs)):
            width = min(room // len(self.tabs),
                        max(140, theme.font(BODY, True).size(self.tab_label(n))[0] + 40))
            if n == index:
                return pygame.Rect(left, top, width, height)
            left += width + 16
        return pygame.Rect(left, top, 0, height)

    def tab_label(self, index: int) -> str:
        if index == OVERDUE:
            return _("Overdue ({count})").format(count=self.figures.overdue_people)
        return self.tabs[index][0]()

    @property
    def content_top(self) -> int:
        return self.tab_rect(0).bottom + 20

    @property
    def hint_top(self) -> int:
        return HEIGHT - 12 - self.theme.line_height(SMALL)

    @property
    def content_bottom(self) -> int:
        """Above the hint line and the scroll indicator under a list."""
        return self.hint_top - 12 - self.theme.line_height(SMALL) - 8

    def column_rects(self) -> list[pygame.Rect]:
        """The chapter columns of the employees' view (and the course column last)."""
        if self.tab != EMPLOYEES or not self.chapters:
            return []
        width = max(56, min(110, (WIDTH - 2 * MARGIN - 560) // (len(self.chapters) + 1)))
        left = WIDTH - MARGIN - width * (len(self.chapters) + 1)
        top = self._table_top()
        height = self.theme.line_height(SMALL) + 6
        return [pygame.Rect(left + n * width, top, width - 6, height)
                for n in range(len(self.chapters) + 1)]

    def _table_top(self) -> int:
        """Where the employees' table starts: under the search (the filters beside it) and
        the full title of the focused chapter."""
        return self._field_rect().bottom + 12 + self.theme.line_height(SMALL) + 12

    def _field_rect(self) -> pygame.Rect:
        theme = self.theme
        top = self.content_top + theme.line_height(BODY) + 4  # its label sits above
        return pygame.Rect(MARGIN, top, 420, max(48, theme.line_height(DIALOGUE) + 12))

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        summary = ngettext("{count} employee", "{count} employees", len(self.employees)).format(
            count=len(self.employees))
        shown = theme.text(surface, summary, (WIDTH - MARGIN, 24), BODY, theme.TEXT_DIM,
                           anchor="topright", max_width=360)
        if self.lrs_offered:  # the source, as a button (F4 or a click switches it)
            label = self.source_label()
            width = min(440, theme.font(SMALL, True).size(label)[0] + 28)
            self.source_rect = pygame.Rect(shown.left - 24 - width, 22, width,
                                           theme.line_height(SMALL) + 12)
            theme.panel(surface, self.source_rect,
                        theme.ACCENT if self.source == LRS else theme.PANEL_HIGH, radius=8)
            theme.control(surface, self.source_rect)
            theme.text(surface, label, self.source_rect.center, SMALL, bold=True,
                       anchor="center", max_width=width - 16)
            shown = self.source_rect
        theme.text(surface, _("HR area"), (MARGIN, 20), HEADING, bold=True,
                   max_width=shown.left - 2 * MARGIN)
        for index in range(len(self.tabs)):
            rect = self.tab_rect(index)
            active = index == self.tab
            theme.panel(surface, rect, theme.ACCENT if active else theme.PANEL, radius=10)
            theme.control(surface, rect)
            theme.text(surface, self.tab_label(index), rect.center, BODY, bold=True,
                       anchor="center", max_width=rect.width - 16)
            if active and self.tab != EMPLOYEES:  # there the search has the focus
                theme.focus_ring(surface, rect, 12)
            elif active:
                pygame.draw.line(surface, theme.TEXT, (rect.left + 12, rect.bottom - 5),
                                 (rect.right - 12, rect.bottom - 5), 3)
        self.chip_rects = []
        self.tabs[self.tab][1](surface)
        hints = {
            OVERVIEW: _("Tab switches views, arrow keys scroll, Esc leaves the HR area"),
            EMPLOYEES: _("F2 department, F3 status, Ctrl+arrows a chapter's title; Tab "
                         "switches views, Esc leaves"),
            OVERDUE: _("F2 department, F3 status; Tab switches views, Esc leaves"),
            QUESTIONS: _("E saves these figures as a CSV file; Tab switches views, Esc leaves"),
        }
        if self.lrs_message:  # in place of the hints until the next key
            theme.text(surface, self.lrs_message, (WIDTH // 2, HEIGHT - 12), SMALL, theme.TEXT,
                       bold=True, anchor="midbottom", max_width=WIDTH - 2 * MARGIN)
        else:
            theme.text(surface, hints[self.tab], (WIDTH // 2, HEIGHT - 12), SMALL,
                       theme.TEXT_DIM, anchor="midbottom", max_width=WIDTH - 2 * MARGIN)

    def _indicator(self, surface: pygame.Surface, view: pygame.Rect, shown: range,
                   count: int) -> None:
        self.lists[self.tab].draw_indicator(surface, self.theme, view, shown, count)

    def _chips(self, surface: pygame.Surface, top: int, left: int = MARGIN) -> int:
        """The two filters as buttons (click or F2 / F3); returns the bottom."""
        theme = self.theme
        department = self.departments[self.department] or _("all")
        status = (None, *STATUS_ORDER)[self.status]
        labels = [_("Department: {name}").format(name=department),
                  _("Status: {status}").format(status=report.status_label(status) if status
                                               else _("all"))]
        height = theme.line_height(SMALL) + 12
        for label in labels:
            width = min((WIDTH - MARGIN - left) // 2 - 12,
                        theme.font(SMALL, True).size(label)[0] + 28)
            rect = pygame.Rect(left, top, width, height)
            theme.panel(surface, rect, theme.PANEL_HIGH, radius=8)
            theme.control(surface, rect)
            theme.text(surface, label, rect.center, SMALL, bold=True, anchor="center",
                       max_width=width - 16)
            self.chip_rects.append(rect)
            left = rect.right + 12
        return top + height

    def _draw_overview(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = self.content_top
        found = self.figures
        tiles = [(str(found.enrolled), _("Enrolled")),
                 (str(found.completed), _("Completed the course")),
                 (str(found.overdue_people), _("Overdue")),
                 (report.percent(found.pass_rate), _("Pass rate"))]
        tile_w = (WIDTH - 2 * MARGIN - 3 * 16) // 4
        tile_h = theme.line_height(HEADING) + theme.line_height(SMALL) + 20
        for n, (value, label) in enumerate(tiles):
            rect = pygame.Rect(MARGIN + n * (tile_w + 16), top, tile_w, tile_h)
            theme.panel(surface, rect, theme.PANEL, radius=10)
            theme.text(surface, value, (rect.left + 14, rect.top + 8), HEADING, bold=True,
                       max_width=rect.width - 28, container=rect)
            theme.text(surface, label, (rect.left + 14, rect.bottom - 8), SMALL,
                       theme.TEXT_DIM, anchor="bottomleft", max_width=rect.width - 28,
                       container=rect)
        top += tile_h + 16
        title_w, bar_x, bar_w = 420, MARGIN + 420 + 24, 300
        rate_x = bar_x + bar_w + 24
        column = (WIDTH - MARGIN - rate_x - 24) // 2
        average_x = rate_x + column + 24
        for label, x, width in ((_("Chapter"), MARGIN, title_w), (_("Completed"), bar_x, bar_w),
                                (_("Pass rate"), rate_x, column),
                                (_("Average score"), average_x, column)):
            theme.text(surface, label, (x, top), SMALL, theme.TEXT_DIM, max_width=width)
        y = top + theme.line_height(SMALL) + 8
        blocks = [theme.lay_out(s.title, title_w, BODY, max_lines=2, min_size=SMALL)
                  for s in self.stats]
        heights = [max(b.height, theme.line_height(BODY) + theme.line_height(SMALL) + 4) + 10
                   for b in blocks]
        view = pygame.Rect(MARGIN, y, WIDTH - 2 * MARGIN, self.content_bottom - y)
        shown = self.lists[OVERVIEW].rows_in_view(heights, view.height)
        for index in shown:
            stat = self.stats[index]
            theme.block(surface, blocks[index], pygame.Rect(MARGIN, y, title_w, 0), BODY)
            bar = pygame.Rect(bar_x, y + 4, bar_w, 16)
            pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=6)
            filled = bar.copy()
            filled.width = round(bar.width * stat.completion)
            if filled.width:
                pygame.draw.rect(surface, theme.SUCCESS, filled, border_radius=6)
            theme.text(surface, _("{completed} of {count}").format(
                completed=stat.completed, count=stat.employees), (bar.left, bar.bottom + 4),
                SMALL, theme.TEXT_DIM, max_width=bar_w)
            theme.text(surface, report.percent(stat.pass_rate), (rate_x, y), BODY, bold=True,
                       max_width=column)
            theme.text(surface, report.percent(stat.average_score), (average_x, y), BODY,
                       bold=True, max_width=column)
            y += heights[index]
        self._indicator(surface, view, shown, len(self.stats))

    def _status_mark(self, surface: pygame.Surface, state: str, centre: tuple[int, int],
                     radius: int) -> None:
        """Completed ✓, failed ✗, in progress a half-filled ring, not started an empty ring:
        shapes, never colour alone."""
        theme = self.theme
        if state == ChapterStatus.COMPLETED:
            theme.check_mark(surface, centre, radius)
        elif state == ChapterStatus.FAILED:
            theme.cross_mark(surface, centre, radius)
        elif state == ChapterStatus.IN_PROGRESS:
            pygame.draw.circle(surface, theme.WARNING, centre, radius)
            pygame.draw.circle(surface, theme.PANEL, centre, max(2, radius // 2))
        else:
            pygame.draw.circle(surface, theme.TEXT_DIM, centre, radius, 2)

    def _legend(self, surface: pygame.Surface, top: int) -> None:
        theme = self.theme
        x = MARGIN
        radius = max(7, theme.line_height(SMALL) // 3)
        for state in STATUS_ORDER:
            self._status_mark(surface, state, (x + radius, top + theme.line_height(SMALL) // 2),
                              radius)
            label = report.status_label(state)
            rect = theme.text(surface, label, (x + 2 * radius + 6, top), SMALL, theme.TEXT_DIM,
                              max_width=200)
            x = rect.right + 20
        theme.text(surface, "!", (x, top), SMALL, theme.WARNING, bold=True)
        theme.text(surface, _("overdue"), (x + 14, top), SMALL, theme.TEXT_DIM, max_width=200)

    def _draw_employees(self, surface: pygame.Surface) -> None:
        theme = self.theme
        field = self.search.rect
        field.update(self._field_rect())
        self.search.draw(surface, theme, True)
        chip_h = theme.line_height(SMALL) + 12
        self._chips(surface, field.centery - chip_h // 2, field.right + 24)
        columns = self.column_rects()
        if self.chapters:
            _chapter_id, title = self.chapters[self.chapter_focus]
            theme.text(surface, _("Chapter {number}: {title}").format(
                number=self.chapter_focus + 1, title=title),
                (MARGIN, field.bottom + 12), SMALL, theme.TEXT,
                max_width=WIDTH - 2 * MARGIN)
        header_top = self._table_top()
        titles = [t for _c, t in self.chapters] + [_("Course")]
        for n, rect in enumerate(columns):
            if n == self.chapter_focus:
                pygame.draw.rect(surface, theme.PANEL_HIGH, rect, border_radius=6)
            theme.control(surface, rect)
            theme.text(surface, titles[n], rect.center, SMALL, theme.TEXT_DIM, anchor="center",
                       max_width=rect.width - 6)
        marks_left = columns[0].left if columns else WIDTH - MARGIN
        name_w = (marks_left - MARGIN - 40) * 2 // 3
        id_x = MARGIN + name_w + 12
        theme.text(surface, _("Name"), (MARGIN, header_top + 3), SMALL, theme.TEXT_DIM,
                   max_width=name_w)
        theme.text(surface, _("Employee ID"), (id_x, header_top + 3), SMALL, theme.TEXT_DIM,
                   max_width=marks_left - id_x - 40)
        row_h = max(34, theme.line_height(BODY) + 8)
        y0 = header_top + theme.line_height(SMALL) + 12
        legend_top = self.content_bottom + 8  # under the scroll indicator
        view = pygame.Rect(MARGIN, y0, WIDTH - 2 * MARGIN,
                           self.content_bottom - theme.line_height(SMALL) - 6 - y0)
        shown = self.lists[EMPLOYEES].rows_in_view([row_h] * len(self.people), view.height)
        radius = max(8, min(11, row_h // 3))
        for slot, index in enumerate(shown):
            employee = self.people[index]
            y = y0 + slot * row_h
            theme.text(surface, employee.display_name, (MARGIN, y), BODY,
                       max_width=name_w)
            theme.text(surface, employee.employee_id, (id_x, y), BODY, theme.TEXT_DIM,
                       max_width=marks_left - id_x - 40)
            course = self.course_row(employee.employee_id)
            if course and course["overdue"]:
                theme.text(surface, "!", (marks_left - 24, y), BODY, theme.WARNING, bold=True)
            ids = [c for c, _t in self.chapters] + [self.course_id]
            for n, chapter_id in enumerate(ids):
                row = self.row_of.get((employee.employee_id.casefold(), chapter_id))
                state = row["status"] if row else ChapterStatus.NOT_STARTED
                centre = (columns[n].centerx, y + theme.line_height(BODY) // 2)
                self._status_mark(surface, state, centre, radius)
        if not self.people:
            theme.text(surface, _("No employee matches."), (MARGIN, y0), BODY,
                       theme.TEXT_DIM)
        self._legend(surface, legend_top)
        self._indicator(surface, view, shown, len(self.people))

    def _draw_overdue(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = self._chips(surface, self.content_top) + 16
        heads = [(_("Name"), 420), (_("Department"), 240), (_("Manager"), 220),
                 (_("Due date"), 150), (_("Status"), 0)]
        x = MARGIN
        lefts = []
        for label, width in heads:
            width = width or WIDTH - MARGIN - x
            theme.text(surface, label, (x, top), SMALL, theme.TEXT_DIM, max_width=width - 12)
            lefts.append((x, width))
            x += width
        count = ngettext("{count} overdue", "{count} overdue", len(self.late)).format(
            count=len(self.late))
        theme.text(surface, count, (WIDTH - MARGIN, self.content_top + 4), SMALL,
                   theme.TEXT_DIM, anchor="topright", max_width=300)
        row_h = theme.line_height(BODY) + theme.line_height(SMALL) + 10
        y0 = top + theme.line_height(SMALL) + 10
        view = pygame.Rect(MARGIN, y0, WIDTH - 2 * MARGIN, self.content_bottom - y0)
        shown = self.lists[OVERDUE].rows_in_view([row_h] * len(self.late), view.height)
        for slot, index in enumerate(shown):
            row = self.late[index]
            y = y0 + slot * row_h
            values = [row["display_name"], row["department"] or "–", row["manager"] or "–",
                      report.day(row["due_date"]), report.status_label(row["status"])]
            for (x, width), value in zip(lefts, values, strict=True):
                theme.text(surface, value, (x, y), BODY, max_width=width - 12)
            theme.text(surface, row["employee_id"], (MARGIN, y + theme.line_height(BODY)),
                       SMALL, theme.TEXT_DIM, max_width=lefts[0][1] - 12)
        if not self.late:
            theme.text(surface, _("Nobody is overdue."), (MARGIN, y0), BODY, theme.TEXT_DIM)
        self._indicator(surface, view, shown, len(self.late))

    def _draw_questions(self, surface: pygame.Surface) -> None:
        theme = self.theme
        top = self.content_top
        count_x, share_x, wrong_x = 600, 720, 880
        for label, x, right in ((_("Question"), MARGIN, count_x), (_("Answers"), count_x,
                                                                    share_x),
                                (_("Answered right"), share_x, wrong_x),
                                (_("Most chosen wrong answer"), wrong_x, WIDTH - MARGIN)):
            theme.text(surface, label, (x, top), SMALL, theme.TEXT_DIM, max_width=right - x - 16)
        y0 = top + theme.line_height(SMALL) + 12
        texts = [theme.lay_out(self.words.question_text(q.chapter_id, q.item_id),
                               count_x - MARGIN - 24, SMALL + 2, max_lines=2, min_size=SMALL)
                 for q in self.questions]
        heights = [t.height + theme.line_height(SMALL) + 12 for t in texts]
        view = pygame.Rect(MARGIN, y0, WIDTH - 2 * MARGIN, self.content_bottom - y0)
        shown = self.lists[QUESTIONS].rows_in_view(heights, view.height)
        y = y0
        for index in shown:
            stat = self.questions[index]
            block = theme.block(surface, texts[index],
                                pygame.Rect(MARGIN, y, count_x - MARGIN - 24, 0), SMALL + 2)
            theme.text(surface, self.words.chapter_title(stat.chapter_id),
                       (MARGIN, y + block.height + 2), SMALL, theme.TEXT_DIM,
                       max_width=count_x - MARGIN - 24)
            theme.text(surface, str(stat.answered), (count_x, y), BODY,
                       max_width=share_x - count_x - 16)
            centre = (share_x + 11, y + theme.line_height(BODY) // 2)
            if stat.share_correct >= 0.8:
                theme.check_mark(surface, centre, 11)
            elif stat.share_correct >= 0.5:
                pygame.draw.circle(surface, theme.WARNING, centre, 11, 3)
            else:
                theme.cross_mark(surface, centre, 11)
            theme.text(surface, report.percent(stat.share_correct), (share_x + 32, y), BODY,
                       theme.TEXT, True, max_width=wrong_x - share_x - 48)
            wrong = self.words.response_text(stat.chapter_id, stat.item_id, stat.common_wrong) \
                if stat.common_wrong else "–"
            theme.block(surface, wrong, pygame.Rect(wrong_x, y, WIDTH - MARGIN - wrong_x, 0),
                        SMALL + 2, theme.TEXT_DIM, max_lines=2, min_size=SMALL)
            y += heights[index]
        if not self.questions:
            theme.text(surface, _("No test answered yet."), (MARGIN, y0), BODY,
                       theme.TEXT_DIM)
        self._indicator(surface, view, shown, len(self.questions))
