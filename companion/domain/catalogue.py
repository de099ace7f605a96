"""The exercise catalogue: built-in exercises plus a plan's custom ones, looked up by any name."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

from companion.domain.models import Exercise


def normalise(name: str) -> str:
    """Lower-case, hyphens/underscores/slashes as spaces, single spaces: the lookup key."""
    text = re.sub(r"[\s_\-/]+", " ", str(name).strip().lower())
    return re.sub(r"[^a-z0-9 ]", "", text).strip()


class Catalogue:
    """Exercises by id, name or alias, case-insensitive."""

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._by_id: dict[str, Exercise] = {}
        self._by_key: dict[str, Exercise] = {}
        for exercise in exercises:
            self.add(exercise)

    def add(self, exercise: Exercise) -> None:
        if exercise.id in self._by_id:
            raise ValueError(f"duplicate exercise id {exercise.id!r}")
        self._by_id[exercise.id] = exercise
        for key in (exercise.id, exercise.name, *exercise.aliases):
            self._by_key.setdefault(normalise(key), exercise)

    def with_custom(self, custom: Iterable[Exercise]) -> Catalogue:
        """A copy that also knows a plan's own exercises."""
        merged = Catalogue(self._by_id.values())
        for exercise in custom:
            merged.add(exercise)
        return merged

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        """By id; KeyError if unknown."""
        return self._by_id[exercise_id]

    def resolve(self, name: str) -> Exercise | None:
        """By id, name or alias, any case; None if nothing matches."""
        return self._by_key.get(normalise(name))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest exercise names, for a coach's typo."""
        key = normalise(name)
        hits = difflib.get_close_matches(key, list(self._by_key), n=n * 3, cutoff=0.5)
        names: list[str] = []
        for hit in hits:
            exercise_name = self._by_key[hit].name
            if exercise_name not in names:
                names.append(exercise_name)
        if not names:  # fall back to word overlap: "calf" finds every calf raise
            words = set(key.split())
            scored = [
                (len(words & set(normalise(e.name).split())), e.name) for e in self._by_id.values()
            ]
            names = [nm for score, nm in sorted(scored, key=lambda t: (-t[0], t[1])) if score]
        return names[:n]

    def easier(self, exercise_id: str) -> Exercise | None:
        easier = self.get(exercise_id).easier
        return self._by_id.get(easier) if easier else None

    def harder(self, exercise_id: str) -> Exercise | None:
        harder = self.get(exercise_id).harder
        return self._by_id.get(harder) if harder else None


@lru_cache(maxsize=1)
def builtin() -> Catalogue:
    """The catalogue shipped with companion (read once). Its source is
    ``companion/data/exercises.yaml``; this reads the JSON twin ``scripts/catalogue.py`` writes
    from it, which loads in a millisecond where the YAML takes ~50 ms of every launch."""
    text = resources.files("companion.data").joinpath("exercises.json").read_bytes()
    raw = json.loads(text)
    return Catalogue(Exercise.model_validate(item) for item in raw["exercises"])
