"""Delivery confidence: the two scales, severity and trend across them, the programme
roll-up, and gate reviews with their recommendations tracked to closure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.assurance import (
    ALL_RATINGS,
    FIVE_POINT_RATINGS,
    THREE_POINT_RATINGS,
    Assessment,
    Gate,
    GateReview,
    Level,
    Rating,
    RatingSource,
    Recommendation,
    RecommendationStatus,
    Scale,
    Trend,
    most_severe,
    parse_rating,
    roll_up_confidence,
    summarise_recommendations,
    trend,
)

date = datetime.date
SRO = RatingSource.SENIOR_RESPONSIBLE_OWNER
INDEPENDENT = RatingSource.INDEPENDENT_ASSURANCE

GREEN = Rating(Scale.FIVE_POINT, Level.GREEN)
AMBER_GREEN = Rating(Scale.FIVE_POINT, Level.AMBER_GREEN)
AMBER = Rating(Scale.FIVE_POINT, Level.AMBER)
AMBER_RED = Rating(Scale.FIVE_POINT, Level.AMBER_RED)
RED = Rating(Scale.FIVE_POINT, Level.RED)
RAG_GREEN = Rating(Scale.THREE_POINT, Level.GREEN)
RAG_AMBER = Rating(Scale.THREE_POINT, Level.AMBER)
RAG_RED = Rating(Scale.THREE_POINT, Level.RED)


def test_the_five_point_scale_runs_green_to_red_with_a_definition_for_each():
    assert [r.label for r in FIVE_POINT_RATINGS] == [
        "Green",
        "Amber/green",
        "Amber",
        "Amber/red",
        "Red",
    ]
    assert [r.severity for r in FIVE_POINT_RATINGS] == [0, 1, 2, 3, 4]
    assert "highly likely" in GREEN.definition
    assert "unachievable" in RED.definition


def test_the_three_point_scale_has_its_own_definitions():
    assert [r.label for r in THREE_POINT_RATINGS] == ["Green", "Amber", "Red"]
    assert [r.severity for r in THREE_POINT_RATINGS] == [0, 2, 4]
    # A three-point amber covers amber/green to amber/red, so it is not the five-point text.
    assert RAG_AMBER.definition != AMBER.definition
    definitions = [r.definition for r in ALL_RATINGS]
    assert len(set(definitions)) == len(ALL_RATINGS) == 8
    assert all(len(text) > 60 for text in definitions)


def test_a_rating_not_on_its_scale_is_refused_listing_the_scales_ratings():
    with pytest.raises(Invalid, match=r"not a rating on the three-point .* Green, Amber, Red"):
        Rating(Scale.THREE_POINT, Level.AMBER_GREEN)
    with pytest.raises(Invalid, match="not a delivery confidence scale"):
        Rating("seven_point", Level.RED)  # type: ignore[arg-type]  # a bad value, on purpose
    assert Rating("five_point", "amber_red") == AMBER_RED  # type: ignore[arg-type]  # strings


@pytest.mark.parametrize("text", ["Amber/Green", "amber-green", "AMBER_GREEN", "A/G", "ag"])
def test_ratings_are_read_in_the_ways_people_write_them(text):
    assert parse_rating(text, Scale.FIVE_POINT) == AMBER_GREEN


def test_reading_a_rating_refuses_text_that_is_no_rating_and_levels_off_the_scale():
    with pytest.raises(Invalid, match="“purple” is not a delivery confidence rating"):
        parse_rating("purple", Scale.FIVE_POINT)
    with pytest.raises(Invalid, match="three-point"):
        parse_rating("A/R", Scale.THREE_POINT)
    assert parse_rating("R", Scale.THREE_POINT) == RAG_RED


def test_ratings_on_both_scales_share_one_severity_order():
    assert most_severe([RAG_AMBER, AMBER_RED, GREEN]) == AMBER_RED
    assert most_severe([AMBER_GREEN, RAG_AMBER]) == RAG_AMBER
    assert most_severe([RAG_RED, RED]) == RAG_RED  # equally severe: the first given
    assert most_severe([]) is None
    assert sorted([RAG_RED, GREEN, RAG_AMBER, AMBER_GREEN], key=lambda r: r.severity) == [
        GREEN,
        AMBER_GREEN,
        RAG_AMBER,
        RAG_RED,
    ]


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, AMBER, Trend.NEW),
        (AMBER, AMBER, Trend.STABLE),
        (AMBER, AMBER_GREEN, Trend.IMPROVING),
        (AMBER_GREEN, AMBER, Trend.DECLINING),
        (RED, GREEN, Trend.IMPROVING),
        (RAG_GREEN, RAG_AMBER, Trend.DECLINING),
        (RAG_RED, RAG_AMBER, Trend.IMPROVING),
    ],
)
def test_trend_on_one_scale_follows_severity(previous, current, expected):
    assert trend(previous, current) is expected


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        # Re-rated on the three-point scale, with no amber/green or amber/red: not a change.
        (AMBER_GREEN, RAG_AMBER, Trend.STABLE),
        (AMBER_RED, RAG_AMBER, Trend.STABLE),
        (RAG_AMBER, AMBER_GREEN, Trend.STABLE),
        (RED, RAG_RED, Trend.STABLE),
        (GREEN, RAG_AMBER, Trend.DECLINING),
        (AMBER_RED, RAG_RED, Trend.DECLINING),
        (AMBER_RED, RAG_GREEN, Trend.IMPROVING),
        (RAG_AMBER, GREEN, Trend.IMPROVING),
        (RAG_RED, AMBER_RED, Trend.IMPROVING),
    ],
)
def test_trend_across_a_change_of_scale_is_judged_on_the_three_point_bands(
    previous, current, expected
):
    assert trend(previous, current) is expected


def programme() -> list[Assessment]:
    """Four projects' monthly ratings; the roll-up is taken on 30 June 2025."""
    return [
        Assessment("Online revenues and benefits", AMBER, date(2025, 5, 28)),
        Assessment("Online revenues and benefits", AMBER_GREEN, date(2025, 6, 25)),
        Assessment("Data centre exit", AMBER, date(2025, 4, 29)),
        Assessment("Data centre exit", AMBER_GREEN, date(2025, 5, 30)),
        Assessment("Data centre exit", AMBER_RED, date(2025, 6, 27)),
        # No report in June: its April rating still stands, unchanged since May.
        Assessment("Social care case management replacement", RED, date(2025, 4, 30)),
        Assessment("Digital skills for all staff", GREEN, date(2025, 6, 10)),
        # After the date of the roll-up: ignored.
        Assessment("Digital skills for all staff", RED, date(2025, 7, 1)),
    ]


def test_the_programme_roll_up_counts_ratings_and_trends_since_last_month():
    roll_up = roll_up_confidence(programme(), on=date(2025, 6, 30))
    assert [(p.project, p.latest.rating.label, p.trend) for p in roll_up.projects] == [
        ("Social care case management replacement", "Red", Trend.STABLE),
        ("Data centre exit", "Amber/red", Trend.DECLINING),
        ("Online revenues and benefits", "Amber/green", Trend.IMPROVING),
        ("Digital skills for all staff", "Green", Trend.NEW),
    ]
    assert roll_up.counts == {
        GREEN: 1,
        AMBER_GREEN: 1,
        AMBER: 0,
        AMBER_RED: 1,
        RED: 1,
        RAG_GREEN: 0,
        RAG_AMBER: 0,
        RAG_RED: 0,
    }
    assert list(roll_up.counts) == list(ALL_RATINGS)
    assert roll_up.most_severe == RED
    assert (roll_up.improved, roll_up.stable, roll_up.declined, roll_up.new) == (1, 1, 1, 1)
    data_centre = roll_up.projects[1]
    assert data_centre.previous is not None
    assert data_centre.previous.assessed_on == date(2025, 5, 30)


def test_the_roll_up_as_it_stood_on_a_past_date_ignores_later_ratings():
    roll_up = roll_up_confidence(programme(), on=date(2025, 5, 31))
    assert {p.project: p.trend for p in roll_up.projects} == {
        "Social care case management replacement": Trend.STABLE,  # red since 30 April
        "Data centre exit": Trend.IMPROVING,  # amber in April, amber/green in May
        "Online revenues and benefits": Trend.NEW,  # first rated in May
    }
    assert roll_up.most_severe == RED


def test_a_project_re_rated_on_the_three_point_scale_is_stable_in_the_roll_up():
    assessments = [
        Assessment("Data centre exit", AMBER_GREEN, date(2025, 12, 31)),
        Assessment("Data centre exit", RAG_AMBER, date(2026, 1, 28)),
    ]
    roll_up = roll_up_confidence(assessments, on=date(2026, 1, 31))  # across the year end
    assert roll_up.projects[0].trend is Trend.STABLE
    assert roll_up.counts[RAG_AMBER] == 1
    assert roll_up.counts[AMBER_GREEN] == 0


def test_the_independent_review_counts_over_the_owners_rating_on_the_same_day():
    assessments = [
        Assessment("Data centre exit", AMBER, date(2025, 6, 20), SRO),
        Assessment("Data centre exit", AMBER_RED, date(2025, 6, 20), INDEPENDENT),
    ]
    assert roll_up_confidence(assessments, date(2025, 6, 30)).most_severe == AMBER_RED
    own = roll_up_confidence(assessments, date(2025, 6, 30), source=SRO)
    assert own.most_severe == AMBER
    assert own.projects[0].latest.source is SRO


def test_two_ratings_from_one_source_on_one_day_are_refused_naming_project_and_day():
    assessments = [
        Assessment("Data centre exit", AMBER, date(2025, 6, 20)),
        Assessment("Data centre exit", RED, date(2025, 6, 20)),
    ]
    with pytest.raises(Invalid, match=r"Data centre exit has two .* on 20 June 2025"):
        roll_up_confidence(assessments, date(2025, 6, 30))


def test_an_empty_programme_rolls_up_to_nothing():
    roll_up = roll_up_confidence([], date(2025, 6, 30))
    assert roll_up.projects == ()
    assert roll_up.most_severe is None
    assert sum(roll_up.counts.values()) == 0


def test_an_assessment_needs_a_project_and_a_known_source():
    with pytest.raises(Invalid, match="must name its project"):
        Assessment(" ", GREEN, date(2025, 6, 1))
    with pytest.raises(Invalid, match="not a source"):
        Assessment("Data centre exit", GREEN, date(2025, 6, 1), "auditor")  # type: ignore[arg-type]  # a bad value, on purpose


def test_the_six_gates_have_their_names():
    assert [(gate.value, gate.title) for gate in Gate] == [
        (0, "Strategic assessment"),
        (1, "Business justification"),
        (2, "Delivery strategy"),
        (3, "Investment decision"),
        (4, "Readiness for service"),
        (5, "Operations review and benefits realisation"),
    ]
    assert Gate(4).label == "Gate 4: readiness for service"


def recommendations() -> tuple[Recommendation, ...]:
    return (
        Recommendation(
            "R1",
            "Appoint a full-time programme director",
            due=date(2025, 7, 31),
            closed_on=date(2025, 7, 15),
        ),
        Recommendation("R2", "Re-plan the migration waves", due=date(2025, 8, 31)),
        Recommendation(
            "R3",
            "Agree the exit plan with the hosting supplier",
            due=date(2025, 9, 30),
            closed_on=date(2025, 10, 6),
        ),
        Recommendation("R4", "Publish the benefits realisation plan"),
    )


def test_a_recommendation_is_overdue_from_the_day_after_it_is_due_while_open():
    r2 = recommendations()[1]
    assert not r2.is_overdue(date(2025, 8, 31))
    assert r2.is_overdue(date(2025, 9, 1))
    r3 = recommendations()[2]
    assert r3.status(date(2025, 10, 5)) is RecommendationStatus.OPEN
    assert r3.is_overdue(date(2025, 10, 5))
    assert r3.status(date(2025, 10, 6)) is RecommendationStatus.CLOSED
    assert not r3.is_overdue(date(2025, 10, 6))
    assert not recommendations()[3].is_overdue(date(2030, 1, 1))  # no due date


def test_recommendations_are_summarised_as_they_stood_on_a_date():
    on_first_of_october = summarise_recommendations(recommendations(), date(2025, 10, 1))
    assert (on_first_of_october.total, on_first_of_october.open) == (4, 3)
    assert (on_first_of_october.closed, on_first_of_october.overdue) == (1, 2)  # R2 and R3
    assert on_first_of_october.share_closed == Decimal("0.25")
    later = summarise_recommendations(recommendations(), date(2025, 10, 6))
    assert later.share_closed == Decimal("0.5")
    assert later.overdue == 1
    thirds = summarise_recommendations(recommendations()[:3], date(2025, 10, 6))
    assert thirds.share_closed == Decimal(2) / Decimal(3)
    assert summarise_recommendations([], date(2025, 10, 6)).share_closed is None


def test_a_gate_review_records_its_outcome_as_an_independent_rating():
    review = GateReview(
        "Data centre exit", Gate.INVESTMENT_DECISION, date(2025, 6, 20), RAG_AMBER,
        recommendations(),
    )  # fmt: skip
    assert review.assessment == Assessment(
        "Data centre exit", RAG_AMBER, date(2025, 6, 20), INDEPENDENT
    )
    assert review.summary(date(2025, 10, 1)).overdue == 2
    assert GateReview("Data centre exit", 0, date(2025, 1, 6), GREEN).gate is Gate(0)  # type: ignore[arg-type]  # a plain number


def test_a_gate_review_refuses_a_gate_out_of_range_and_inconsistent_recommendations():
    with pytest.raises(Invalid, match="from 0 to 5; 6"):
        GateReview("Data centre exit", 6, date(2025, 6, 20), RAG_AMBER)  # type: ignore[arg-type]  # a bad value, on purpose
    twice = (Recommendation("R1", "One"), Recommendation("R1", "Two"))
    named = r"Data centre exit, gate 3 \(investment decision\) review: recommendation R1 is listed"
    with pytest.raises(Invalid, match=named):
        GateReview("Data centre exit", Gate(3), date(2025, 6, 20), RAG_AMBER, twice)
    early = (Recommendation("R1", "One", due=date(2025, 6, 19)),)
    with pytest.raises(Invalid, match="R1 is due 19 June 2025, before the review was held"):
        GateReview("Data centre exit", Gate(3), date(2025, 6, 20), RAG_AMBER, early)
    closed_early = (Recommendation("R1", "One", closed_on=date(2025, 6, 1)),)
    with pytest.raises(Invalid, match="closed 1 June 2025, before the review"):
        GateReview("Data centre exit", Gate(3), date(2025, 6, 20), RAG_AMBER, closed_early)


ratings = st.sampled_from(ALL_RATINGS)


@given(ratings, ratings)
def test_trend_reverses_when_the_ratings_swap(first, second):
    forwards, backwards = trend(first, second), trend(second, first)
    assert (forwards is Trend.IMPROVING) == (backwards is Trend.DECLINING)
    assert (forwards is Trend.STABLE) == (backwards is Trend.STABLE)


@given(st.lists(ratings))
def test_the_most_severe_rating_is_at_least_as_severe_as_every_other(listed):
    worst = most_severe(listed)
    assert worst is None or all(worst.severity >= r.severity for r in listed)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            ratings,
            st.dates(date(2025, 1, 1), date(2025, 8, 31)),
        ),
        unique_by=lambda row: (row[0], row[2]),
    )
)
def test_the_roll_up_counts_each_rated_project_once(rows):
    roll_up = roll_up_confidence(
        [Assessment(project, rating, day) for project, rating, day in rows], date(2025, 6, 30)
    )
    rated = {project for project, _, day in rows if day <= date(2025, 6, 30)}
    assert sum(roll_up.counts.values()) == len(roll_up.projects) == len(rated)
    assert roll_up.improved + roll_up.stable + roll_up.declined + roll_up.new == len(rated)
