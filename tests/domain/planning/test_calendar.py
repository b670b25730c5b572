"""The working calendar: working-day offsets to dates and back, over UK bank holidays."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.calendar import WorkingCalendar

date = datetime.date

# England and Wales bank holidays, as GOV.UK publishes them (https://www.gov.uk/bank-holidays).
ENGLAND_AND_WALES = frozenset(
    {
        date(2025, 1, 1),
        date(2025, 4, 18),  # Good Friday
        date(2025, 4, 21),  # Easter Monday
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday instead
    }
)


def test_easter_2025_skips_good_friday_the_weekend_and_easter_monday():
    calendar = WorkingCalendar(date(2025, 4, 14), ENGLAND_AND_WALES)  # Monday of Holy Week
    assert [calendar.day_for(n) for n in range(6)] == [
        date(2025, 4, 14),
        date(2025, 4, 15),
        date(2025, 4, 16),
        date(2025, 4, 17),
        date(2025, 4, 22),
        date(2025, 4, 23),
    ]
    assert calendar.offset_for(date(2025, 4, 22)) == 4


def test_a_five_day_activity_starting_monday_of_holy_week_ends_the_tuesday_after_easter():
    calendar = WorkingCalendar(date(2025, 4, 14), ENGLAND_AND_WALES)
    assert calendar.dates_for(start=0, duration=5) == (date(2025, 4, 14), date(2025, 4, 22))
    # Its early finish, 5, is the first day a successor may start: Wednesday.
    assert calendar.finish_day_for(5) == date(2025, 4, 22)
    assert calendar.day_for(5) == date(2025, 4, 23)


def test_christmas_week_2025_runs_into_the_new_year_holiday():
    calendar = WorkingCalendar(date(2025, 12, 22), ENGLAND_AND_WALES)
    working = [calendar.day_for(n) for n in range(7)]
    assert working == [
        date(2025, 12, 22),
        date(2025, 12, 23),
        date(2025, 12, 24),
        date(2025, 12, 29),
        date(2025, 12, 30),
        date(2025, 12, 31),
        date(2026, 1, 2),
    ]


def test_a_day_off_has_the_offset_of_the_next_working_day():
    calendar = WorkingCalendar(date(2025, 4, 14), ENGLAND_AND_WALES)
    for day in (date(2025, 4, 18), date(2025, 4, 19), date(2025, 4, 20), date(2025, 4, 21)):
        assert calendar.offset_for(day) == 4


def test_a_start_on_a_bank_holiday_begins_work_on_the_next_working_day():
    calendar = WorkingCalendar(date(2025, 12, 25), ENGLAND_AND_WALES)
    assert calendar.day_for(0) == date(2025, 12, 29)
    assert calendar.offset_for(date(2025, 12, 25)) == 0


def test_negative_offsets_count_back_before_the_start():
    calendar = WorkingCalendar(date(2025, 4, 22), ENGLAND_AND_WALES)
    assert calendar.day_for(-1) == date(2025, 4, 17)
    assert calendar.offset_for(date(2025, 4, 17)) == -1


def test_a_milestone_starts_and_finishes_on_its_day():
    calendar = WorkingCalendar(date(2025, 4, 14), ENGLAND_AND_WALES)
    assert calendar.dates_for(start=4, duration=0) == (date(2025, 4, 22), date(2025, 4, 22))


def test_a_year_of_working_days_in_england_and_wales_2025():
    """2025 has 261 weekdays and 8 bank holidays on weekdays: 253 working days."""
    calendar = WorkingCalendar(date(2025, 1, 1), ENGLAND_AND_WALES)
    assert calendar.offset_for(date(2026, 1, 1)) == 253


def test_a_calendar_with_a_friday_and_saturday_weekend():
    calendar = WorkingCalendar(date(2025, 4, 10), weekend={4, 5})  # a Thursday
    assert calendar.day_for(1) == date(2025, 4, 13)  # Sunday


def test_a_weekend_that_leaves_no_working_day_is_refused():
    with pytest.raises(Invalid):
        WorkingCalendar(date(2025, 1, 1), weekend=range(7))
    with pytest.raises(Invalid):
        WorkingCalendar(date(2025, 1, 1)).dates_for(0, -1)


def walk(calendar: WorkingCalendar, offset: int) -> datetime.date:
    """Day by day, the slow and obvious way."""
    day = calendar.start
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    step = datetime.timedelta(days=1 if offset >= 0 else -1)
    for _ in range(abs(offset)):
        day += step
        while not calendar.is_working_day(day):
            day += step
    return day


calendars = st.builds(
    WorkingCalendar,
    st.dates(date(2024, 6, 1), date(2027, 6, 1)),
    st.sets(st.dates(date(2024, 1, 1), date(2028, 12, 31)), max_size=40)
    | st.just(ENGLAND_AND_WALES),
    st.sets(st.integers(0, 6), max_size=6),
)


@settings(max_examples=300)
@given(calendars, st.integers(-300, 300))
def test_day_for_agrees_with_walking_the_calendar_and_offset_for_undoes_it(calendar, offset):
    day = calendar.day_for(offset)
    assert day == walk(calendar, offset)
    assert calendar.is_working_day(day)
    assert calendar.offset_for(day) == offset


@given(calendars, st.dates(date(2023, 1, 1), date(2029, 1, 1)))
def test_offset_for_never_falls_as_the_date_rises(calendar, day):
    later = day + datetime.timedelta(days=1)
    assert calendar.offset_for(day) <= calendar.offset_for(later) <= calendar.offset_for(day) + 1
