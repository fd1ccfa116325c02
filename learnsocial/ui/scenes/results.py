"""Results: the score, pass or fail, and every question with the right answer explained."""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import pygame

from learnsocial.app.session import TestOutcome
from learnsocial.content.chaptertest.sequencing import SequencingSpec
from learnsocial.content.model import Chapter
from learnsocial.i18n import _, percent
from learnsocial.ui.scene import Scene
from learnsocial.ui.theme import BODY, HEADING, HEIGHT, MARGIN, SMALL, WIDTH, Colour
from learnsocial.ui.text import TextBlock
from learnsocial.ui.widgets import Button, FocusGroup, ScrollList, button_row

if TYPE_CHECKING:
    from learnsocial.ui.app import App

ROW_GAP = 16


class ResultsChoice(StrEnum):
    RETRY = "retry"  # take the test again
    REPLAY = "replay"  # the chapter's story from the start, then the test
    CONTINUE = "continue"  # to the chapter map


class ResultsScene(Scene):
    name = "results"

    def __init__(self, app: App, chapter: Chapter, outcome: TestOutcome):
        super().__init__(app)
        self.chapter = chapter
        self.result = outcome.result
        self.passed = outcome.passed
        rect = pygame.Rect(0, 0, 200, 64)  # placed by _place_buttons, from their labels
        retry = Button(lambda: _("Retake test"), rect,
                       lambda: self.dismiss(ResultsChoice.RETRY), primary=not self.passed)
        replay = Button(lambda: _("Replay chapter"), rect,
                        lambda: self.dismiss(ResultsChoice.REPLAY))
        to_map = Button(lambda: _("Continue") if self.passed else _("Chapter map"), rect,
                        lambda: self.dismiss(ResultsChoice.CONTINUE), primary=self.passed)
        # Passed: on to the map (or the test once more). Not passed: the test again, or the
        # story again first; the map is there too.
        order = [retry, to_map] if self.passed else [to_map, replay, retry]
        self.choices = [ResultsChoice.RETRY, ResultsChoice.CONTINUE] if self.passed else \
            [ResultsChoice.CONTINUE, ResultsChoice.REPLAY, ResultsChoice.RETRY]
        self.buttons = FocusGroup(order, focus=len(order) - 1)
        self._place_buttons()
        self.scroller = ScrollList()
        self._rows: list[list[tuple[TextBlock, Colour]]] | None = None
        self.played = False

    def _place_buttons(self) -> None:
        buttons = [w for w in self.buttons.widgets if isinstance(w, Button)]
        button_row(self.theme, buttons, WIDTH - MARGIN, HEIGHT - MARGIN,
                   max_width=WIDTH - 2 * MARGIN)

    def on_show(self) -> None:
        if not self.played:  # once, when first seen (a celebration may come first)
            self.played = True
            self.app.sounds.play("success" if self.passed else "fail")

    def wants_escape(self) -> bool:
        return True

    def focus_label(self) -> str | None:
        return self.buttons.focus_label()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.dismiss(ResultsChoice.CONTINUE)  # back: to the chapter map
        elif not self.scroller.handle(event, len(self.rows())):
            self.buttons.handle(event)

    def on_reload(self) -> None:
        self._rows = None
        self._place_buttons()

    def rows(self) -> list[list[tuple[TextBlock, Colour]]]:
        """Each answered item as blocks of text, laid out for the list's width (cached)."""
        if self._rows is not None:
            return self._rows
        theme = self.theme
        width = WIDTH - 2 * MARGIN - 80
        rows = []
        spec = self.chapter.test.spec if self.chapter.test else None
        if isinstance(spec, SequencingSpec) and spec.count_orders() > 1:
            # a row per line: the list scrolls by rows, and the whole text may not fit
            rows += [[(theme.lay_out(line, width, SMALL), theme.TEXT)]
                     for line in accepted_orders(spec)]
        for item in self.result.items:
            if item.correct:
                answer = _("Your answer: {answer}").format(answer=item.response)
            elif item.response:
                answer = _("Your answer: {answer} · Right: {right}").format(
                    answer=item.response, right=item.right_answer)
            else:
                answer = _("No answer in time · Right: {right}").format(right=item.right_answer)
            row = [(theme.lay_out(item.prompt, width, 20, bold=True), theme.TEXT),
                   (theme.lay_out(answer, width, SMALL), theme.TEXT)]
            row += [(theme.lay_out(text, width, SMALL), theme.TEXT_DIM)
                    for text in (item.feedback, item.right_feedback) if text]
            rows.append(row)
        self._rows = rows
        return rows

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        theme.backdrop(surface)
        theme.text(surface, self.chapter.title, (MARGIN, 12), BODY, theme.TEXT_DIM,
                   max_width=WIDTH - 2 * MARGIN)
        colour = theme.SUCCESS if self.passed else theme.ERROR
        mark = theme.check_mark if self.passed else theme.cross_mark
        top = 16 + theme.line_height(BODY)
        big = theme.text(surface, percent(self.result.score), (MARGIN + 90, top), 64,
                         theme.TEXT, True)
        mark(surface, (MARGIN + 36, big.centery), 34, colour)
        verdict = _("Passed") if self.passed else _("Not passed yet")
        room = WIDTH - MARGIN - (big.right + 28)
        theme.text(surface, verdict, (big.right + 28, big.top + 6), HEADING, theme.TEXT, True,
                   max_width=room)
        detail = _("{right} of {total} right · {points} points").format(
            right=self.result.right, total=len(self.result.items), points=self.result.points)
        theme.text(surface, detail, (big.right + 28, big.top + 10 + theme.line_height(HEADING)),
                   BODY, theme.TEXT, max_width=room)
        y = max(big.bottom, big.top + 10 + theme.line_height(HEADING) + theme.line_height(BODY))
        if not self.passed:
            need = _("You need {percent} to pass. Retake the test (the answers are shuffled) "
                     "or replay the chapter first.").format(
                percent=percent(self.chapter.pass_mark))
            y += theme.block(surface, need, pygame.Rect(MARGIN, y + 4, WIDTH - 2 * MARGIN, 0),
                             BODY, theme.TEXT_DIM, max_lines=2, min_size=SMALL).height + 4
        view = pygame.Rect(MARGIN + 8, y + 24, WIDTH - 2 * MARGIN - 16, 0)
        self._place_buttons()
        view.height = HEIGHT - 32 - 64 - 40 - theme.line_height(SMALL) - view.top
        theme.panel(surface, view.inflate(16, 16), theme.PANEL)
        rows = self.rows()
        heights = [sum(block.height for block, _c in row) for row in rows]
        shown = self.scroller.rows_in_view(heights, view.height, ROW_GAP)
        row_top = view.top
        for index in shown:
            row = rows[index]
            if len(row) > 1 or index >= len(rows) - len(self.result.items):
                item = self.result.items[index - (len(rows) - len(self.result.items))]
                mark = theme.check_mark if item.correct else theme.cross_mark
                mark(surface, (view.left + 26, row_top + row[0][0].line_height // 2), 13)
            y = row_top
            for block, colour in row:
                theme.block(surface, block, pygame.Rect(view.left + 60, y, view.width - 60,
                                                        block.height), colour=colour)
                y += block.height
            row_top = y + ROW_GAP
        self.scroller.draw_indicator(surface, theme, view.inflate(16, 16), shown, len(rows))
        self.buttons.draw(surface, theme)


def accepted_orders(spec: SequencingSpec) -> list[str]:
    """The orders that count as right, told as what each step must wait for (a line each)."""
    lines = [_("{count} orders count as right; a step may come as soon as the steps it needs "
               "are placed:").format(count=spec.count_orders())]
    for step in spec.steps:
        needs = [spec.step(other).text for other in step.after]
        lines.append("• " + (_("{step} — after: {needs}").format(step=step.text,
                                                                 needs="; ".join(needs))
                             if needs else _("{step} — at any point").format(step=step.text)))
    return lines
