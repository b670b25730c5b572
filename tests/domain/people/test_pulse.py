"""The culture pulse kernel: means, favourable shares, the anonymity minimum at its boundary,
and trends with their threshold."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.people.pulse import (
    DOWN,
    MINIMUM_RESPONDENTS,
    NEW,
    STEADY,
    UP,
    PulseResponse,
    direction,
    report_pulse,
    trend_pulses,
)
from govdx.domain.people.pulse_file import read_pulse_survey
from govdx.domain.tabular import ImportProblems

QUESTIONS = ("I feel informed about the changes", "I have the tools I need")


def answers(group: str, scores: list[tuple[int, int]], comment: str = "") -> list[PulseResponse]:
    return [
        PulseResponse(f"{group}-{index}", group, pair, comment if index == 0 else "")
        for index, pair in enumerate(scores)
    ]


def test_a_group_gets_the_mean_and_the_share_scoring_four_or_five() -> None:
    responses = answers("Finance", [(5, 1), (4, 2), (3, 3), (2, 4), (1, 5)], "Too fast")
    group = report_pulse("Spring", QUESTIONS, responses).groups[0]
    informed, tools = group.results
    assert (informed.mean, informed.favourable_share) == (Decimal("3.00"), Decimal("0.4000"))
    assert (tools.mean, tools.favourable_share) == (Decimal("3.00"), Decimal("0.4000"))
    assert group.comments == ("Too fast",)


def test_means_round_half_to_even_from_the_exact_sum() -> None:
    # 6 respondents: 3+3+3+3+3+4 = 19 / 6 = 3.1666.. -> 3.17; favourable 1/6 -> 0.1667
    responses = answers("Finance", [(3, 3)] * 5 + [(4, 4)])
    informed = report_pulse("Spring", QUESTIONS, responses).groups[0].results[0]
    assert (informed.mean, informed.favourable_share) == (Decimal("3.17"), Decimal("0.1667"))


def test_a_group_of_exactly_the_minimum_is_shown_and_one_fewer_is_not() -> None:
    assert MINIMUM_RESPONDENTS == 5
    shown = answers("Finance", [(4, 4)] * 5, "A comment")
    hidden = answers("Highways", [(1, 1)] * 4, "Who wrote this could be guessed")
    report = report_pulse("Spring", QUESTIONS, shown + hidden)
    finance, highways = report.groups
    assert (finance.shown, finance.respondents) == (True, 5)
    assert (highways.shown, highways.respondents, highways.results, highways.comments) == (
        False, 4, (), ()
    )  # fmt: skip
    assert report.as_dict()["groups"]["Highways"] == {"respondents": 4, "shown": False}
    # the whole still counts the hidden group's answers
    assert report.overall[0].mean == Decimal("2.67")  # (5 x 4 + 4 x 1) / 9
    assert report.respondents == 9


def test_a_response_with_the_wrong_number_of_scores_or_a_repeated_respondent_is_refused() -> None:
    with pytest.raises(Invalid, match="asks 2 questions"):
        report_pulse("Spring", QUESTIONS, [PulseResponse("r1", "Finance", (4,))])
    with pytest.raises(Invalid, match="more than once"):
        report_pulse("Spring", QUESTIONS, answers("F", [(4, 4)]) + answers("F", [(4, 4)]))
    with pytest.raises(Invalid):
        PulseResponse("r1", "Finance", (6, 4))


@pytest.mark.parametrize(
    ("change", "expected"),
    [(Fraction(1, 5), UP), (Fraction(19, 100), STEADY), (Fraction(0), STEADY),
     (Fraction(-19, 100), STEADY), (Fraction(-1, 5), DOWN)],
)  # fmt: skip
def test_a_change_of_at_least_two_tenths_is_up_or_down_and_less_is_steady(
    change: Fraction, expected: str
) -> None:
    assert direction(change) == expected


def test_trends_compare_each_pulse_with_the_previous_one_the_group_was_shown_in() -> None:
    autumn = report_pulse("Autumn", QUESTIONS, answers("Finance", [(3, 4)] * 5))
    winter = report_pulse("Winter", QUESTIONS, answers("Finance", [(5, 5)] * 3))  # too few
    spring = report_pulse(
        "Spring", QUESTIONS[::-1], answers("Finance", [(4, 4), (4, 4), (4, 4), (4, 4), (4, 3)])
    )
    (finance,) = trend_pulses([autumn, winter, spring])
    informed, tools = finance.questions
    assert [p.direction for p in informed.points] == [NEW, None, UP]
    assert informed.points[2].change == Decimal("0.80")
    assert [p.direction for p in tools.points] == [NEW, None, STEADY]
    assert tools.points[2].change == Decimal("0.00")
    assert tools.latest is not None and tools.latest.pulse == "Spring"


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=30))
def test_a_mean_lies_between_one_and_five_and_a_share_between_nought_and_one(
    scores: list[tuple[int, int]],
) -> None:
    for group in report_pulse("P", QUESTIONS, answers("G", scores)).groups:
        assert group.shown is (len(scores) >= MINIMUM_RESPONDENTS)
        for result in group.results:
            assert Decimal(1) <= result.mean <= Decimal(5)
            assert Decimal(0) <= result.favourable_share <= Decimal(1)


# --- the file ------------------------------------------------------------------------------


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_new_pulse_takes_its_questions_from_the_headings_in_file_order(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", [
        "Respondent,Group,I feel informed,I have the tools,Comments",
        "r1,Finance,4,5,Good",
        "r2,finance ,2,3,",
    ])  # fmt: skip
    pulse = read_pulse_survey(path)
    assert pulse.questions == ("I feel informed", "I have the tools")
    assert [r.response.scores for r in pulse.rows] == [(4, 5), (2, 3)]
    assert [r.response.comment for r in pulse.rows] == ["Good", ""]
    assert {r.response.group for r in pulse.rows} == {"Finance"}


def test_a_later_file_may_order_the_questions_differently_but_must_ask_the_same(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "p.csv", ["respondent,group,b,a", "r1,F,1,5"])
    assert read_pulse_survey(path, questions=["a", "b"]).rows[0].response.scores == (5, 1)
    extra = write(tmp_path / "x.csv", ["respondent,group,a,b,c", "r1,F,1,5,3"])
    with pytest.raises(ImportProblems) as refused:
        read_pulse_survey(extra, questions=["a", "b"])
    assert [(p.row, p.column) for p in refused.value.problems] == [(1, "c")]
    missing = write(tmp_path / "m.csv", ["respondent,group,a", "r1,F,1"])
    with pytest.raises(ImportProblems, match="b"):
        read_pulse_survey(missing, questions=["a", "b"])


def test_a_bad_pulse_file_is_refused_naming_every_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", [
        "respondent,group,Informed,Tools,comment",
        "r1,Finance,4,6,",
        "r2,Finance,,3,",
        "R1,Finance,4,4,",
        "r3,Finance,four,4,",
    ])  # fmt: skip
    with pytest.raises(ImportProblems) as refused:
        read_pulse_survey(path)
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (2, "Tools"), (3, "Informed"), (4, "respondent"), (5, "Informed"),
    ]  # fmt: skip


def test_a_pulse_file_with_no_questions_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportProblems, match="no questions"):
        read_pulse_survey(write(tmp_path / "p.csv", ["respondent,group,comment", "r1,F,x"]))
