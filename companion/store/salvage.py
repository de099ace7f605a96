"""What can still be read from a damaged store file: every document that is whole.

The files are TinyDB tables written compactly, ``{"table": {"1": {...}, "2": {...}}}``. A file
cut short (a disk that filled, a copy stopped half way) or with bytes changed in the middle
still holds whole documents before and after the damage; each is found by its ``"<id>":{``
and decoded on its own. A document that does not decode whole is left out, never guessed at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_DOC = re.compile(r'"(\d+)"\s*:\s*\{')
_decoder = json.JSONDecoder()


def whole_documents(raw: bytes) -> list[dict[str, Any]]:
    """Every document of ``raw`` that decodes whole, in file order."""
    text = raw.decode("utf-8", "replace")
    found: list[dict[str, Any]] = []
    end = 0
    for match in _DOC.finditer(text):
        start = match.end() - 1
        if start < end:  # inside a document already read
            continue
        try:
            doc, stop = _decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            continue
        if isinstance(doc, dict):
            found.append(doc)
            end = stop
    return found


def is_set(doc: dict[str, Any]) -> bool:
    """Shaped like a stored set: the fields every read of the sets relies on are there."""
    return all(isinstance(doc.get(k), str) for k in ("id", "session_id", "exercise_id"))


def all_sets(docs: Iterable[Any]) -> bool:
    """Every one of ``docs`` is shaped like a set (``is_set``): the quick look every read of
    the sets file takes (a few milliseconds at 50,000 sets)."""
    try:
        for d in docs:
            if type(d["id"]) is not str or type(d["session_id"]) is not str:
                return False
            if type(d["exercise_id"]) is not str:
                return False
    except (KeyError, TypeError):
        return False
    return True


def is_session(doc: dict[str, Any]) -> bool:
    """Shaped like a session header."""
    return isinstance(doc.get("id"), str) and "started_at" in doc and "session_id" not in doc
