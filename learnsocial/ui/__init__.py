"""The only package that imports pygame: app loop, scene stack, theme, widgets and screens."""
