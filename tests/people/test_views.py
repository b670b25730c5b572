"""The people pages and API: the readiness gate on the programme's milestone, the survey's
readiness per group with its chart and tables, the import page (dry run, refusal), the
impact heat map, and empty states."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.people import services
from govdx.people.models import Survey
from tests.people.conftest import FINANCE, ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(make_user: Any, client_for: Any) -> Client:
    return client_for(make_user(Role.CHANGE_MANAGER))


def _gate(groups: dict[str, Any], milestone: Any) -> Any:
    return services.readiness_gate_create(
        data={"milestone": milestone, "group": groups["finance"], "threshold": Decimal("0.7")},
        user=SYSTEM,
    )


def test_the_milestone_shows_its_readiness_gate_changing_as_new_results_arrive(
    change, groups, go_live, import_survey
):
    _gate(groups, go_live)
    page = f"/programme/projects/{go_live.project_id}/"
    shown = change.get(page).content.decode()
    assert 'id="readiness-gates"' in shown
    assert "No survey yet" in shown

    import_survey(survey="Before training")
    shown = change.get(page).content.decode()
    assert "Not met" in shown
    assert "2 of 3 in Finance / Finance officers are ready (66.67%)" in shown

    after = [row[:] for row in ROWS]
    after[1][4] = 4
    import_survey(after, survey="After training")
    shown = change.get(page).content.decode()
    assert 'govuk-tag--green">Met' in shown
    assert "3 of 3 in Finance / Finance officers are ready (100%) in After training" in shown


def test_a_project_without_gates_shows_no_gate_section(change, go_live):
    shown = change.get(f"/programme/projects/{go_live.project_id}/").content.decode()
    assert "readiness-gates" not in shown


def test_the_survey_page_shows_readiness_per_group_with_a_chart_and_its_tables(
    change, import_survey
):
    import_survey()
    survey = Survey.objects.get()
    shown = change.get(f"/people/surveys/{survey.pk}/").content.decode()
    assert shown.count("<h1") == 1
    assert 'id="ready-share-title"' in shown
    assert "66.67%" in shown
    assert "Barrier: Knowledge" in shown
    assert "4.33" in shown


def test_the_import_page_dry_runs_then_imports(change, groups, survey_file):
    with survey_file().open("rb") as handle:
        dry = change.post("/people/surveys/import/",
                          {"file": handle, "survey": "Pulse", "dry_run": "on"})  # fmt: skip
    assert dry.status_code == 200
    assert "Dry run: nothing was written" in dry.content.decode()
    assert not Survey.objects.exists()
    with survey_file().open("rb") as handle:
        done = change.post("/people/surveys/import/", {"file": handle, "survey": "Pulse"})
    assert done.status_code == 302
    assert done["Location"] == Survey.objects.get().get_absolute_url()


def test_the_import_page_refuses_a_bad_file_listing_row_and_column(change, groups, survey_file):
    rows = [*ROWS, ["r5", "Nowhere / Nobody", 4, 4, 4, 4, 4]]
    with survey_file(rows).open("rb") as handle:
        refused = change.post("/people/surveys/import/", {"file": handle, "survey": "Pulse"})
    assert refused.status_code == 422
    shown = refused.content.decode()
    assert "The file was refused: nothing was imported" in shown
    assert "row 6, column group" in shown.lower()
    assert not Survey.objects.exists()


def test_the_heat_map_shows_each_group_by_project_with_its_degree(change, groups, go_live):
    services.change_impact_create(
        data={"project": go_live.project, "group": groups["finance"], "degree": "high",
              "what_changes": "A new finance system."},
        user=SYSTEM,
    )  # fmt: skip
    shown = change.get("/people/impact/").content.decode()
    assert FINANCE in shown
    assert "govdx-heat--red" in shown
    assert "Highways / Inspectors" not in shown  # no project impacts it


def test_empty_pages_say_so(change, db):
    assert "There are no people groups yet" in change.get("/people/").content.decode()
    assert "There are no readiness gates" in change.get("/people/gates/").content.decode()
    assert "No change impact is recorded" in change.get("/people/impact/").content.decode()


def test_the_api_report_is_the_command_lines_contract(change, import_survey):
    import_survey()
    report = change.get("/api/readiness/report", {"survey": "Before training"}).json()
    assert report["respondents"] == 4
    assert report["groups"][FINANCE]["barriers"]["none"] == 2


def test_the_api_import_refuses_a_bad_file_with_every_problem(change, groups, survey_file):
    rows = [row[:] for row in ROWS]
    rows[0][3] = 9
    with survey_file(rows).open("rb") as handle:
        refused = change.post("/api/readiness/import", {"file": handle, "survey": "Pulse"})
    assert refused.status_code == 400
    assert refused.json()["problems"] == [
        "row 2, column desire: “9” is outside 1 to 5; give a score from 1 (lowest) to 5 (highest)"
    ]


def test_the_api_lists_gates_with_their_state(change, groups, go_live, import_survey):
    _gate(groups, go_live)
    import_survey()
    [gate] = change.get("/api/readiness/gates").json()["items"]
    assert gate | {"id": 0} == {
        "id": 0, "project": "Finance system replacement", "milestone": "M",
        "milestone_name": "Go live", "group": FINANCE, "threshold": 0.7,
        "survey": "Before training", "state": "not met", "respondents": 3, "ready": 2,
        "ready_share": 0.6667,
    }  # fmt: skip
