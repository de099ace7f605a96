"""The shorthand grammar, one parser at a time: what each form means and what it says it read."""

from __future__ import annotations

import pytest

from companion.domain.models import Load, LoadKind, RepRange, Unit, Weekday
from companion.io import plan_grammar as g
from companion.io.plan_errors import PlanValueError


def heard(parse, *args, **kwargs):
    """The parser's answer and what it said it understood."""
    said: list[str] = []
    return parse(*args, say=said.append, **kwargs), said


@pytest.mark.parametrize(
    ("text", "sets", "sets_hi", "count"),
    [
        ("3x8", 3, None, g.Count(reps=RepRange(lo=8, hi=8))),
        ("3 x 6-8", 3, None, g.Count(reps=RepRange(lo=6, hi=8))),
        ("3×8", 3, None, g.Count(reps=RepRange(lo=8, hi=8))),
        ("3 X 8 reps", 3, None, g.Count(reps=RepRange(lo=8, hi=8))),
        ("3 x 8 each side", 3, None, g.Count(reps=RepRange(lo=8, hi=8), per_side="each side")),
        ("3x30s", 3, None, g.Count(hold=30)),
        ("2 x 1:00", 2, None, g.Count(hold=60)),
        ("4 x 20 contacts", 4, None, g.Count(contacts=20)),
        ("3 x AMRAP", 3, None, g.Count(amrap=True)),
        ("2-3 x 8", 2, 3, g.Count(reps=RepRange(lo=8, hi=8))),
    ],
)
def test_sets_times_reps_in_one_value(text, sets, sets_hi, count) -> None:
    read = g.prescription(text)
    assert (read.sets, read.sets_hi, read.count, read.load) == (sets, sets_hi, count, None)


def test_what_follows_an_at_is_kept_for_the_load_reader() -> None:
    assert g.prescription("3 x 8 @ RPE 8").load == "@ RPE 8"
    assert g.prescription("3x5@20 kg").load == "@20 kg"


def test_a_plain_number_of_sets_is_not_a_prescription() -> None:
    assert g.prescription("3") is None and g.prescription(3) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [("8/side", "/side"), ("8 per leg", "per leg"), ("8 each side", "each side"), ("8 e/s", "e/s")],
)
def test_per_side_forms(text: str, words: str) -> None:
    assert g.count(text) == g.Count(reps=RepRange(lo=8, hi=8), per_side=words)


def test_counts_under_each_key() -> None:
    assert g.count(20, "contacts") == g.Count(contacts=20)
    assert g.count("20", "contacts") == g.Count(contacts=20)
    assert g.count(30, "hold") == g.Count(hold=30)
    assert g.count("45 s", "hold") == g.Count(hold=45)
    assert g.count("30s/side", "hold") == g.Count(hold=30, per_side="/side")
    assert g.count("AMRAP") == g.Count(amrap=True)
    assert g.count("max reps") == g.Count(amrap=True)
    assert g.count("6 to 8") == g.Count(reps=RepRange(lo=6, hi=8))


@pytest.mark.parametrize(
    ("text", "rpe", "said"),
    [
        ("@RPE 8", 8, []),
        ("RPE 7.5", 7.5, []),
        ("rpe8", 8, []),
        ("@8", 8, ["'@8' read as RPE 8"]),
        ("RIR 2", 8, ["'RIR 2' read as RPE 8 (2 reps in reserve)"]),
        ("RIR 0-1", 9.5, ["'RIR 0-1' read as RPE 9.5 (0-1 reps in reserve)"]),
        ("RPE 7-8", 7.5, ["'RPE 7-8' read as RPE 7.5"]),
    ],
)
def test_effort_forms(text: str, rpe: float, said: list[str]) -> None:
    assert heard(g.load, text, Unit.KG) == (Load(kind=LoadKind.RPE, rpe=rpe), said)


@pytest.mark.parametrize(
    ("text", "units", "load"),
    [
        ("20kg", Unit.KG, Load(kind=LoadKind.WEIGHT, amount=20)),
        ("20 kg", Unit.KG, Load(kind=LoadKind.WEIGHT, amount=20)),
        ("45 lb", Unit.LB, Load(kind=LoadKind.WEIGHT, amount=45)),
        ("bodyweight", Unit.KG, Load(kind=LoadKind.BODYWEIGHT)),
        ("BW", Unit.KG, Load(kind=LoadKind.BODYWEIGHT)),
        ("BW+10", Unit.KG, Load(kind=LoadKind.BODYWEIGHT, amount=10)),
        ("bw + 10 kg", Unit.KG, Load(kind=LoadKind.BODYWEIGHT, amount=10)),
        ("70%", Unit.KG, Load(kind=LoadKind.PERCENT, percent=70)),
        ("70% 1RM", Unit.KG, Load(kind=LoadKind.PERCENT, percent=70)),
        ("16 kg DB", Unit.KG, Load(kind=LoadKind.WEIGHT, amount=16)),
    ],
)
def test_load_forms(text: str, units: Unit, load: Load) -> None:
    assert heard(g.load, text, units) == (load, [])


@pytest.mark.parametrize("text", ["16 kg DBs", "2 x 16 kg", "2x16kg", "16 kg each hand"])
def test_a_pair_of_dumbbells_is_a_load_per_hand_and_says_so(text: str) -> None:
    load, said = heard(g.load, text, Unit.KG)
    assert load == Load(kind=LoadKind.WEIGHT, amount=16, per_hand=True)
    assert said == [
        f"'{text}' read as a pair of dumbbells, 16 kg in each hand: the load logged is for one hand"
    ]


@pytest.mark.parametrize(
    ("text", "seconds", "said"),
    [
        ("90s", 90, []),
        ("90 s", 90, []),
        ("1:30", 90, []),
        ("2m", 120, []),
        ("2 min", 120, []),
        ("2'", 120, ["2' read as 2:00 (120 s)"]),
        ('90"', 90, ['90" read as 1:30 (90 s)']),
        ("1'30\"", 90, ["1'30\" read as 1:30 (90 s)"]),
    ],
)
def test_rest_forms(text: str, seconds: int, said: list[str]) -> None:
    assert heard(g.duration, text, what="a rest time") == (seconds, said)


@pytest.mark.parametrize(
    ("text", "tempo"), [("3-1-1-0", "3-1-1-0"), (3110, "3110"), ("31x0", "31X0")]
)
def test_tempo_forms(text: object, tempo: str) -> None:
    assert g.tempo(text) == tempo


def test_a_range_of_sets_is_the_lower_number_and_says_so() -> None:
    assert heard(g.set_count, "2-3") == (
        (2, 3),
        ["'2-3' sets read as 2 working sets, and 3 on a good day (in the cue)"],
    )
    assert heard(g.set_count, 3) == ((3, None), [])


@pytest.mark.parametrize("text", ["Mon/Thu", "M Th", "monday, thursday", "mon & thurs"])
def test_day_forms(text: str) -> None:
    assert [g.weekday(w) for w in g.day_words(text)] == [Weekday.MON, Weekday.THU]


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (
            g.prescription,
            "3x",
            "found '3x': 3 sets of what? Write it as 3x8 (sets × reps), "
            "3x30s (a hold) or 3 x 20 contacts",
        ),
        (
            g.count,
            "8/sid",
            "found '8/sid': 'sid' is not a side; did you mean '8/side'? "
            "Per side is written 8/side, 8 per leg, 8 each side or 8 e/s",
        ),
        (
            lambda t: g.load(t, Unit.KG),
            "RIR 12",
            "found 'RIR 12': reps in reserve go from 0 "
            "to 4 (RIR 2 = RPE 8); RIR 0 is a set to failure",
        ),
        (
            lambda t: g.load(t, Unit.KG),
            "@RPE 11",
            "found '@RPE 11', expected an RPE from 6 to 10 in half steps (RPE 8)",
        ),
        (
            lambda t: g.load(t, Unit.KG),
            "@60",
            "found '@60', expected an RPE from 6 to 10 in "
            "half steps (RPE 8); a weight needs its unit (@ 60 kg)",
        ),
        (
            g.duration,
            "2:75",
            "found '2:75': after the colon come seconds, 00 to 59; did you mean 3:15 (195 s)?",
        ),
        (g.weekday, "T", "found 'T': that could be tue or thu: write Tu or Th"),
        (
            g.weekday,
            "thrusday",
            "found 'thrusday', did you mean thu? expected a day of the "
            "week: mon, tue, wed, thu, fri, sat or sun",
        ),
        (g.set_count, "3-2", "found '3-2', expected a range of sets low-high from 1 to 20 (2-3)"),
    ],
)
def test_shorthand_written_wrongly_says_what_was_meant(parse, text: str, message: str) -> None:
    with pytest.raises(PlanValueError) as info:
        parse(text)
    assert str(info.value) == message


def test_warm_ups_in_one_value() -> None:
    ten = Load(kind=LoadKind.WEIGHT, amount=10)
    assert [(w.reps, w.load) for w in g.warmup("2x5 @ 10 kg", Unit.KG)] == [(5, ten), (5, ten)]
    assert [(w.reps, w.load) for w in g.warmup("5 @ 10", Unit.KG)] == [(5, ten)]
    assert [(w.reps, w.load) for w in g.warmup("8 @ bodyweight", Unit.KG)] == [(8, Load())]
    with pytest.raises(PlanValueError, match="expected warm-up sets such as '2x5 @ 10 kg'"):
        g.warmup("2x5-8", Unit.KG)
    with pytest.raises(PlanValueError, match="the number of warm-up sets from 1 to 10"):
        g.warmup("11x5", Unit.KG)
