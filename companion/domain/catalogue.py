"""The exercise catalogue: built-in exercises plus a plan's custom ones, looked up by any name."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from companion.domain.models import Exercise


def normalise(name: str) -> str:
    """Lower-case, hyphens/underscores/slashes as spaces, single spaces: the lookup key."""
    text = re.sub(r"[\s_\-/]+", " ", str(name).strip().lower())
    return re.sub(r"[^a-z0-9 ]", "", text).strip()


class Catalogue:
    """Exercises by id, name or alias, case-insensitive.

    Entries may be given as raw mappings (the built-in catalogue's JSON): each is validated
    into an ``Exercise`` the first time it is asked for, so starting the app validates only the
    few exercises of today's session.
    """

    def __init__(self, exercises: Iterable[Exercise | dict]) -> None:
        self._by_id: dict[str, Exercise | dict] = {}
        self._by_key: dict[str, str] = {}  # normalised name -> id
        for exercise in exercises:
            self.add(exercise)

    def add(self, exercise: Exercise | dict) -> None:
        raw = exercise if isinstance(exercise, dict) else None
        ex_id = raw["id"] if raw is not None else exercise.id  # type: ignore[union-attr]
        if ex_id in self._by_id:
            raise ValueError(f"duplicate exercise id {ex_id!r}")
        self._by_id[ex_id] = exercise
        names = (raw.get("name", ""), *raw.get("aliases", ())) if raw is not None else (
            exercise.name, *exercise.aliases  # type: ignore[union-attr]
        )  # fmt: skip
        for key in (ex_id, *names):
            self._by_key.setdefault(normalise(key), ex_id)

    def with_custom(self, custom: Iterable[Exercise]) -> Catalogue:
        """A copy that also knows a plan's own exercises."""
        merged = Catalogue(self._by_id.values())
        for exercise in custom:
            merged.add(exercise)
        return merged

    def __iter__(self) -> Iterator[Exercise]:
        return (self.get(ex_id) for ex_id in list(self._by_id))

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        """By id; KeyError if unknown."""
        found = self._by_id[exercise_id]
        if isinstance(found, dict):
            found = self._by_id[exercise_id] = Exercise.model_validate(found)
        return found

    def resolve(self, name: str) -> Exercise | None:
        """By id, name or alias, any case; None if nothing matches."""
        ex_id = self._by_key.get(normalise(name))
        return None if ex_id is None else self.get(ex_id)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest exercise names, for a coach's typo."""
        key = normalise(name)
        hits = difflib.get_close_matches(key, list(self._by_key), n=n * 3, cutoff=0.5)
        names: list[str] = []
        for hit in hits:
            exercise_name = self.get(self._by_key[hit]).name
            if exercise_name not in names:
                names.append(exercise_name)
        if not names:  # fall back to word overlap: "calf" finds every calf raise
            words = set(key.split())
            scored = [(len(words & set(normalise(e.name).split())), e.name) for e in self]
            names = [nm for score, nm in sorted(scored, key=lambda t: (-t[0], t[1])) if score]
        return names[:n]

    def easier(self, exercise_id: str) -> Exercise | None:
        easier = self.get(exercise_id).easier
        return self.get(easier) if easier and easier in self else None

    def harder(self, exercise_id: str) -> Exercise | None:
        harder = self.get(exercise_id).harder
        return self.get(harder) if harder and harder in self else None


BUILTIN = Path(__file__).resolve().parent.parent / "data" / "exercises.json"


@lru_cache(maxsize=1)
def builtin() -> Catalogue:
    """The catalogue shipped with companion (read once; each entry validated when first used).
    Its source is ``companion/data/exercises.yaml``; this reads the JSON twin
    ``scripts/catalogue.py`` writes from it (a test keeps the two equal and every entry valid)."""
    return Catalogue(json.loads(BUILTIN.read_bytes())["exercises"])
