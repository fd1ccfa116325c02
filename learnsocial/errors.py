"""Errors every layer may raise and the CLI turns into one line for the user (exit code 1)."""
from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""
