"""Reading a plan file's text into plain Python values, remembering where each value was written.

YAML is composed with the safe loader and walked node by node so that every value keeps its
line and column, duplicate keys are caught and tags that would construct objects are refused.
TOML goes through ``tomllib``; positions are found by searching for the keys (best effort).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from companion.io.plan_errors import Issues, Locator, Path

MAX_BYTES = 1024 * 1024
MAX_VALUES = 100_000
_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = _YAML + "merge"


class YamlLocator(Locator):
    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def value_pos(self, path: Path) -> tuple[int, int]:
        while path and path not in self.values:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_pos(self, path: Path) -> tuple[int, int]:
        return self.keys.get(path) or self.value_pos(path)


class TomlLocator(Locator):
    """Finds a path's line by searching for its keys in order through the text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def value_pos(self, path: Path) -> tuple[int, int]:
        offset, found = 0, 0
        for i, part in enumerate(path):
            if isinstance(part, int):
                offset = self._item(offset, path[i - 1] if i else "", part)
                continue
            key = re.escape(part)
            # a bare key after a space or bracket; a quoted one only where a key can stand,
            # not inside an array of strings (sessions = ["A", "B"])
            quoted = rf"(?:^\s*|(?<=[.\[{{]))(?:\"{key}\"|'{key}')"
            pattern = rf"(?m)(?:(?:^|(?<=[\s{{,.\[])){key}|{quoted})\s*(?=[=.\]])"
            hit = re.compile(pattern).search(self.text, offset)
            if hit is None:
                break
            offset = found = hit.start()
        before = self.text[:found]
        return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1

    def _item(self, offset: int, key: object, index: int) -> int:
        headers = [m.end() for m in re.finditer(rf"(?m)^\s*\[\[[^\]]*\b{key}\]\]", self.text)]
        headers = [h for h in headers if h >= offset]
        if len(headers) > index:
            return headers[index]
        braces = [m.start() for m in re.finditer(r"\{", self.text[offset:])]
        return offset + braces[index] if len(braces) > index else offset


def read_text(text: str, fmt: str, issues: Issues) -> Any:
    """The file's values, or None after recording why the file cannot be read."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        issues.at(1, 1, f"the file is larger than the 1 MB limit ({MAX_BYTES:,} bytes)")
        return None
    if not text.strip():
        issues.at(1, 1, "the file is empty; a plan needs at least name, schedule, phases, sessions")
        return None
    try:
        data = _read_toml(text, issues) if fmt == "toml" else _read_yaml(text, issues)
    except RecursionError:
        issues.at(1, 1, "the file is nested too deeply; a plan is a few levels deep at most")
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        issues.at(
            1,
            1,
            f"the top level is {kind}; a plan file must be a mapping of keys "
            "(name:, schedule:, phases:, sessions:, ...)",
        )
        return None
    return data


def _read_toml(text: str, issues: Issues) -> Any:
    issues.locator = TomlLocator(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line, col = (int(where[1]), int(where[2])) if where else (text.count("\n") + 1, 1)
        problem = re.sub(r"\s*\(at [^)]*\)", "", message)
        issues.at(line, col, f"not valid TOML: {problem}")
        return None


def _read_yaml(text: str, issues: Issues) -> Any:
    locator = YamlLocator()
    issues.locator = locator
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        issues.at(line, col, f"not valid YAML: {problem}")
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        issues.at(line, col, f"not valid YAML: character {exc.character!r} is not allowed")
        return None
    if node is None:
        issues.at(
            1, 1, "the file holds only comments; a plan needs name, schedule, phases, sessions"
        )
        return None
    builder = _YamlBuilder(issues, locator)
    data = builder.build(node, ())
    return None if builder.refused else data


class _YamlBuilder:
    def __init__(self, issues: Issues, locator: YamlLocator) -> None:
        self.issues = issues
        self.locator = locator
        self.loader = yaml.SafeLoader("")
        self.count = 0
        self.stack: set[int] = set()
        self.refused = False  # a tag or runaway alias: the file is refused as a whole

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            self.refused = True
            if self.count == MAX_VALUES + 1:
                self.issues.error(
                    path,
                    f"the file expands to more than {MAX_VALUES:,} values "
                    "(through YAML aliases); write the plan out plainly",
                )
            return None
        self.locator.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.stack:
            self.refused = True
            self.issues.error(path, "this alias refers to itself; write the value out plainly")
            return None
        if not self._tag_ok(node):
            self.refused = True
            tag = node.tag.replace(_YAML, "!!")
            self.issues.error(
                path, f"YAML tags are not accepted (found {tag}); a plan holds plain values only"
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError):
                return node.value  # e.g. 2026-13-45: the field's reader says what it expects
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))

    def _tag_ok(self, node: yaml.Node) -> bool:
        if isinstance(node, yaml.ScalarNode):
            return node.tag in _SCALAR_TAGS
        if isinstance(node, yaml.SequenceNode):
            return node.tag == _YAML + "seq"
        return node.tag == _YAML + "map"

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        merges: list[Any] = []
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == _MERGE:
                merges.append(self.build(value_node, path))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.issues.at(line, col, "a key must be a plain word, not a list or mapping")
                continue
            key = (
                key_node.value
                if key_node.tag == _YAML + "str"
                else str(self.loader.construct_object(key_node))
            )
            if key in result:
                self.locator.keys[(*path, f"{key}#dup{line}")] = (line, col)
                self.issues.error(
                    (*path, f"{key}#dup{line}"),
                    f"duplicate key '{key}' (first written on line "
                    f"{first_line[key]}); each key may appear once",
                    key=True,
                )
                continue
            first_line[key] = line
            self.locator.keys[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        for merged in merges:
            for item in merged if isinstance(merged, list) else [merged]:
                if isinstance(item, dict):
                    for key, value in item.items():
                        result.setdefault(key, value)
        return result
