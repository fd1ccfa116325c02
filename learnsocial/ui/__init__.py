"""The only package that imports pygame: app loop, scene stack, theme, widgets and screens."""
import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep CLI output to our own lines
