"""What a rendered frame writes on screen, for tests that look for a sentence."""


def drawn_text(app, pilot) -> str:
    """Everything one rendered frame writes on screen, joined (wrapped text included)."""
    seen: list[str] = []
    theme = app.theme
    text, block = theme.text, theme.block
    theme.text = lambda surface, value, *a, **k: seen.append(value) or text(surface, value, *a,
                                                                             **k)
    theme.block = lambda surface, value, *a, **k: seen.append(
        value if isinstance(value, str) else value.text) or block(surface, value, *a, **k)
    try:
        pilot.render()
    finally:
        del theme.text, theme.block
    return "\n".join(seen)
