"""HR's admin area, behind a passphrase: completion charts, employees, question statistics."""
from __future__ import annotations

import pygame

from learnsocial.i18n import _, ngettext, percent
from learnsocial.progress import passphrase
from learnsocial.progress.report import chapter_stats, completion_rows, question_stats
from learnsocial.ui import theme
from learnsocial.ui.scene import Scene
from learnsocial.ui.scenes.title import backdrop
from learnsocial.ui.widgets import Button, FocusGroup, TextField

TABS = ("overview", "employees", "questions")
LIST_TOP = 170
ROW_H = 34


class AdminLoginScene(Scene):
    name = "admin-login"
    takes_text = True

    def __init__(self, app, throttle: passphrase.Throttle):
        super().__init__(app)
        self.throttle = throttle
        self.data_dir = app.session.store.data_dir
        self.first_use = not passphrase.is_set(self.data_dir)
        left = (theme.WIDTH - 560) // 2
        self.phrase = TextField(lambda: _("Passphrase"), pygame.Rect(left, 280, 560, 56), 128,
                                secret=True)
        widgets = [self.phrase]
        if self.first_use:
            self.repeat = TextField(lambda: _("Repeat the passphrase"),
                                    pygame.Rect(left, 390, 560, 56), 128, secret=True)
            widgets.append(self.repeat)
        widgets.append(Button(lambda: _("Open"), pygame.Rect(theme.WIDTH - 32 - 240,
                              theme.HEIGHT - 32 - 64, 240, 64), self.submit, primary=True))
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
        self.app.replace(AdminDashboardScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
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
        backdrop(surface)
        theme.text(surface, _("HR area"), (theme.WIDTH // 2, 110), theme.TITLE, bold=True,
                   anchor="center")
        intro = (_("Choose a passphrase for the HR area (at least {count} characters). Only a "
                   "salted hash of it is stored.").format(count=passphrase.MIN_LENGTH)
                 if self.first_use else _("Enter the HR passphrase."))
        theme.paragraph(surface, intro, pygame.Rect(240, 160, 800, 60), theme.BODY,
                        theme.TEXT_DIM, align="center")
        self.form.draw(surface)
        if self.message:
            theme.cross_mark(surface, (self.phrase.rect.left + 12, 512), 12)
            theme.text(surface, self.message, (self.phrase.rect.left + 34, 500), theme.BODY)
        theme.text(surface, _("Esc goes back"), (32, theme.HEIGHT - 60), theme.SMALL,
                   theme.TEXT_DIM)


class AdminDashboardScene(Scene):
    name = "admin"
    takes_text = True

    def __init__(self, app):
        super().__init__(app)
        self.tab = 0
        self.scroll = 0
        self.search = TextField(lambda: _("Search by name, ID or department"),
                                pygame.Rect(theme.MARGIN, 150, 520, 48), 60)
        self.refresh()

    def refresh(self) -> None:
        session = self.app.session
        store = session.store
        self.chapters = [(c.id, c.title) for c in session.course.chapters]
        self.employees = store.employees()
        every = store.all_progress()
        self.rows = completion_rows(self.employees, lambda eid: every.get(eid, {}),
                                    self.chapters)
        attempts = store.attempts()
        self.stats = chapter_stats(self.rows, attempts, self.chapters)
        self.questions = question_stats(attempts)
        self.specs = {c.id: c.test.spec for c in session.course.chapters if c.test}

    def wants_escape(self) -> bool:
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
                return
            if event.key in (pygame.K_TAB, pygame.K_PAGEDOWN) and not event.mod & \
                    pygame.KMOD_SHIFT:
                self.tab, self.scroll = (self.tab + 1) % len(TABS), 0
                return
            if event.key == pygame.K_TAB:
                self.tab, self.scroll = (self.tab - 1) % len(TABS), 0
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
            for index in range(len(TABS)):
                if self.tab_rect(index).collidepoint(event.pos):
                    self.tab, self.scroll = index, 0
                    return
        if TABS[self.tab] == "employees" and self.search.handle(event):
            self.scroll = 0

    def update(self, dt: float) -> None:
        self.search.update(dt)

    def tab_rect(self, index: int) -> pygame.Rect:
        return pygame.Rect(theme.MARGIN + index * 260, 84, 244, 44)

    def tab_label(self, index: int) -> str:
        return (_("Overview"), _("Employees"), _("Questions"))[index]

    def draw(self, surface: pygame.Surface) -> None:
        backdrop(surface)
        theme.text(surface, _("HR area"), (theme.MARGIN, 24), theme.HEADING, bold=True)
        summary = ngettext("{count} employee", "{count} employees", len(self.employees)).format(
            count=len(self.employees))
        theme.text(surface, summary, (theme.WIDTH - theme.MARGIN, 30), theme.BODY,
                   theme.TEXT_DIM, anchor="topright")
        for index in range(len(TABS)):
            rect = self.tab_rect(index)
            active = index == self.tab
            theme.panel(surface, rect, theme.ACCENT if active else theme.PANEL, radius=10)
            theme.text(surface, self.tab_label(index), rect.center, theme.BODY, bold=True,
                       anchor="center")
            if active:
                theme.focus_ring(surface, rect, 12)
        getattr(self, f"_draw_{TABS[self.tab]}")(surface)
        theme.text(surface, _("Tab switches views, arrow keys scroll, Esc leaves the HR area"),
                   (theme.WIDTH // 2, theme.HEIGHT - 20), theme.SMALL, theme.TEXT_DIM,
                   anchor="center")

    def _draw_overview(self, surface: pygame.Surface) -> None:
        top = 160
        theme.text(surface, _("Completed"), (560, top), theme.SMALL, theme.TEXT_DIM)
        theme.text(surface, _("Pass rate"), (920, top), theme.SMALL, theme.TEXT_DIM)
        theme.text(surface, _("Average score"), (1060, top), theme.SMALL, theme.TEXT_DIM)
        for n, stat in enumerate(self.stats):
            y = top + 34 + n * 66
            theme.paragraph(surface, stat.title, pygame.Rect(theme.MARGIN, y, 500, 60),
                            theme.BODY)
            bar = pygame.Rect(560, y + 4, 320, 24)
            pygame.draw.rect(surface, theme.BACKGROUND_LOW, bar, border_radius=6)
            filled = bar.copy()
            filled.width = round(bar.width * stat.completion)
            if filled.width:
                pygame.draw.rect(surface, theme.SUCCESS, filled, border_radius=6)
            theme.text(surface, f"{stat.completed} / {stat.employees}", (bar.left + 8,
                       bar.bottom + 4), theme.SMALL, theme.TEXT_DIM)
            rate = percent(stat.pass_rate) if stat.pass_rate is not None else "–"
            average = percent(stat.average_score) if stat.average_score is not None else "–"
            theme.text(surface, rate, (920, y + 2), theme.BODY, bold=True)
            theme.text(surface, average, (1060, y + 2), theme.BODY, bold=True)

    def _draw_employees(self, surface: pygame.Surface) -> None:
        self.search.draw(surface, True)
        needle = self.search.value.strip().casefold()
        people = [e for e in self.employees if not needle or needle in " ".join(
            (e.employee_id, e.display_name, e.department or "")).casefold()]
        top = 220
        for n, (chapter_id, _title) in enumerate(self.chapters):
            theme.text(surface, str(n + 1), (640 + n * 60, top), theme.SMALL, theme.TEXT_DIM,
                       anchor="midtop")
        status = {(r["employee_id"], r["chapter_id"]): r["status"] for r in self.rows}
        visible = people[self.scroll:self.scroll + 12]
        for row, employee in enumerate(visible):
            y = top + 30 + row * ROW_H
            theme.text(surface, employee.display_name[:28], (theme.MARGIN, y), theme.BODY)
            theme.text(surface, employee.employee_id, (380, y), theme.BODY, theme.TEXT_DIM)
            for n, (chapter_id, _title) in enumerate(self.chapters):
                centre = (640 + n * 60, y + 13)
                state = status.get((employee.employee_id, chapter_id), "not_started")
                if state == "completed":
                    theme.check_mark(surface, centre, 11)
                elif state == "in_progress":
                    pygame.draw.circle(surface, theme.WARNING, centre, 11)
                    pygame.draw.circle(surface, theme.PANEL, centre, 5)
                else:
                    pygame.draw.circle(surface, theme.TEXT_DIM, centre, 11, 2)
        if not people:
            theme.text(surface, _("No employee matches."), (theme.MARGIN, top + 30), theme.BODY,
                       theme.TEXT_DIM)

    def _draw_questions(self, surface: pygame.Surface) -> None:
        top = 160
        theme.text(surface, _("Answered right"), (760, top), theme.SMALL, theme.TEXT_DIM)
        theme.text(surface, _("Most chosen wrong answer"), (900, top), theme.SMALL,
                   theme.TEXT_DIM)
        ordered = sorted(self.questions, key=lambda q: q.share_correct)
        for n, stat in enumerate(ordered[self.scroll:self.scroll + 11]):
            y = top + 30 + n * 44
            spec = self.specs.get(stat.chapter_id)
            text = dict(spec.items()).get(stat.item_id, stat.item_id) if spec else stat.item_id
            theme.text(surface, _fit(text, 70), (theme.MARGIN, y), theme.SMALL + 2)
            colour = theme.SUCCESS if stat.share_correct >= 0.8 else theme.WARNING \
                if stat.share_correct >= 0.5 else theme.ERROR
            theme.text(surface, percent(stat.share_correct), (760, y), theme.BODY, colour, True)
            wrong = spec.response_text(stat.item_id, stat.common_wrong) if spec and \
                stat.common_wrong else "–"
            theme.text(surface, _fit(wrong, 34), (900, y), theme.SMALL + 2, theme.TEXT_DIM)
        if not self.questions:
            theme.text(surface, _("No test answered yet."), (theme.MARGIN, top + 30), theme.BODY,
                       theme.TEXT_DIM)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
