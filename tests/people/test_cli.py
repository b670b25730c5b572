"""`govdx people readiness import|report` as an operator runs them, in process on the test
database: the exact JSON contracts, and a bad file refused naming row and column."""

from __future__ import annotations

import json

import pytest

from govdx import cli
from govdx.people.models import SurveyResponse
from tests.people.conftest import FINANCE, HIGHWAYS, ROWS

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_readiness_import_prints_what_it_did_as_json(capsys, groups, survey_file):
    path = survey_file()
    status, out, _ = run(capsys, "people", "readiness", "import", str(path),
                         "--survey", "Before training", "--json")  # fmt: skip
    assert status == 0
    assert json.loads(out) == {
        "survey": "Before training",
        "survey_created": True,
        "rows": 4,
        "responses": {"created": 4, "updated": 0, "unchanged": 0, "removed": 0},
        "groups": [FINANCE, HIGHWAYS],
    }


def test_readiness_report_prints_the_contract_exactly(capsys, import_survey):
    import_survey()
    status, out, _ = run(capsys, "people", "readiness", "report", "--survey", "before training",
                         "--json")  # fmt: skip
    assert status == 0
    assert json.loads(out) == {
        "survey": "Before training",
        "respondents": 4,
        "groups": {
            FINANCE: {
                "respondents": 3,
                "means": {"awareness": 4.33, "desire": 4.33, "knowledge": 3.67, "ability": 4.67,
                          "reinforcement": 4.33},
                "barriers": {"awareness": 0, "desire": 0, "knowledge": 1, "ability": 0,
                             "reinforcement": 0, "none": 2},
                "ready_share": 0.6667,
            },
            HIGHWAYS: {
                "respondents": 1,
                "means": {"awareness": 2.0, "desire": 5.0, "knowledge": 5.0, "ability": 5.0,
                          "reinforcement": 5.0},
                "barriers": {"awareness": 1, "desire": 0, "knowledge": 0, "ability": 0,
                             "reinforcement": 0, "none": 0},
                "ready_share": 0.0,
            },
        },
    }  # fmt: skip


def test_readiness_report_in_words(capsys, import_survey):
    import_survey()
    status, out, _ = run(capsys, "people", "readiness", "report", "--survey", "Before training")
    assert status == 0
    assert "Before training: 4 respondents in 2 groups." in out
    assert FINANCE in out


def test_readiness_import_refuses_a_bad_file_naming_row_and_column(capsys, groups, survey_file):
    rows = [row[:] for row in ROWS]
    rows[1][2] = "high"
    rows.append(["r9", "Payroll / Clerks", 4, 4, 4, 4, 4])
    path = survey_file(rows)
    status, out, err = run(capsys, "people", "readiness", "import", str(path),
                           "--survey", "Before training", "--json")  # fmt: skip
    assert status == 1
    problems = json.loads(out)["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(3, "awareness")]
    assert "nothing was imported" in err
    assert not SurveyResponse.objects.exists()

    rows[1][2] = 4  # the scores read: the groups are checked next
    status, out, err = run(capsys, "people", "readiness", "import", str(survey_file(rows)),
                           "--survey", "Before training", "--json")  # fmt: skip
    assert status == 1
    assert [(p["row"], p["column"]) for p in json.loads(out)["problems"]] == [(6, "group")]
    assert "“Payroll / Clerks” is not a people group" in err
    assert not SurveyResponse.objects.exists()


def test_readiness_report_of_an_unknown_survey_says_how_to_import_it(capsys, db):
    status, _, err = run(capsys, "people", "readiness", "report", "--survey", "Nope", "--json")
    assert status == 4
    assert "govdx people readiness import FILE --survey" in err
