"""Problems found in content files, each pointing at a file, line and column."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column,
                "message": self.message, "severity": self.severity}


@dataclass
class Problems:
    """Collects problems for one run; each distinct problem is kept once."""

    items: list[Problem] = field(default_factory=list)
    # The problems in items, for a quick "seen before?": a list search made a course with 900
    # warnings take 0.25 s in add alone. Rebuilt when items was extended directly.
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def add(self, path: str | Path, line: int, column: int, message: str,
            severity: str = ERROR) -> None:
        problem = Problem(str(path), line, column, message, severity)
        if len(self._seen) != len(self.items):
            self._seen = set(self.items)
        if problem not in self._seen:
            self.items.append(problem)
            self._seen.add(problem)

    def at(self, path: str | Path, node, message: str, severity: str = ERROR) -> None:
        """Add a problem at a YAML node's position (1-based line and column)."""
        line, column = position(node)
        self.add(path, line, column, message, severity)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.path, p.line, p.column, p.message))


def position(node) -> tuple[int, int]:
    mark = getattr(node, "start_mark", None)
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1
