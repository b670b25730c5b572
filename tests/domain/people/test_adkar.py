"""ADKAR readiness: barrier points at the 3/4 boundary, the group report and its JSON contract,
and readiness gates judged exactly at their threshold."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.people.adkar import (
    ELEMENTS,
    Element,
    ReadinessGate,
    Response,
    barrier_point,
    judge_gate,
    report_readiness,
)


def response(respondent: str, group: str, *scores: int) -> Response:
    return Response(respondent, group, *scores)


# --- barrier points --------------------------------------------------------------------------


def test_a_score_of_3_is_a_barrier_and_4_is_not():
    assert barrier_point([3, 5, 5, 5, 5]) is Element.AWARENESS
    assert barrier_point([4, 5, 5, 5, 5]) is None


@pytest.mark.parametrize("position", range(5))
def test_the_barrier_point_is_the_element_scored_3_or_lower(position):
    scores = [4, 4, 4, 4, 4]
    scores[position] = 3
    assert barrier_point(scores) is ELEMENTS[position]


def test_the_barrier_point_is_the_first_low_element_in_adkar_order_not_the_lowest():
    assert barrier_point([5, 4, 3, 1, 1]) is Element.KNOWLEDGE
    assert barrier_point([5, 2, 1, 1, 1]) is Element.DESIRE


def test_a_respondent_scoring_4_or_5_everywhere_is_ready():
    assert response("r1", "Revenues", 4, 4, 4, 4, 4).ready
    assert response("r2", "Revenues", 5, 5, 5, 5, 5).barrier_point is None
    assert not response("r3", "Revenues", 5, 5, 5, 5, 3).ready
    assert response("r3", "Revenues", 5, 5, 5, 5, 3).barrier_point is Element.REINFORCEMENT


def test_barrier_point_needs_five_scores():
    with pytest.raises(Invalid, match="Give 5 scores"):
        barrier_point([4, 4, 4, 4])


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, True, "4"])
def test_a_response_refuses_a_score_that_is_not_a_whole_number_from_1_to_5(bad):
    with pytest.raises(Invalid) as refused:
        Response("r1", "Revenues", 4, bad, 4, 4, 4)
    assert list(refused.value.field_errors) == ["desire"]


def test_a_response_accepts_the_ends_of_the_scale():
    assert response("r1", "G", 1, 5, 1, 5, 1).scores == (1, 5, 1, 5, 1)


def test_a_response_needs_a_respondent_and_a_group():
    with pytest.raises(Invalid, match="needs a respondent"):
        Response(" ", "G", 4, 4, 4, 4, 4)
    with pytest.raises(Invalid, match="has no group"):
        Response("r1", "", 4, 4, 4, 4, 4)


@given(st.lists(st.integers(1, 5), min_size=5, max_size=5))
def test_ready_exactly_when_every_score_is_above_3(scores):
    point = barrier_point(scores)
    assert (point is None) == all(score > 3 for score in scores)
    if point is not None:
        position = ELEMENTS.index(point)
        assert scores[position] <= 3
        assert all(score > 3 for score in scores[:position])


# --- the report ------------------------------------------------------------------------------

RESPONSES = [
    response("r1", "Revenues", 5, 5, 4, 4, 4),  # ready
    response("r2", "Revenues", 4, 3, 5, 5, 5),  # desire
    response("r3", "Revenues", 5, 4, 4, 2, 1),  # ability
    response("r4", "Revenues", 4, 4, 4, 4, 5),  # ready
    response("b1", "Benefits", 2, 2, 2, 2, 2),  # awareness
    response("b2", "Benefits", 5, 5, 5, 5, 4),  # ready
    response("b3", "Benefits", 4, 4, 3, 5, 5),  # knowledge
]


def test_the_report_json_contract_is_exact():
    report = report_readiness("Before training", RESPONSES)
    assert report.as_dict() == {
        "survey": "Before training",
        "respondents": 7,
        "groups": {
            "Benefits": {
                "respondents": 3,
                "means": {
                    "awareness": 3.67,  # 11 / 3
                    "desire": 3.67,
                    "knowledge": 3.33,  # 10 / 3
                    "ability": 4.0,
                    "reinforcement": 3.67,
                },
                "barriers": {
                    "awareness": 1,
                    "desire": 0,
                    "knowledge": 1,
                    "ability": 0,
                    "reinforcement": 0,
                    "none": 1,
                },
                "ready_share": 0.3333,
            },
            "Revenues": {
                "respondents": 4,
                "means": {
                    "awareness": 4.5,
                    "desire": 4.0,
                    "knowledge": 4.25,
                    "ability": 3.75,
                    "reinforcement": 3.75,
                },
                "barriers": {
                    "awareness": 0,
                    "desire": 1,
                    "knowledge": 0,
                    "ability": 1,
                    "reinforcement": 0,
                    "none": 2,
                },
                "ready_share": 0.5,
            },
        },
    }
    text = json.dumps(report.as_dict())
    assert list(json.loads(text)["groups"]) == ["Benefits", "Revenues"]
    assert list(json.loads(text)["groups"]["Revenues"]) == [
        "respondents",
        "means",
        "barriers",
        "ready_share",
    ]
    assert '"ready_share": 0.5' in text


def test_means_round_half_to_even_at_two_places():
    # awareness totals 25 over 8 respondents: 3.125 gives 3.12; 27 over 8: 3.375 gives 3.38
    scores = [(4, 4), (4, 4), (4, 4), (4, 4), (3, 4), (2, 3), (2, 2), (2, 2)]
    responses = [
        Response(f"r{n}", "G", awareness, 4, 4, 4, reinforcement)
        for n, (awareness, reinforcement) in enumerate(scores)
    ]
    group = report_readiness("S", responses).groups[0]
    assert group.mean(Element.AWARENESS) == Decimal("3.12")
    assert group.mean(Element.REINFORCEMENT) == Decimal("3.38")
    assert group.means[Element.DESIRE] == Decimal("4.00")


def test_the_share_ready_rounds_to_four_places():
    responses = [response(f"r{n}", "G", 5, 5, 5, 5, 5 if n < 2 else 1) for n in range(3)]
    group = report_readiness("S", responses).groups[0]
    assert group.ready_share == Decimal("0.6667")
    assert group.ready == 2


def test_an_empty_survey_reports_no_groups():
    assert report_readiness("S", []).as_dict() == {"survey": "S", "respondents": 0, "groups": {}}


def test_a_respondent_answering_twice_is_refused_ignoring_case():
    with pytest.raises(Invalid, match="more than once"):
        report_readiness(
            "S", [response("Ann", "G", 4, 4, 4, 4, 4), response("ann ", "H", 4, 4, 4, 4, 4)]
        )


@given(
    st.lists(
        st.tuples(st.sampled_from("ABC"), st.lists(st.integers(1, 5), min_size=5, max_size=5)),
        max_size=40,
    )
)
def test_barrier_counts_add_up_to_the_respondents(rows):
    responses = [Response(f"r{n}", group, *scores) for n, (group, scores) in enumerate(rows)]
    report = report_readiness("S", responses)
    assert report.respondents == len(rows)
    for group in report.as_dict()["groups"].values():
        assert sum(group["barriers"].values()) == group["respondents"]
        assert 0 <= group["ready_share"] <= 1


# --- gates -----------------------------------------------------------------------------------


def group_with_ready(ready: int, total: int) -> list[Response]:
    return [response(f"r{n}", "Revenues", 5, 5, 5, 5, 5 if n < ready else 3) for n in range(total)]


def test_a_gate_at_exactly_70_percent_is_met_and_just_below_is_not():
    gate = ReadinessGate("Revenues", Decimal("0.7"))
    met = judge_gate(gate, report_readiness("After", group_with_ready(7, 10)))
    assert met.met
    assert (met.ready, met.respondents, met.share) == (7, 10, Decimal("0.7000"))
    assert met.message == (
        "7 of 10 in Revenues are ready (70%) in After; the gate needs 70% ready: met."
    )
    short = judge_gate(gate, report_readiness("After", group_with_ready(69, 100)))
    assert not short.met
    assert short.message.endswith("(69%) in After; the gate needs 70% ready: not met.")


def test_a_gate_is_judged_on_the_exact_share_not_the_rounded_one():
    # 2 of 3 ready is 0.66666..., shown as 0.6667, which does not reach a 0.6667 gate
    report = report_readiness("S", group_with_ready(2, 3))
    assert report.groups[0].ready_share == Decimal("0.6667")
    assert not judge_gate(ReadinessGate("Revenues", Decimal("0.6667")), report).met
    assert judge_gate(ReadinessGate("Revenues", Decimal("0.6666")), report).met


def test_a_gate_for_a_group_without_responses_is_not_met():
    judgement = judge_gate(
        ReadinessGate("Benefits", Decimal("0.5")), report_readiness("S", group_with_ready(5, 5))
    )
    assert not judgement.met
    assert judgement.share is None
    assert judgement.message == "No one in Benefits answered S; the gate needs 50% ready: not met."


def test_a_gate_of_everyone_needs_everyone_ready():
    gate = ReadinessGate("Revenues", Decimal(1))
    assert judge_gate(gate, report_readiness("S", group_with_ready(5, 5))).met
    assert not judge_gate(gate, report_readiness("S", group_with_ready(4, 5))).met


@pytest.mark.parametrize("threshold", [Decimal(0), Decimal("1.01"), Decimal("-0.1"), 0.7, "0.7"])
def test_a_gate_refuses_a_threshold_that_is_not_an_exact_share_above_0_up_to_1(threshold):
    with pytest.raises(Invalid):
        ReadinessGate("Revenues", threshold)
