"""The base of the plan reader: typed access to the raw tree that records every problem."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import ValidationError

from companion.domain.catalogue import Catalogue
from companion.domain.models import Unit
from companion.io.plan_errors import Issues, Path, PlanValueError, show, unknown_key_message

T = TypeVar("T")


class ReaderBase:
    """Reads values out of the raw tree, recording an issue for each one that cannot be used."""

    def __init__(self, issues: Issues, catalogue: Catalogue, units: Unit = Unit.KG) -> None:
        self.issues = issues
        self.catalogue = catalogue
        self.units = units
        self._heard: list[str] = []

    def say(self, message: str) -> None:
        """Keep what a value was understood to mean; ``noting`` reports it at the value."""
        self._heard.append(message)

    @contextmanager
    def noting(self, path: Path) -> Iterator[None]:
        """Report what is said while reading the value at ``path`` as notes there."""
        outer, self._heard = self._heard, []
        try:
            yield
        finally:
            heard, self._heard = self._heard, outer
            for message in heard:
                self.issues.note(path, message)

    def mapping(self, value: object, path: Path, allowed: Sequence[str], what: str) -> dict:
        """``value`` as a mapping with only ``allowed`` keys (unknown ones are reported)."""
        if not isinstance(value, dict):
            self.issues.error(path, f"found {show(value)}, expected {what}")
            return {}
        for key in value:
            if key not in allowed:
                self.issues.error((*path, key), unknown_key_message(key, allowed), key=True)
        return {k: v for k, v in value.items() if k in allowed}

    def field(
        self,
        raw: dict,
        key: str,
        path: Path,
        reader: Callable[..., T],
        *args: Any,
        required: str | None = None,
        **kwargs: Any,
    ) -> T | None:
        """``reader(raw[key])``; None when absent or unreadable. ``required`` is the hint."""
        if key not in raw or raw[key] is None:
            if required:
                self.issues.error(path, f"missing {key}: {required}")
            return None
        try:
            with self.noting((*path, key)):
                return reader(raw[key], *args, **kwargs)
        except PlanValueError as exc:
            self.issues.error((*path, key), str(exc))
            return None

    def model(self, cls: type[T], path: Path, **values: Any) -> T | None:
        """Build a pydantic model; anything it still refuses is reported at its field."""
        try:
            return cls(**values)  # type: ignore[call-arg]
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
                message = err["msg"].replace("Value error, ", "")
                found = err.get("input")
                if not isinstance(found, dict):
                    message = f"found {show(found)}: {message[:1].lower()}{message[1:]}"
                self.issues.error((*path, *loc[:1]), message)
            return None

    # sessions -----------------------------------------------------------------------------
