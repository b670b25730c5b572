"""Review cadence: how often a risk is reviewed, from its current score."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.risk import (
    DEFAULT_CADENCE,
    ReviewCadence,
    is_review_overdue,
    next_review_due,
    review_interval,
)

REVIEWED = datetime.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("score", "days"),
    [(25, 30), (15, 30), (14, 90), (7, 90), (6, 180), (1, 180)],
)
def test_default_cadence_follows_the_current_score_at_its_edges(score, days):
    assert review_interval(score) == days
    assert review_interval(score, DEFAULT_CADENCE) == days


def test_the_next_review_falls_due_the_interval_after_the_last():
    assert next_review_due(REVIEWED, 16) == datetime.date(2025, 1, 31)
    assert next_review_due(REVIEWED, 8) == datetime.date(2025, 4, 1)
    assert next_review_due(REVIEWED, 4) == datetime.date(2025, 6, 30)
    assert next_review_due(None, 16) is None


def test_a_review_due_on_the_day_is_not_yet_overdue():
    due = datetime.date(2025, 1, 31)
    assert not is_review_overdue(REVIEWED, 16, due)
    assert is_review_overdue(REVIEWED, 16, due + datetime.timedelta(days=1))


def test_a_risk_never_reviewed_is_overdue():
    assert is_review_overdue(None, 1, REVIEWED)


def test_an_organisation_sets_its_own_tiers_and_intervals():
    monthly_for_high = ReviewCadence(high_from=12, high_days=28, medium_from=5, medium_days=60)
    assert review_interval(12, monthly_for_high) == 28
    assert review_interval(11, monthly_for_high) == 60
    assert review_interval(4, monthly_for_high) == 180


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"high_days": 0}, "1 or more for high_days"),
        ({"medium_from": 1}, "medium tier must start above 1"),
        ({"medium_from": 15}, "below the high tier"),
        ({"high_days": 100}, "at least as often"),
        ({"low_days": 60}, "at least as often"),
    ],
)
def test_a_broken_cadence_is_refused(settings, says):
    with pytest.raises(Invalid, match=says):
        ReviewCadence(**settings)


@pytest.mark.parametrize("score", [0, -3])
def test_a_score_below_one_has_no_interval(score):
    with pytest.raises(Invalid):
        review_interval(score)


@given(st.integers(1, 99), st.integers(1, 99))
def test_a_higher_score_is_never_reviewed_less_often(lower, higher):
    lower, higher = sorted((lower, higher))
    assert review_interval(higher) <= review_interval(lower)
