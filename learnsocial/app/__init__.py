"""PURE: the application layer the screens and the CLI call.

Sign-in, language, the current course, recording progress and finished tests, badges, settings
and HR reports live here, with an injected clock; screens never build records or query the
store themselves. No pygame.
"""
