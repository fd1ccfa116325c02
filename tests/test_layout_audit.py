"""The text-layout primitive and the layout audit: each problem the audit knows is planted once
and must be found, and the primitive must never produce one."""
import pygame
import pytest

from learnsocial.ui.audit import LayoutAudit, split_without_hyphen
from learnsocial.ui.text import ELLIPSIS, break_points
from learnsocial.ui.theme import BODY, HEIGHT, WIDTH, Theme


@pytest.fixture
def canvas():
    pygame.init()
    surface = pygame.Surface((WIDTH, HEIGHT))
    theme = Theme()
    audit = LayoutAudit(surface.get_rect())
    theme.audit, theme.audit_surface = audit, surface
    theme.backdrop(surface)
    audit.begin_frame("planted")
    return surface, theme, audit


def problems(audit: LayoutAudit) -> list[str]:
    audit.end_frame()
    return audit.report()


# -- the primitive --------------------------------------------------------------------------

def test_a_long_german_compound_is_split_at_its_own_hyphen_first():
    pygame.init()
    theme = Theme()
    width = theme.font(BODY).size("Pop-up-Benachrichtigungen")[0] - 20
    lines = theme.lay_out("Pop-up-Benachrichtigungen", width, BODY, language="de").lines
    assert lines[0].endswith("-") and "".join(lines).replace("-", "") == \
        "PopupBenachrichtigungen"
    assert lines[0] == "Pop-up-", "the word's own hyphen comes before dictionary points"


def test_a_word_without_hyphens_is_hyphenated_by_the_dictionary():
    pygame.init()
    theme = Theme()
    word = "Quartalsprüfungsgespräch"
    width = theme.font(BODY).size(word)[0] // 2
    lines = theme.lay_out(word, width, BODY, language="de").lines
    assert len(lines) >= 2 and all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.rstrip("-") for line in lines) == word
    assert ("Quartals-", "prüfungsgespräch") in break_points(word, "de")


@pytest.mark.parametrize("width", [1, 3, 8])
def test_a_line_narrower_than_a_letter_still_ends(width):
    """Each letter then stands on a line of its own; the layout never loops."""
    pygame.init()
    lines = Theme().lay_out("Wort ab", width, BODY, language="de").lines
    assert "".join(line.rstrip("-") for line in lines) == "Wortab"
    assert len(lines) <= len("Wortab")


def test_text_shrinks_before_it_is_shortened_and_keeps_the_whole_text():
    pygame.init()
    theme = Theme()
    text = "One two three four five six seven eight nine ten eleven twelve"
    wide = theme.font(BODY).size(text)[0]
    shrunk = theme.lay_out(text, wide - 40, BODY, max_lines=1, min_size=BODY - 6)
    assert shrunk.size < BODY and len(shrunk.lines) == 1 and not shrunk.truncated
    cut = theme.lay_out(text, wide // 3, BODY, max_lines=1, min_size=BODY - 2)
    assert cut.truncated and cut.lines[0].endswith(ELLIPSIS) and cut.text == text
    assert theme.font(cut.size).size(cut.lines[0])[0] <= wide // 3


def test_layout_is_cached_per_text_width_and_size():
    pygame.init()
    theme = Theme()
    first = theme.lay_out("Cached text", 200, BODY)
    assert theme.lay_out("Cached text", 200, BODY) is first
    assert theme.lay_out("Cached text", 201, BODY) is not first
    theme.configure("default", 1.5)
    assert theme.lay_out("Cached text", 200, BODY) is not first, "a new text size lays out anew"


# -- each problem the audit knows, planted --------------------------------------------------

def test_clean_drawing_passes(canvas):
    surface, theme, audit = canvas
    box = pygame.Rect(100, 100, 400, 200)
    theme.panel(surface, box)
    theme.block(surface, "A sentence that wraps inside its box without trouble at all.",
                box.inflate(-40, -40), BODY)
    assert problems(audit) == []


def test_text_outside_its_box_is_found(canvas):
    surface, theme, audit = canvas
    box = pygame.Rect(100, 100, 120, 40)
    theme.panel(surface, box)
    theme.text(surface, "This label is far too long for its box", (110, 105))
    assert any("runs out of its box" in p for p in problems(audit))


def test_text_off_the_screen_is_found(canvas):
    surface, theme, audit = canvas
    theme.text(surface, "Off the edge", (WIDTH - 30, 10))
    assert any("runs off the screen" in p for p in problems(audit))


def test_two_texts_overlapping_are_found(canvas):
    surface, theme, audit = canvas
    theme.text(surface, "First text", (100, 100))
    theme.text(surface, "Second text", (110, 106))
    assert any("overlaps" in p for p in problems(audit))


def test_a_text_over_a_control_is_found(canvas):
    surface, theme, audit = canvas
    button = pygame.Rect(300, 300, 200, 60)
    theme.panel(surface, pygame.Rect(0, 0, WIDTH, HEIGHT))
    theme.control(surface, button)
    theme.text(surface, "A stray label", (250, 310))
    assert any("overlaps a control" in p for p in problems(audit))


def test_a_line_cut_by_its_view_is_found(canvas):
    surface, theme, audit = canvas
    view = pygame.Rect(100, 100, 400, 50)
    surface.set_clip(view)
    theme.text(surface, "Half of this line is hidden", (110, 130))
    surface.set_clip(None)
    assert any("cut off by its view" in p for p in problems(audit))


def test_a_word_split_without_a_hyphen_is_found():
    assert split_without_hyphen(("Pop-up-Benachrichtigu", "ngen sind da"),
                                "Pop-up-Benachrichtigungen sind da")
    assert split_without_hyphen(("Pop-up-Benach-", "richtigungen sind da"),
                                "Pop-up-Benachrichtigungen sind da") is None
    assert split_without_hyphen(("Pop-up-", "Benachrichtigungen"),
                                "Pop-up-Benachrichtigungen") is None


def test_a_planted_letter_split_in_a_drawn_block_is_found(canvas, monkeypatch):
    surface, theme, audit = canvas
    from learnsocial.ui import text as text_module

    def no_hyphen(word, fits, language):
        cut = len(word) // 2
        return word[:cut], word[cut:]

    monkeypatch.setattr(text_module.TextLayout, "_split", staticmethod(no_hyphen))
    theme.block(surface, "Benachrichtigungseinstellungen", pygame.Rect(100, 100, 120, 200),
                BODY)
    assert any("split without a hyphen" in p for p in problems(audit))


def test_a_label_under_the_crosshair_is_found(canvas):
    surface, theme, audit = canvas
    rect = theme.text(surface, "Target label", (400, 400))
    theme.sprite(surface, pygame.Rect(rect.centerx - 10, rect.top, 20, 20), "crosshair")
    assert any("under the crosshair" in p for p in problems(audit))


def test_two_focus_rings_are_found(canvas):
    surface, theme, audit = canvas
    theme.focus_ring(surface, pygame.Rect(100, 100, 100, 40))
    theme.focus_ring(surface, pygame.Rect(300, 100, 100, 40))
    assert any("2 focus rings" in p for p in problems(audit))


def test_weak_contrast_is_found(canvas):
    surface, theme, audit = canvas
    theme.panel(surface, pygame.Rect(90, 90, 300, 60), theme.TEXT_DIM)
    theme.text(surface, "Pale on pale", (100, 100), colour=theme.TEXT)
    assert any("contrast" in p for p in problems(audit))


def test_a_mark_sticking_out_of_its_card_is_found(canvas):
    surface, theme, audit = canvas
    card = pygame.Rect(100, 100, 200, 80)
    theme.panel(surface, card)
    theme.check_mark(surface, (card.right, card.top), 14, container=card)
    assert any("sticks out of its box" in p for p in problems(audit))


# -- any name displays ----------------------------------------------------------------------

def image(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


@pytest.mark.parametrize("name", ["محمد علي", "李小龙", "שלום", "Ნინო"])
def test_names_in_other_scripts_are_drawn_by_a_font_that_has_them(name):
    pygame.init()
    theme = Theme()
    boxes = theme.font(BODY).render(name, True, (255, 255, 255))  # Noto Sans alone: boxes
    drawn = theme._render(name, BODY, False, (255, 255, 255))
    assert image(drawn) != image(boxes)
    face = theme.font_for(BODY, False, name)
    assert face is not theme.font(BODY), "a fallback font draws it"


def test_a_character_no_font_has_shows_the_placeholder_not_a_box(monkeypatch):
    from learnsocial.ui import theme as theme_module
    from learnsocial.ui.fonts import PLACEHOLDER

    pygame.init()
    monkeypatch.setattr(theme_module, "fallback_paths", lambda bold: ())
    theme = Theme()
    drawn = theme._render("李", BODY, False, (255, 255, 255))
    placeholder = theme.font(BODY).render(PLACEHOLDER, True, (255, 255, 255))
    assert image(drawn) == image(placeholder)
