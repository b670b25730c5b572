"""Digital maturity: the OECD model's reference data file, the loader's refusals, the index
on the Digital Government Index's scale, the spread across departments and the trend."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal

import pytest

from govdx.domain.errors import Invalid
from govdx.domain.governance.maturity import (
    OECD_DGPF_FILE,
    Assessment,
    DimensionScore,
    load_maturity_model,
    maturity_spread,
    maturity_trend,
    parse_maturity_model,
    score_maturity,
)

KEYS = (
    "digital_by_design",
    "data_driven_public_sector",
    "government_as_a_platform",
    "open_by_default",
    "user_driven",
    "proactiveness",
)
MODEL = load_maturity_model(OECD_DGPF_FILE)
DAY = datetime.date(2025, 3, 31)


def assessment(
    department: str, scores: tuple[int, ...], day: datetime.date = DAY, **targets: int
) -> Assessment:
    return Assessment(
        department,
        day,
        tuple(
            DimensionScore(key, score, targets.get(key), f"evidence for {key}")
            for key, score in zip(KEYS, scores, strict=True)
        ),
    )


def oecd_file() -> dict:
    return json.loads(OECD_DGPF_FILE.read_text(encoding="utf-8"))


def refusal(data: object) -> Invalid:
    with pytest.raises(Invalid) as refused:
        parse_maturity_model(json.dumps(data), name="model.json")
    return refused.value


# --- the reference data ----------------------------------------------------------------------


def test_the_oecd_file_has_the_six_dimensions_each_scored_0_to_5():
    assert MODEL.key == "oecd_dgpf"
    assert MODEL.keys == KEYS
    assert [d.name for d in MODEL.dimensions] == [
        "Digital by design",
        "Data-driven public sector",
        "Government as a platform",
        "Open by default",
        "User-driven",
        "Proactiveness",
    ]
    assert (MODEL.minimum, MODEL.maximum) == (0, 5)
    for dimension in MODEL.dimensions:
        assert [level.score for level in dimension.levels] == [0, 1, 2, 3, 4, 5]
        assert all(level.description for level in dimension.levels)


def test_the_oecd_file_carries_the_2023_average_as_its_reference_line_and_says_it_paraphrases():
    assert MODEL.reference is not None
    assert MODEL.reference.index == Decimal("0.61")
    assert "2023" in MODEL.reference.label
    assert "paraphrase" in MODEL.notes


def test_the_reference_file_is_packaged_under_a_data_folder():
    assert OECD_DGPF_FILE.parent.name == "data"
    assert OECD_DGPF_FILE.suffix == ".json"


def test_another_model_loads_beside_it():
    other = {
        "format": "govdx-maturity-model/1",
        "key": "national_framework",
        "name": "A national digital assessment framework",
        "version": "1",
        "source": "An example ministry",
        "scale": {"minimum": 1, "maximum": 4},
        "dimensions": [
            {
                "key": "leadership",
                "name": "Leadership",
                "description": "Who leads.",
                "levels": [
                    {"score": score, "name": f"L{score}", "description": f"Level {score}."}
                    for score in (4, 3, 2, 1)
                ],
            }
        ],
    }
    model = parse_maturity_model(json.dumps(other))
    assert model.reference is None
    assert [level.score for level in model.dimension("leadership").levels] == [1, 2, 3, 4]
    result = score_maturity(model, Assessment("Digital", DAY, (DimensionScore("leadership", 3),)))
    assert result.index == Decimal("0.67")  # (3 - 1) / (4 - 1)
    assert result.difference_from_reference is None
    assert MODEL.keys == KEYS  # the OECD model is untouched


# --- the loader's refusals -------------------------------------------------------------------


def test_a_file_that_is_not_json_is_refused():
    with pytest.raises(Invalid, match=r"model\.json is not valid JSON"):
        parse_maturity_model("{", name="model.json")


def test_every_problem_of_a_malformed_file_is_named_by_its_place():
    data = oecd_file()
    data["format"] = "something else"
    data["colour"] = "blue"
    data["reference"]["index"] = 61
    del data["dimensions"][1]["name"]
    data["dimensions"][2]["key"] = "digital_by_design"
    data["dimensions"][3]["levels"][4]["score"] = 3
    data["dimensions"][4]["levels"][5]["score"] = 6
    error = refusal(data)
    assert error.field_errors == {
        "colour": ["is not a field of a maturity model; remove it or fix its name"],
        "format": ['must be \u201cgovdx-maturity-model/1\u201d, not "something else"'],
        "reference.index": ["give an index from 0 to 1, not 61"],
        "dimensions[1].name": ["give some text, not nothing"],
        "dimensions[2].key": ["\u201cdigital_by_design\u201d is also dimensions[0]"],
        "dimensions[3].levels[4].score": ["there is already a level for 3"],
        "dimensions[3].levels": ["there is no level for 4"],
        "dimensions[4].levels[5].score": ["6 is outside the scale 0 to 5"],
        "dimensions[4].levels": ["there is no level for 5"],
    }
    assert error.message.startswith("model.json is not a maturity model:\n")
    assert "dimensions[3].levels: there is no level for 4" in error.message


def test_a_bad_scale_and_missing_dimensions_are_refused():
    data = oecd_file()
    data["scale"] = {"minimum": 5, "maximum": 5}
    data["dimensions"] = []
    assert refusal(data).field_errors == {
        "scale": ["the minimum 5 must be below the maximum 5"],
        "dimensions": ["give a list of at least one dimension"],
    }
    data = copy.deepcopy(oecd_file())
    data["scale"] = {"minimum": 0, "maximum": "5"}
    assert refusal(data).field_errors["scale.maximum"] == ['give a whole number, not "5"']


def test_a_file_that_is_not_an_object_is_refused():
    assert refusal([1, 2]).field_errors == {"(file)": ["the file must hold one JSON object"]}


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(Invalid, match=r"nothing\.json cannot be read"):
        load_maturity_model(tmp_path / "nothing.json")


# --- scoring ---------------------------------------------------------------------------------


def test_the_index_is_the_mean_score_over_five_shown_beside_the_oecd_average():
    result = score_maturity(
        MODEL, assessment("Revenues", (3, 2, 4, 1, 3, 2), digital_by_design=4, open_by_default=1)
    )
    assert result.mean_score == Decimal("2.50")  # 15 / 6
    assert result.index == Decimal("0.50")
    assert result.reference is not None and result.reference.index == Decimal("0.61")
    assert result.difference_from_reference == Decimal("-0.11")
    scored = result.score("digital_by_design")
    assert (scored.score, scored.level.name, scored.target, scored.gap) == (3, "Defined", 4, 1)
    assert result.score("open_by_default").gap == 0
    assert result.score("proactiveness").gap is None
    assert result.score("proactiveness").evidence == "evidence for proactiveness"


def test_the_index_rounds_half_to_even_from_the_exact_mean():
    # 16 / 30 = 0.5333...; 19 / 30 = 0.6333...; all fives give 1, all zeros 0
    assert score_maturity(MODEL, assessment("A", (3, 3, 3, 3, 2, 2))).index == Decimal("0.53")
    assert score_maturity(MODEL, assessment("A", (4, 3, 3, 3, 3, 3))).index == Decimal("0.63")
    assert score_maturity(MODEL, assessment("A", (5,) * 6)).index == Decimal("1.00")
    assert score_maturity(MODEL, assessment("A", (0,) * 6)).index == Decimal("0.00")


def test_the_difference_from_the_reference_is_worked_from_the_exact_index():
    # 0.61 x 30 = 18.3: no whole total reaches it; the totals either side differ by -0.01 and 0.02
    below = score_maturity(MODEL, assessment("A", (3, 3, 3, 3, 3, 3)))  # 18 / 30 = 0.60
    above = score_maturity(MODEL, assessment("A", (4, 3, 3, 3, 3, 3)))  # 19 / 30 = 0.633
    assert below.difference_from_reference == Decimal("-0.01")
    assert above.difference_from_reference == Decimal("0.02")


def test_an_assessment_must_score_every_dimension_once_on_the_scale():
    scores = (
        DimensionScore("digital_by_design", 6),
        DimensionScore("digital_by_design", 3),
        DimensionScore("data_driven_public_sector", 2, target=-1),
        DimensionScore("agility", 3),
    )
    with pytest.raises(Invalid) as refused:
        score_maturity(MODEL, Assessment("Revenues", DAY, scores))
    assert refused.value.field_errors == {
        "digital_by_design": [
            "the score 6 is not a whole number from 0 to 5",
            "scored more than once",
        ],
        "data_driven_public_sector": ["the target -1 is not a whole number from 0 to 5"],
        "agility": ["OECD Digital Government Policy Framework has no such dimension"],
        "government_as_a_platform": ["not scored; score every dimension"],
        "open_by_default": ["not scored; score every dimension"],
        "user_driven": ["not scored; score every dimension"],
        "proactiveness": ["not scored; score every dimension"],
    }


# --- spread and trend ------------------------------------------------------------------------


def test_the_spread_gives_min_max_and_mean_per_dimension_with_the_departments():
    spread = maturity_spread(
        MODEL,
        [
            assessment("Revenues", (3, 2, 4, 1, 3, 2)),
            assessment("Benefits", (1, 2, 5, 1, 4, 2)),
            assessment("Digital", (5, 4, 5, 3, 5, 3)),
        ],
    )
    assert spread.departments == ("Benefits", "Digital", "Revenues")
    first = spread.dimension("digital_by_design")
    assert (first.minimum, first.maximum, first.mean) == (1, 5, Decimal("3.00"))
    assert (first.lowest, first.highest) == (("Benefits",), ("Digital",))
    platform = spread.dimension("government_as_a_platform")
    assert (platform.minimum, platform.maximum, platform.mean) == (4, 5, Decimal("4.67"))
    assert platform.highest == ("Benefits", "Digital")
    same = spread.dimension("data_driven_public_sector")
    assert same.lowest == ("Benefits", "Revenues")
    # indices 15/30, 15/30 and 25/30
    assert (spread.index_minimum, spread.index_maximum, spread.index_mean) == (
        Decimal("0.50"),
        Decimal("0.83"),
        Decimal("0.61"),
    )


def test_the_spread_refuses_none_and_a_department_twice():
    with pytest.raises(Invalid, match="no assessments"):
        maturity_spread(MODEL, [])
    with pytest.raises(Invalid, match="given twice"):
        maturity_spread(MODEL, [assessment("A", (1,) * 6), assessment("A", (2,) * 6)])


def test_the_trend_compares_two_assessments_of_one_department():
    trend = maturity_trend(
        MODEL,
        assessment("Revenues", (3, 2, 4, 1, 3, 2), datetime.date(2024, 3, 31)),
        assessment("Revenues", (4, 2, 3, 1, 5, 2), datetime.date(2025, 3, 31)),
    )
    assert [(c.dimension.key, c.change, c.direction) for c in trend.dimensions] == [
        ("digital_by_design", 1, "up"),
        ("data_driven_public_sector", 0, "same"),
        ("government_as_a_platform", -1, "down"),
        ("open_by_default", 0, "same"),
        ("user_driven", 2, "up"),
        ("proactiveness", 0, "same"),
    ]
    assert (trend.index_earlier, trend.index_later, trend.index_change) == (
        Decimal("0.50"),
        Decimal("0.57"),  # 17 / 30
        Decimal("0.07"),
    )


def test_the_trend_refuses_two_departments_and_assessments_out_of_order():
    earlier = assessment("Revenues", (1,) * 6, datetime.date(2024, 1, 1))
    with pytest.raises(Invalid, match="one department"):
        maturity_trend(MODEL, earlier, assessment("Benefits", (2,) * 6))
    with pytest.raises(Invalid, match="must come before"):
        maturity_trend(MODEL, earlier, assessment("Revenues", (2,) * 6, datetime.date(2024, 1, 1)))
