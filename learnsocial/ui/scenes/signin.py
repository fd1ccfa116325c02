"""Sign in with an employee id and a display name; a returning id is greeted by name."""
from __future__ import annotations

import pygame

from learnsocial.i18n import _
from learnsocial.progress.records import valid_employee_id
from learnsocial.ui import theme
from learnsocial.ui.scene import Scene
from learnsocial.ui.scenes.title import backdrop
from learnsocial.ui.widgets import Button, FocusGroup, TextField


class SignInScene(Scene):
    name = "signin"
    takes_text = True

    def __init__(self, app):
        super().__init__(app)
        left = (theme.WIDTH - 560) // 2
        self.id_field = TextField(lambda: _("Employee ID"), pygame.Rect(left, 250, 560, 56),
                                  max_length=32, on_change=self._id_changed)
        self.name_field = TextField(lambda: _("Your name"), pygame.Rect(left, 370, 560, 56),
                                    max_length=60)
        submit = Button(lambda: _("Sign in"), pygame.Rect(theme.WIDTH - 32 - 240,
                        theme.HEIGHT - 32 - 64, 240, 64), self.submit, primary=True)
        self.form = FocusGroup([self.id_field, self.name_field, submit])
        self.message = ""
        self.message_is_error = False
        self.known_name = ""

    def _id_changed(self, value: str) -> None:
        store = self.app.session.store
        employee = store.employee(value.strip()) if store and valid_employee_id(value.strip()) \
            else None
        self.known_name = employee.display_name if employee else ""
        if employee:
            self.name_field.set(employee.display_name)
            self.message, self.message_is_error = (
                _("Welcome back, {name}!").format(name=employee.display_name), False)
        else:
            self.message, self.message_is_error = "", False

    def submit(self) -> None:
        employee_id = self.id_field.value.strip()
        name = self.name_field.value.strip()
        if not employee_id:
            self._error(_("Enter your employee ID."), 0)
            return
        if not valid_employee_id(employee_id):
            self._error(_("An employee ID has 2 to 32 letters, digits, dots, dashes or "
                          "underscores, and starts with a letter or digit."), 0)
            return
        store = self.app.session.store
        if not name and not (store and store.employee(employee_id)):
            self._error(_("Enter your name as colleagues should see it."), 1)
            return
        session = self.app.session
        if store:
            known = store.employee(employee_id)
            if known and known.language and not session.language_chosen:
                session.set_language(known.language)  # --lang > saved choice > system locale
            session.employee, session.returning = store.sign_in(employee_id, name,
                                                                 session.language)
            self.app.apply_settings()
            session.record.signed_in()
        from learnsocial.ui.scenes.chapter_map import ChapterMapScene

        self.app.reset(ChapterMapScene(self.app))

    def _error(self, message: str, focus: int) -> None:
        self.message, self.message_is_error = message, True
        self.form.focus = focus

    def handle(self, event: pygame.event.Event) -> None:
        if self.form.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.form.focused is self.id_field and not self.known_name:
                self.form.focus = 1
            else:
                self.submit()

    def update(self, dt: float) -> None:
        self.form.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        backdrop(surface)
        theme.text(surface, _("Sign in"), (theme.WIDTH // 2, 110), theme.TITLE, bold=True,
                   anchor="center")
        theme.text(surface, _("Your progress is saved on this computer under your employee ID."),
                   (theme.WIDTH // 2, 170), theme.BODY, theme.TEXT_DIM, anchor="center")
        self.form.draw(surface)
        if self.message:
            rect = pygame.Rect(self.name_field.rect.left, 460, 560, 80)
            colour = theme.ERROR if self.message_is_error else theme.SUCCESS
            mark = theme.cross_mark if self.message_is_error else theme.check_mark
            mark(surface, (rect.left + 14, rect.top + 14), 12, colour)
            theme.paragraph(surface, self.message, rect.inflate(-40, 0).move(20, 0), theme.BODY,
                            theme.TEXT)
        theme.text(surface, _("Tab moves between fields, Enter signs in"),
                   (32, theme.HEIGHT - 60), theme.SMALL, theme.TEXT_DIM)
