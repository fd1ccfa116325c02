"""Read one YAML file safely into position-carrying nodes, reporting every problem in plain words.

Only plain YAML is accepted: no anchors or aliases (which also rules out "billion laughs" bombs),
no custom tags such as !!python/object, no tabs for indentation, UTF-8 only, at most 1 MB.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from learnsocial.content.problems import WARNING, Problems
from learnsocial.i18n import _

MAX_BYTES = 1_000_000
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases before they can be expanded."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def read_yaml(path: Path, problems: Problems, label: str | None = None) -> MappingNode | None:
    """Parse a file to a mapping node, or report why it cannot be read and return None."""
    name = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.add(name, 1, 1, _("file is too large ({size} bytes; the limit is 1 MB)")
                         .format(size=size))
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.add(name, 1, 1, _("cannot read the file: {reason}").format(
            reason=error.strerror or error))
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
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(name, line, column, _("YAML syntax error: {problem}").format(
            problem=error.problem or error.context or "?"))
        return None
    except yaml.YAMLError as error:
        problems.add(name, 1, 1, _("YAML syntax error: {problem}").format(problem=error))
        return None
    if node is None:
        problems.add(name, 1, 1, _("the file is empty"))
        return None
    if not _tags_are_plain(node, problems, name):
        return None
    if not isinstance(node, MappingNode):
        problems.at(name, node, _("the file must hold keys such as 'id:' and 'title:' at the "
                                  "top, not a list or a single value"))
        return None
    return node


def _tags_are_plain(node: Node, problems: Problems, name: str) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag not in _STANDARD_TAGS:
            problems.at(name, current, _("the tag {tag} is not allowed; write plain text")
                        .format(tag=current.tag.replace("tag:yaml.org,2002:", "!!")))
            return False
        if isinstance(current, SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
    return True


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
