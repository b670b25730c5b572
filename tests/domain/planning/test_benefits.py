"""Benefits: the planned profile, realised to date, realised versus planned, risk from slipped
milestones, and the roll-up to project and programme, on worked examples."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.benefits import (
    Actual,
    Benefit,
    BenefitCount,
    BenefitType,
    ProfileStep,
    benefit_progress,
    benefits_at_risk,
    combine_roll_ups,
    roll_up_benefits,
    roll_up_by_project,
)

date = datetime.date
CASHABLE = BenefitType.CASHABLE
NON_CASHABLE = BenefitType.NON_CASHABLE
SOCIETAL = BenefitType.SOCIETAL
POUND = 100  # pence


def postage() -> Benefit:
    """£120,000 a year of postage saved, planned evenly over 2025-26 (365 days)."""
    return Benefit(
        "B1",
        "Online revenues and benefits",
        CASHABLE,
        "Postage saved a year (pence)",
        baseline=0,
        target=120_000 * POUND,
        start=date(2025, 4, 1),
        target_date=date(2026, 4, 1),
        owner="Head of revenues",
        milestones=("M3",),
        actuals=(
            Actual(date(2025, 10, 1), 50_000 * POUND),  # given out of order on purpose
            Actual(date(2025, 7, 15), 20_000 * POUND),
        ),
    )


def calls() -> Benefit:
    """Calls to the contact centre a month, down from 10,000 to 6,000 over 100 days."""
    return Benefit(
        "B2",
        "Online revenues and benefits",
        NON_CASHABLE,
        "Calls a month",
        baseline=10_000,
        target=6_000,
        start=date(2025, 4, 1),
        target_date=date(2025, 7, 10),
        actuals=(Actual(date(2025, 5, 15), 8_500), Actual(date(2025, 8, 1), 5_900)),
    )


def printing() -> Benefit:
    """Printing cost a year, down from £500,000 to £300,000 over 2025-26: a falling money
    measure."""
    return Benefit(
        "B3",
        "Digital skills for all staff",
        CASHABLE,
        "Printing cost a year (pence)",
        baseline=500_000 * POUND,
        target=300_000 * POUND,
        start=date(2025, 4, 1),
        target_date=date(2026, 4, 1),
        actuals=(Actual(date(2025, 9, 1), 420_000 * POUND),),
    )


def online_forms() -> Benefit:
    """Residents applying online, 20% to 60%, in steps as each service goes live."""
    return Benefit(
        "B4",
        "Digital skills for all staff",
        SOCIETAL,
        "Applications made online (%)",
        baseline=20,
        target=60,
        start=date(2025, 4, 1),
        target_date=date(2026, 3, 31),
        milestones=("M7", "M8"),
        profile=(
            ProfileStep(date(2025, 7, 1), 30),
            ProfileStep(date(2025, 10, 1), 45),
            ProfileStep(date(2026, 1, 1), 60),
        ),
    )


def test_the_linear_profile_runs_from_baseline_at_the_start_to_target_at_the_target_date():
    saving = postage()
    assert saving.planned(date(2025, 3, 31)) == 0  # before its start
    assert saving.planned(date(2025, 4, 1)) == 0
    # 91 of 365 days: 12,000,000 x 91 / 365 = 2,991,780.82, to the penny.
    assert saving.planned(date(2025, 7, 1)) == 2_991_781
    # 183 of 365 days: 6,016,438.36.
    assert saving.planned(date(2025, 10, 1)) == 6_016_438
    assert saving.planned(date(2026, 4, 1)) == 12_000_000
    assert saving.planned(date(2027, 1, 1)) == 12_000_000  # after its target date
    assert saving.planned_level(date(2025, 10, 1)) == 6_016_438


def test_a_planned_amount_of_money_rounds_to_the_penny_half_to_even():
    def over_two_days(target: int) -> Benefit:
        return Benefit("B", "P", CASHABLE, "pence", 0, target, date(2025, 1, 1), date(2025, 1, 3))

    assert over_two_days(3).planned(date(2025, 1, 2)) == 2  # 1.5
    assert over_two_days(5).planned(date(2025, 1, 2)) == 2  # 2.5


def test_realised_is_the_latest_actual_at_or_before_the_date_less_the_baseline():
    saving = postage()
    assert saving.realised(date(2025, 7, 14)) is None  # nothing measured yet
    assert saving.realised(date(2025, 7, 15)) == 2_000_000
    assert saving.realised(date(2025, 9, 30)) == 2_000_000
    assert saving.realised(date(2025, 10, 1)) == 5_000_000
    assert saving.latest_actual(date(2026, 1, 1)) == Actual(date(2025, 10, 1), 5_000_000)


def test_realised_versus_planned_is_none_until_something_is_planned_and_measured():
    saving = postage()
    assert saving.realised_share(date(2025, 3, 1)) is None  # before its start
    assert saving.realised_share(date(2025, 4, 1)) is None  # on its start: nothing planned
    assert saving.realised_share(date(2025, 7, 1)) is None  # planned, not yet measured
    assert saving.realised_share(date(2025, 10, 1)) == Decimal(5_000_000) / Decimal(6_016_438)
    assert saving.realised_share(date(2026, 6, 1)) == Decimal("0.4166666666666666666666666667")


def test_a_falling_measure_counts_improvement_towards_its_target():
    fewer_calls = calls()
    assert fewer_calls.target_improvement == 4_000
    # 50 of 100 days: 2,000 fewer calls planned, a planned level of 8,000.
    assert fewer_calls.planned(date(2025, 5, 21)) == 2_000
    assert fewer_calls.planned_level(date(2025, 5, 21)) == 8_000
    assert fewer_calls.realised(date(2025, 5, 21)) == 1_500  # 10,000 down to 8,500
    assert fewer_calls.realised_share(date(2025, 5, 21)) == Decimal("0.75")
    assert fewer_calls.planned(date(2025, 7, 10)) == 4_000
    assert fewer_calls.realised(date(2025, 8, 1)) == 4_100
    progress = benefit_progress(fewer_calls, date(2025, 8, 1))
    assert progress.achieved
    assert progress.share == Decimal("1.025")


def test_a_measure_moving_away_from_its_target_is_realised_negatively():
    worse = Benefit(
        "B2", "P", NON_CASHABLE, "Calls a month", 10_000, 6_000, date(2025, 4, 1),
        date(2025, 7, 10), actuals=(Actual(date(2025, 5, 21), 10_400),),
    )  # fmt: skip
    assert worse.realised(date(2025, 5, 21)) == -400
    assert worse.realised_share(date(2025, 5, 21)) == Decimal("-0.2")


def test_a_non_cash_measure_is_worked_in_decimals():
    satisfaction = Benefit(
        "B5", "P", SOCIETAL, "Satisfaction (%)", Decimal("72.5"), Decimal("80.0"),
        date(2025, 4, 1), date(2025, 4, 4),
    )  # fmt: skip
    assert satisfaction.planned(date(2025, 4, 2)) == Decimal("2.5")
    assert satisfaction.planned_level(date(2025, 4, 2)) == Decimal("75.0")
    thirds = Benefit("B6", "P", NON_CASHABLE, "Hours", 0, 1, date(2025, 4, 1), date(2025, 4, 4))
    assert thirds.planned(date(2025, 4, 2)) == Decimal("0.3333333333333333333333333333")


def test_a_stepped_profile_holds_each_step_until_the_next():
    online = online_forms()
    assert online.planned(date(2025, 6, 30)) == 0
    assert online.planned(date(2025, 7, 1)) == 10
    assert online.planned(date(2025, 12, 31)) == 25
    assert online.planned(date(2026, 1, 1)) == 40
    assert online.planned_level(date(2026, 1, 1)) == 60
    assert online.planned(date(2026, 6, 1)) == 40  # after its target date
    assert online.realised(date(2026, 6, 1)) is None  # no actuals
    assert online.realised_share(date(2026, 6, 1)) is None


def test_a_benefit_is_at_risk_when_a_milestone_it_depends_on_has_slipped():
    slipped = {"M7", "M9"}
    assert online_forms().slipped_milestones(slipped) == ("M7",)
    assert online_forms().at_risk(slipped)
    assert not postage().at_risk(slipped)
    assert not online_forms().at_risk(set())
    assert [b.id for b in benefits_at_risk([postage(), calls(), online_forms()], slipped)] == ["B4"]
    assert benefit_progress(online_forms(), date(2025, 10, 1), slipped).at_risk


def test_the_roll_up_adds_money_only_for_cashable_benefits_and_counts_every_benefit():
    register = [postage(), calls(), printing(), online_forms()]
    programme = roll_up_benefits(register, date(2025, 10, 1), slipped_milestones={"M7"})
    # Printing: 20,000,000 x 183 / 365 = 10,027,397.26 planned; 8,000,000 realised.
    assert programme.cashable_target == 12_000_000 + 20_000_000
    assert programme.cashable_planned == 6_016_438 + 10_027_397
    assert programme.cashable_realised == 5_000_000 + 8_000_000
    assert programme.cashable_share == Decimal(13_000_000) / Decimal(16_043_835)
    assert programme.counts == {
        CASHABLE: BenefitCount(total=2, achieved=0, at_risk=0, not_measured=0),
        NON_CASHABLE: BenefitCount(total=1, achieved=1, at_risk=0, not_measured=0),
        SOCIETAL: BenefitCount(total=1, achieved=0, at_risk=1, not_measured=1),
    }
    assert (programme.total, programme.at_risk) == (4, 1)


def test_the_roll_up_per_project_adds_up_to_the_programme():
    register = [postage(), calls(), printing(), online_forms()]
    on = date(2025, 10, 1)
    by_project = roll_up_by_project(register, on, {"M7"})
    assert list(by_project) == ["Digital skills for all staff", "Online revenues and benefits"]
    online = by_project["Online revenues and benefits"]
    assert (online.cashable_target, online.cashable_realised) == (12_000_000, 5_000_000)
    assert online.counts[NON_CASHABLE].total == 1
    assert combine_roll_ups(by_project.values(), on) == roll_up_benefits(register, on, {"M7"})
    with pytest.raises(Invalid, match="as at 1 October 2025; one is as at 2 October 2025"):
        combine_roll_ups([roll_up_benefits(register, date(2025, 10, 2))], on)


def test_a_roll_up_before_anything_is_planned_has_no_share():
    nothing_yet = roll_up_benefits([postage(), printing()], date(2025, 3, 1))
    assert nothing_yet.cashable_planned == nothing_yet.cashable_realised == 0
    assert nothing_yet.cashable_share is None
    assert nothing_yet.counts[CASHABLE].not_measured == 2
    assert roll_up_benefits([], date(2025, 3, 1)).total == 0


def test_two_benefits_with_one_id_are_refused():
    with pytest.raises(Invalid, match="Benefit B1 is listed twice"):
        roll_up_benefits([postage(), postage()], date(2025, 10, 1))


def make(**changes: object) -> Benefit:
    fields: dict[str, object] = {
        "id": "B9",
        "project": "P",
        "type": CASHABLE,
        "measure": "pence",
        "baseline": 0,
        "target": 1_000,
        "start": date(2025, 4, 1),
        "target_date": date(2026, 4, 1),
    }
    fields.update(changes)
    return Benefit(**fields)  # type: ignore[arg-type]  # checked by Benefit itself


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": 0}, "Benefit B9: its target equals its baseline"),
        ({"target_date": date(2025, 4, 1)}, "target date, 1 April 2025, must be after its start"),
        ({"target": 10.5}, "the target must be a whole number of pence; 10.5"),
        ({"target": Decimal("10.5")}, "the target is money, so must be a whole number of pence"),
        ({"type": NON_CASHABLE, "baseline": 0.1}, "the baseline must be a whole number or a Dec"),
        ({"baseline": True}, "the baseline must be a whole number of pence"),
        ({"type": "windfall"}, "“windfall” is not a benefit type"),
        (
            {"actuals": (Actual(date(2025, 5, 1), 1), Actual(date(2025, 5, 1), 2))},
            "two actuals on 1 May 2025",
        ),
        ({"profile": (ProfileStep(date(2025, 6, 1), 500),)}, "ends at 500, not at its target"),
        (
            {"profile": (ProfileStep(date(2025, 3, 1), 1_000),)},
            "step on 1 March 2025 is outside its start and target date",
        ),
        (
            {"profile": (ProfileStep(date(2025, 6, 1), 5), ProfileStep(date(2025, 6, 1), 1_000))},
            "two profile steps on 1 June 2025",
        ),
    ],
)
def test_a_benefit_that_breaks_a_rule_is_refused_naming_it(changes, message):
    with pytest.raises(Invalid, match=message):
        make(**changes)


def test_non_cash_values_may_be_decimals_and_milestones_are_kept_once_in_order():
    benefit = make(type=NON_CASHABLE, target=Decimal("0.5"), milestones=["M2", "M1", "M2"])
    assert benefit.milestones == ("M2", "M1")
    assert make(milestones="M4").milestones == ("M4",)


days = st.integers(0, 800)


@st.composite
def benefits(draw: st.DrawFn) -> list[Benefit]:
    count = draw(st.integers(0, 8))
    listed = []
    for number in range(count):
        start = date(2025, 1, 1) + datetime.timedelta(days=draw(days))
        span = draw(st.integers(1, 500))
        baseline = draw(st.integers(0, 10**7))
        target = draw(st.integers(0, 10**7).filter(lambda value, b=baseline: value != b))
        actuals = [
            Actual(date(2025, 1, 1) + datetime.timedelta(days=day), draw(st.integers(0, 10**7)))
            for day in draw(st.sets(days, max_size=3))
        ]
        listed.append(
            Benefit(
                f"B{number}",
                draw(st.sampled_from(["P1", "P2", "P3"])),
                draw(st.sampled_from(list(BenefitType))),
                "measure",
                baseline,
                target,
                start,
                start + datetime.timedelta(days=span),
                milestones=tuple(draw(st.sets(st.sampled_from(["M1", "M2", "M3"])))),
                actuals=tuple(actuals),
            )
        )
    return listed


@given(benefits(), st.dates(date(2024, 6, 1), date(2028, 1, 1)), st.sets(st.just("M2")))
def test_rolling_up_projects_then_the_programme_equals_rolling_up_all_at_once(
    register, on, slipped
):
    by_project = roll_up_by_project(register, on, slipped)
    assert combine_roll_ups(by_project.values(), on) == roll_up_benefits(register, on, slipped)


@given(benefits(), st.dates(date(2024, 6, 1), date(2028, 1, 1)), st.integers(0, 400))
def test_the_planned_improvement_never_falls_and_stays_between_none_and_all(register, on, later):
    for benefit in register:
        before, after = benefit.planned(on), benefit.planned(on + datetime.timedelta(later))
        assert 0 <= before <= after <= benefit.target_improvement
