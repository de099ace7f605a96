"""Every catalogue exercise has its place in the FIT profile's strength lists, and each name is
one Garmin's SDK knows (a watch shows an unknown one as nothing at all)."""

from __future__ import annotations

from garmin_fit_sdk import Profile

from companion.domain.catalogue import builtin


def test_every_exercise_names_a_category_and_name_the_fit_profile_has():
    types = Profile["types"]
    categories = set(types["exercise_category"].values())
    wrong = []
    for exercise in builtin():
        fit = exercise.fit
        if fit is None or fit.category not in categories:
            wrong.append(f"{exercise.id}: {fit}")
            continue
        names = types.get(f"{fit.category}_exercise_name", {}).values()
        if fit.name is not None and fit.name not in names:
            wrong.append(f"{exercise.id}: {fit.category}/{fit.name} is not in the profile")
    assert wrong == []


def test_most_exercises_have_their_own_name_on_the_watch():
    named = [e.id for e in builtin() if e.fit and e.fit.name]
    assert len(named) >= 30
    assert builtin().get("rear-foot-elevated-split-squat").fit.category == "lunge"
