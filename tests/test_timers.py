"""Rest and hold timers against a fake clock: no sleeping, exact seconds."""

import pytest

from companion.domain.timers import HoldState, HoldTimer, RestTimer, clock_text
from companion.ui.driving import ManualClock as FakeClock


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00"), (0.2, "0:01"), (59.5, "1:00"), (83, "1:23"), (600, "10:00")]
)
def test_clock_text_rounds_a_countdown_up(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


def test_rest_counts_down_then_counts_overtime() -> None:
    clock = FakeClock()
    rest = RestTimer(90, clock)
    assert rest.display() == "1:30" and not rest.finished
    clock.advance(60)
    assert rest.remaining == 30 and rest.display() == "0:30"
    clock.advance(30)
    assert rest.finished and rest.display() == "+0:00"
    clock.advance(12.7)
    assert rest.overtime == pytest.approx(12.7)
    assert rest.display() == "+0:12"


def test_rest_alarm_rings_once_at_zero() -> None:
    clock = FakeClock()
    rest = RestTimer(30, clock)
    clock.advance(29)
    assert not rest.take_alarm()
    clock.advance(1)
    assert rest.take_alarm()
    clock.advance(5)
    assert not rest.take_alarm()


def test_adding_and_taking_fifteen_seconds() -> None:
    clock = FakeClock()
    rest = RestTimer(60, clock)
    rest.add(15)
    assert rest.display() == "1:15"
    rest.add(-15)
    rest.add(-15)
    assert rest.display() == "0:45"
    for _ in range(10):
        rest.add(-15)
    assert rest.target == 0 and rest.finished


def test_adding_time_after_the_alarm_lets_it_ring_again() -> None:
    clock = FakeClock()
    rest = RestTimer(10, clock)
    clock.advance(10)
    assert rest.take_alarm()
    rest.add(15)
    assert not rest.finished and rest.display() == "0:15"
    clock.advance(15)
    assert rest.take_alarm()


def test_skipped_rest_is_finished_and_silent() -> None:
    rest = RestTimer(90, FakeClock())
    rest.skip()
    assert rest.finished and not rest.take_alarm()


def test_negative_rest_is_refused() -> None:
    with pytest.raises(ValueError, match="0 seconds or more"):
        RestTimer(-1, FakeClock())


def test_hold_records_the_seconds_actually_held() -> None:
    clock = FakeClock()
    hold = HoldTimer(30, clock)
    assert hold.state is HoldState.READY and hold.display() == "0:30"
    hold.start()
    clock.advance(18.6)
    assert hold.display() == "0:12" and not hold.take_alarm()
    assert hold.stop() == 18  # stopped early: fewer seconds
    clock.advance(100)
    assert hold.held == 18 and hold.state is HoldState.STOPPED


def test_hold_alarm_at_target_and_longer_holds_count() -> None:
    clock = FakeClock()
    hold = HoldTimer(30, clock)
    hold.start()
    clock.advance(30)
    assert hold.take_alarm() and not hold.take_alarm()
    clock.advance(4)
    assert hold.display() == "+0:04"
    assert hold.stop() == 34


def test_restarting_a_hold_starts_a_fresh_attempt() -> None:
    clock = FakeClock()
    hold = HoldTimer(20, clock)
    hold.start()
    clock.advance(5)
    hold.stop()
    hold.start()
    clock.advance(21)
    assert hold.take_alarm()
    assert hold.stop() == 21
