"""Read one YAML file safely into position-carrying nodes, reporting every problem in plain words.

Every command that reads course files reads them here, and only plain YAML is accepted: no
anchors or aliases (which also rules out "billion laughs" bombs), no custom tags such as
!!python/object, no tabs for indentation, UTF-8 only, at most 1 MB, nested at most 32 levels
deep with at most 100,000 values, and no link that leads out of the course folder.

Three loaders are tried in turn. First libyaml (PyYAML's C extension) scans, parses and composes
a file of at most 250,000 characters, which can hold at most about as many values (libyaml itself
stops at 1,000 levels), and a walk over its nodes keeps the result only when it is within the
guards: no node reached twice (what an alias makes), at most 32 levels and 100,000 values. Any
other file is composed again by the guarded composer here, in Python, from libyaml's events, which
refuses an alias, the 33rd level or the 100,001st value before it is built and says where. Where
libyaml is missing, or a file has a syntax error, the pure-Python parser is used: messages read
the same with or without libyaml. The first loader halves the time of a clean course.

A file is parsed once while it is unchanged: the validator, the style check and the translation
check each ask for the same file, and get the same node tree (which callers must not change),
with the problems found while reading it reported again each time.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from itertools import chain
from pathlib import Path

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent, Event, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from learnsocial import i18n
from learnsocial.content.problems import WARNING, Problems
from learnsocial.i18n import _

try:
    from yaml._yaml import CParser as _LibyamlParser
    HAVE_LIBYAML = True
except ImportError:  # PyYAML built without libyaml
    HAVE_LIBYAML = False

MAX_BYTES = 1_000_000
# Chapters nest about 8 levels (scenes > options > reaction > line); the cap keeps the recursive
# composer and the walks over the nodes far below Python's recursion limit.
MAX_DEPTH = 32
# A shipped chapter file holds about 1,500 values; the cap bounds the memory one file can take.
MAX_NODES = 100_000
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class _Refused(Exception):
    """The file is well-formed YAML we will not build: the message says why."""

    def __init__(self, message: str, mark) -> None:
        super().__init__(message)
        self.mark = mark


# libyaml composes files up to this size itself: at most about as many values, a few tens of MB.
FAST_CHARS = 250_000


class _NotPlain(Exception):
    """libyaml composed something the guards refuse (or the file is too large for it): the
    guarded composer reads it again and says what and where."""


def _within_guards(top: Node) -> bool:
    """Whether composed nodes are a tree (no node reached twice, as an alias would make it) of at
    most MAX_DEPTH levels and MAX_NODES values, with standard tags only; walked a level at a
    time."""
    level, depth, count = [top], 1, 0
    seen: set[int] = set()
    while level:
        count += len(level)
        seen.update(map(id, level))
        if count > MAX_NODES or len(seen) != count or any(
                node.tag not in _STANDARD_TAGS for node in level):
            return False
        below: list[Node] = []
        for node in level:
            if isinstance(node, MappingNode):
                below.extend(chain.from_iterable(node.value))
            elif isinstance(node, SequenceNode):
                below.extend(node.value)
        if depth == MAX_DEPTH and not all(isinstance(node, ScalarNode) for node in below):
            return False
        level, depth = below, depth + 1
    return True


class _GuardedComposer(Composer):
    """Builds nodes from parser events, refusing aliases before they can be expanded and
    stopping at MAX_DEPTH levels or MAX_NODES values, before they are built."""

    peek_event: Callable[[], Event]  # the parser's, which this class is mixed with

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, _("anchors and aliases (& and *) are not allowed"),
                                event.start_mark)  # type: ignore[arg-type]  # libyaml's Mark
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _STANDARD_TAGS:
            raise _Refused(_("the tag {tag} is not allowed; write plain text").format(
                tag=tag.replace("tag:yaml.org,2002:", "!!")), event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(_("the file holds more than {limit} values; split it into smaller "
                             "files").format(limit=i18n.number(MAX_NODES)), event.start_mark)
        if isinstance(event, ScalarEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(_("the file nests lists and keys more than {limit} levels deep; "
                             "flatten it").format(limit=MAX_DEPTH), event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PurePythonLoader(Reader, Scanner, Parser, _GuardedComposer, Resolver):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _GuardedComposer.__init__(self)
        Resolver.__init__(self)


if HAVE_LIBYAML:
    class _LibyamlLoader(_GuardedComposer, _LibyamlParser, Resolver):
        """libyaml's scanner and parser (in C) under our composer (first, so its methods win
        over the C parser's own composing)."""

        def __init__(self, text: str) -> None:
            _LibyamlParser.__init__(self, text)
            _GuardedComposer.__init__(self)
            Resolver.__init__(self)

    class _LibyamlComposer(_LibyamlParser, Resolver):
        """libyaml composing in C, for a file no larger than FAST_CHARS; the nodes are kept only
        when _within_guards finds them so, else _NotPlain sends the file to the next loader."""

        def __init__(self, text: str) -> None:
            self.small = len(text) <= FAST_CHARS
            _LibyamlParser.__init__(self, text if self.small else "")
            Resolver.__init__(self)

        # No path resolvers are registered: skip the two calls per node that would look for one.
        def descend_resolver(self, current_node, current_index) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def get_single_node(self):
            if not self.small:
                raise _NotPlain
            node = super().get_single_node()
            if node is not None and not _within_guards(node):
                raise _NotPlain
            return node

# The loaders to try in turn: the last one's words are the messages.
LOADERS: tuple[type, ...] = ((_LibyamlComposer, _LibyamlLoader, _PurePythonLoader)
                             if HAVE_LIBYAML else (_PurePythonLoader,))


def compose(text: str, loaders: tuple[type, ...] | None = None) -> Node | None:
    """The node tree of one YAML document, built by the first loader; an error is raised in the
    words of the last one (the pure-Python parser's, the same with or without libyaml)."""
    chosen = loaders or LOADERS
    for number, loader_class in enumerate(chosen):
        loader = loader_class(text)
        try:
            return loader.get_single_node()
        except (yaml.YAMLError, _NotPlain):
            if number == len(chosen) - 1:
                raise
        finally:
            loader.dispose()
    return None


# (absolute path, device, inode, size, mtime, ctime, UI language) -> (node, findings)
_Finding = tuple[int, int, str, str]
_cache: OrderedDict[tuple, tuple[MappingNode | None, tuple[_Finding, ...]]] = OrderedDict()
CACHE_BYTES = 4_000_000  # of YAML text; its nodes take about 13 times as much memory
_cached_bytes = 0


def forget_cached() -> None:
    """Parse every file afresh from now on (benchmarks time the parsing itself)."""
    global _cached_bytes
    _cache.clear()
    _cached_bytes = 0


def file_exists(path: Path) -> bool:
    """Whether a course file is there: Path.is_file, but False rather than PermissionError where
    a folder on the way may not be searched (the validator reports such a folder itself)."""
    try:
        return path.is_file()
    except OSError:
        return False


def read_yaml(path: Path, problems: Problems, label: str | None = None, *,
              course: Path) -> MappingNode | None:
    """Parse a file to a mapping node, or report why it cannot be read and return None.

    course: the course folder the file belongs to; a file that leads out of it (a link, or a
    link on the way to it) is refused unread."""
    global _cached_bytes
    name = label or str(path)
    try:
        inside = path.resolve().is_relative_to(course.resolve())
        stat = path.stat()
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        problems.add(name, 1, 1, _("cannot read the file: {reason}").format(
            reason=getattr(error, "strerror", None) or error))
        return None
    if not inside:
        problems.add(name, 1, 1, _("the file is a link that leads outside the course folder; "
                                   "put the file itself in the course"))
        return None
    key = (os.path.abspath(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
           stat.st_ctime_ns, i18n.active_language())
    found = _cache.get(key)
    if found is None:
        findings = Problems()
        found = (_read(path, stat.st_size, findings, name),
                 tuple((p.line, p.column, p.message, p.severity) for p in findings.items))
        if stat.st_size <= CACHE_BYTES:
            _cache[key] = found
            _cached_bytes += stat.st_size
            while _cached_bytes > CACHE_BYTES:
                _cached_bytes -= _cache.popitem(last=False)[0][3]
    else:
        _cache.move_to_end(key)
    node, findings_again = found
    for line, column, message, severity in findings_again:
        problems.add(name, line, column, message, severity)
    return node


def _read(path: Path, size: int, problems: Problems, name: str) -> MappingNode | None:
    if size > MAX_BYTES:
        problems.add(name, 1, 1, _("file is too large ({size} bytes; the limit is 1 MB)")
                     .format(size=size))
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(name, 1, 1, _("cannot read the file: {reason}").format(
            reason=error.strerror or error))
        return None
    if len(raw) > MAX_BYTES:  # it grew since it was measured
        problems.add(name, 1, 1, _("file is too large ({size} bytes; the limit is 1 MB)")
                     .format(size=len(raw)))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(name, 1, 1, _("the file starts with a byte-order mark; save it as UTF-8 "
                                   "without BOM"), WARNING)
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(name, line, column, _("the file is not UTF-8 text (byte 0x{byte:02x}); "
                                           "save it as UTF-8").format(byte=raw[error.start]))
        return None
    for number, line_text in enumerate(text.splitlines(), start=1):
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        if "\t" in indent:
            problems.add(name, number, indent.index("\t") + 1,
                         _("a tab is used for indentation; indent with spaces"))
            return None
    try:
        node = compose(text)
    except _Refused as error:
        problems.add(name, error.mark.line + 1, error.mark.column + 1, str(error))
        return None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        problems.add(name, line, column, _("the character U+{code:04X} is not allowed in the "
                                           "file; remove it").format(code=error.character))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(name, line, column, _("YAML syntax error: {problem}").format(
            problem=error.problem or error.context or "?"))
        return None
    except yaml.YAMLError as error:
        problems.add(name, 1, 1, _("YAML syntax error: {problem}").format(
            problem=" ".join(str(error).split())))
        return None
    if node is None:
        problems.add(name, 1, 1, _("the file is empty"))
        return None
    if not isinstance(node, MappingNode):
        problems.at(name, node, _("the file must hold keys such as 'id:' and 'title:' at the "
                                  "top, not a list or a single value"))
        return None
    return node


def kind_of(node: Node) -> str:
    if isinstance(node, MappingNode):
        return _("a group of keys")
    if isinstance(node, SequenceNode):
        return _("a list")
    return {
        "tag:yaml.org,2002:int": _("a whole number"),
        "tag:yaml.org,2002:float": _("a number"),
        "tag:yaml.org,2002:bool": _("yes/no"),
        "tag:yaml.org,2002:null": _("nothing"),
    }.get(node.tag, _("text"))


class Fields:
    """The keys of one YAML mapping, read against the keys it may have.

    Reports duplicate keys (PyYAML would silently keep the last), unknown keys with a
    did-you-mean suggestion, missing and wrongly typed values, each at its own position.
    """

    def __init__(self, node: Node, problems: Problems, path: str, schema: dict, what: str):
        """schema: the JSON Schema of this mapping (content.schema); it gives the allowed keys
        and the length limits, so the validator and the schema never disagree."""
        allowed = tuple(schema["properties"])
        self.limits = {key: spec.get("maxLength") for key, spec in schema["properties"].items()}
        self.node = node
        self.problems = problems
        self.path = path
        self.what = what
        self.values: dict[str, Node] = {}
        self.keys: dict[str, Node] = {}
        if not isinstance(node, MappingNode):
            problems.at(path, node, _("{what} must be a group of keys, not {kind}")
                        .format(what=what, kind=kind_of(node)))
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in self.values:
                problems.at(path, key_node, _("the key '{key}' appears twice in {what}; "
                                              "remove one").format(key=key, what=what))
                continue
            if key not in allowed:
                import difflib  # only where a key is unknown

                close = difflib.get_close_matches(key, allowed, n=1)
                hint = (_(" (did you mean '{key}'?)").format(key=close[0]) if close
                        else _(" (allowed: {keys})").format(keys=", ".join(allowed)))
                problems.at(path, key_node, _("unknown key '{key}' in {what}").format(
                    key=key, what=what) + hint)
                continue
            self.keys[key] = key_node
            self.values[key] = value_node

    def has(self, key: str) -> bool:
        return key in self.values

    def node_of(self, key: str) -> Node:
        return self.values.get(key, self.keys.get(key, self.node))

    def _missing(self, key: str) -> None:
        self.problems.at(self.path, self.node, _("{what} is missing the key '{key}'")
                         .format(what=self.what, key=key))

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        max_length = self.limits.get(key)
        node = self.values.get(key)
        if node is None or node.tag == "tag:yaml.org,2002:null":
            if required:
                self._missing(key)
            return default
        if not isinstance(node, ScalarNode):
            self.problems.at(self.path, node, _("'{key}' must be text, not {kind}")
                             .format(key=key, kind=kind_of(node)))
            return default
        # The scalar as written: `text: No` means the word "No", not YAML's false.
        value = str(node.value).strip()
        if required and not value:
            self.problems.at(self.path, node, _("'{key}' is empty").format(key=key))
        if max_length is not None and len(value) > max_length:
            self.problems.at(self.path, node, _(
                "'{key}' is {length} characters long and will not fit on screen; "
                "shorten it to {limit} or fewer").format(key=key, length=len(value),
                                                        limit=max_length))
        return value

    def number(self, key: str, default: float, minimum: float, maximum: float) -> float:
        node = self.values.get(key)
        if node is None:
            return default
        if node.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            self.problems.at(self.path, node, _("'{key}' must be a number, not {kind}")
                             .format(key=key, kind=kind_of(node)))
            return default
        value = float(node.value)
        if not minimum <= value <= maximum:
            self.problems.at(self.path, node, _("'{key}' must be between {low} and {high}")
                             .format(key=key, low=f"{minimum:g}", high=f"{maximum:g}"))
            return default
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        node = self.values.get(key)
        if node is None:
            return default
        if node.tag != "tag:yaml.org,2002:bool":
            self.problems.at(self.path, node, _("'{key}' must be true or false").format(key=key))
            return default
        return str(node.value).lower() in ("true", "yes", "on")

    def is_list(self, key: str) -> bool:
        return isinstance(self.values.get(key), SequenceNode)

    def unique_id(self, seen: set[str]) -> str:
        """This mapping's 'id', reported if an earlier sibling already used it."""
        value = self.text("id")
        if value in seen:
            self.problems.at(self.path, self.node_of("id"), _("the id '{id}' is used twice")
                             .format(id=value))
        seen.add(value)
        return value

    def entries(self, key: str, required: bool = True) -> list[Node]:
        node = self.values.get(key)
        if node is None:
            if required:
                self._missing(key)
            return []
        if not isinstance(node, SequenceNode):
            self.problems.at(self.path, node, _("'{key}' must be a list (lines starting "
                                                "with '- '), not {kind}")
                             .format(key=key, kind=kind_of(node)))
            return []
        return list(node.value)

    def words(self, key: str) -> list[str] | None:
        """A list of plain values such as ids (`after: [goals, roles]`); None when absent."""
        node = self.values.get(key)
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.problems.at(self.path, node, _("'{key}' must be a list such as [a, b], not "
                                                "{kind}").format(key=key, kind=kind_of(node)))
            return []
        found = []
        for item in node.value:
            if not isinstance(item, ScalarNode):
                self.problems.at(self.path, item, _("'{key}' must list plain values, not {kind}")
                                 .format(key=key, kind=kind_of(item)))
                continue
            found.append(str(item.value).strip())
        return found

    def mapping(self, key: str) -> Node | None:
        node = self.values.get(key)
        if node is None:
            self._missing(key)
        return node
