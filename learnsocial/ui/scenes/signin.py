"""Sign in with an employee id and a display name; a returning id is greeted by name."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from learnsocial.app.session import SignInRefused, erased_id_sentence
from learnsocial.i18n import _
from learnsocial.progress.records import valid_employee_id
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEIGHT, MARGIN, SMALL, TITLE, WIDTH
from learnsocial.ui.widgets import Button, FocusGroup, TextField

if TYPE_CHECKING:
    from learnsocial.ui.app import App


class SignInScene(Scene):
    """Dismisses with True once signed in, or None to go back to the languages."""

    name = "signin"
    takes_text = True

    def __init__(self, app: App):
        super().__init__(app)
        left = (WIDTH - 560) // 2
        self.id_field = TextField(lambda: _("Employee ID"), pygame.Rect(left, 250, 560, 56),
                                  max_length=32, on_change=self._id_changed)
        self.name_field = TextField(lambda: _("Your name"), pygame.Rect(left, 370, 560, 56),
                                    max_length=60)
        submit = Button(lambda: _("Sign in"), pygame.Rect(WIDTH - 32 - 240, HEIGHT - 32 - 64,
                                                          240, 64), self.submit, primary=True)
        self.form = FocusGroup([self.id_field, self.name_field, submit])
        if app.session.recording:  # the statements name the course in every language
            app.warmup.ahead("course translations", app.session.translations)
        self.message = ""
        self.message_is_error = False
        self.known_name = ""
        self.refused: SignInRefused | None = None  # why the last try did not sign in

    def focus_label(self) -> str | None:
        return self.form.focus_label()

    def wants_escape(self) -> bool:
        return True

    def _id_changed(self, value: str) -> None:
        employee_id = value.strip()
        valid = valid_employee_id(employee_id)
        employee = self.session.known_employee(employee_id) if valid else None
        self.known_name = employee.display_name if employee else ""
        if valid and self.session.is_erased(employee_id):  # told before the name is typed
            self.message, self.message_is_error = erased_id_sentence(), True
        elif employee:
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
        if not name and self.session.known_employee(employee_id) is None:
            self._error(_("Enter your name as colleagues should see it."), 1)
            return
        try:
            self.session.sign_in(employee_id, name)
        except SignInRefused as refusal:
            self.refused = refusal
            self._error(str(refusal), 0)
            return
        self.dismiss(True)

    def _error(self, message: str, focus: int) -> None:
        self.message, self.message_is_error = message, True
        self.form.focus = focus

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and (event.key == pygame.K_ESCAPE or (
                event.key == pygame.K_BACKSPACE and not isinstance(self.form.focused,
                                                                   TextField))):
            self.dismiss(None)  # back (Backspace edits a field while one has the focus)
            return
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
        theme = self.theme
        theme.backdrop(surface)
        title = theme.text(surface, _("Sign in"), (WIDTH // 2, 40), TITLE, bold=True,
                           anchor="midtop", max_width=WIDTH - 2 * MARGIN)
        note = _("Your progress is saved on this computer under your employee ID. What is "
                 "recorded and who sees it is explained before your first chapter and in your "
                 "profile.")
        y = title.bottom + 4 + theme.block(
            surface, note, pygame.Rect(MARGIN * 4, title.bottom + 4, WIDTH - MARGIN * 8, 0),
            BODY, theme.TEXT_DIM, align="center", max_lines=3, min_size=SMALL).height
        label = theme.line_height(BODY) + 4
        for field in (self.id_field, self.name_field):  # measured: labels grow with the text
            field.rect.top = y + 20 + label
            y = field.rect.bottom
        self.form.draw(surface, theme)
        if self.message:
            rect = pygame.Rect(self.name_field.rect.left, y + 20, 560, 0)
            colour = theme.ERROR if self.message_is_error else theme.SUCCESS
            mark = theme.cross_mark if self.message_is_error else theme.check_mark
            mark(surface, (rect.left + 12, rect.top + theme.line_height(BODY) // 2), 12, colour)
            theme.block(surface, self.message, pygame.Rect(rect.left + 36, rect.top,
                                                           rect.width - 36, 0), BODY,
                        theme.TEXT, max_lines=3, min_size=SMALL)
        theme.text(surface, _("Tab moves between fields, Enter signs in, Esc goes back"),
                   (MARGIN, HEIGHT - 32 - 32), SMALL, theme.TEXT_DIM, anchor="midleft",
                   max_width=WIDTH - 3 * MARGIN - 240 - 16)
