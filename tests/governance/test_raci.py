"""RACI grids: saved from the page's grid, imported from a file all or nothing, and the
governance check with its exact command-line and API contract."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from govdx.cli import main
from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.domain.tabular import ImportProblems
from govdx.governance import selectors, services
from govdx.governance.models import RaciAssignment, RaciRow
from govdx.people.models import ChangeImpact, PeopleGroup
from tests.factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(org: dict[str, Any]) -> dict[str, Any]:
    ana = PersonFactory(full_name="Ana Silva", email="ana@example.org", department=org["finance"])
    ben = PersonFactory(full_name="Ben Cole", email="ben@example.org", department=org["highways"])
    project = ProjectFactory(name="Digital tax", department=org["finance"],
                             senior_responsible_owner=ana)  # fmt: skip
    return {"ana": ana, "ben": ben, "project": project}


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


GRID = [
    ["Deliverable", "Ana Silva", "ben@example.org"],
    ["Business case", "A/R", "C"],
    ["Go live", "A", ""],
]


def test_a_raci_file_becomes_the_projects_grid_and_importing_it_again_changes_nothing(
    team: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path / "raci.csv", GRID)
    first = services.raci_import(path, project_name="digital TAX", user=SYSTEM)
    again = services.raci_import(path, project_name="Digital tax", user=SYSTEM)

    assert first.as_dict() == {"project": "Digital tax", "rows": 2,
                               "entries": {"created": 3, "updated": 0, "unchanged": 0,
                                           "removed": 0}}  # fmt: skip
    assert again.as_dict()["entries"] == {"created": 0, "updated": 0, "unchanged": 3, "removed": 0}
    grid = selectors.raci_grid(team["project"])
    assert [row.row.name for row in grid.rows] == ["Business case", "Go live"]
    assert [part for _, part in grid.rows[0].cells] == ["A/R", "C"]
    assert [p.value for p in grid.rows[1].problems] == ["no responsible"]
    assert (
        RaciAssignment.history.filter(history_change_reason="imported from raci.csv").count() == 3
    )


def test_the_raci_import_refuses_the_whole_file_naming_row_and_column(
    team: dict[str, Any], tmp_path: Path
) -> None:
    rows = [r[:] for r in GRID]
    rows[0].append("Nobody Known")
    rows[2][1] = "X"
    path = write(tmp_path / "bad.csv", rows)

    with pytest.raises(ImportProblems) as refused:
        services.raci_import(path, project_name="Digital tax", user=SYSTEM)

    shown = [str(problem) for problem in refused.value.problems]
    assert any("row 3" in text and "Ana Silva" in text for text in shown)
    assert not RaciRow.objects.exists()


def test_saving_the_grid_replaces_it_and_keeps_each_change_in_history(
    team: dict[str, Any],
) -> None:
    ana, ben, project = team["ana"], team["ben"], team["project"]
    services.raci_save(project=project, grid=[("Build", {ana: "a", ben: "R"}),
                                              ("Test", {ben: "R"})], user=SYSTEM)  # fmt: skip
    result = services.raci_save(project=project, grid=[("Build", {ana: "A/R", ben: ""})],
                                user=SYSTEM)  # fmt: skip

    assert result.updated == 1 and result.removed == 2
    assert list(RaciRow.objects.values_list("name", flat=True)) == ["Build"]
    assert RaciAssignment.objects.get().roles == "A/R"
    assert RaciRow.history.filter(history_type="-").count() == 1


def test_the_grid_refuses_a_cell_that_is_not_a_raci_entry(team: dict[str, Any]) -> None:
    from govdx.domain.errors import Invalid

    with pytest.raises(Invalid, match="Build"):
        services.raci_save(project=team["project"], grid=[("Build", {team["ana"]: "Q"})],
                           user=SYSTEM)  # fmt: skip
    assert not RaciRow.objects.exists()


def _impact(project: Any, department: Any, degree: str) -> None:
    """A change impact of `project` on a group of `department`, through the people module."""
    group, _ = PeopleGroup.objects.get_or_create(
        department=department, role_family="Officers", defaults={"headcount": 10}
    )
    ChangeImpact.objects.create(project=project, group=group, degree=degree)


def test_the_check_command_prints_the_exact_contract(
    team: dict[str, Any], org: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    ana, ben, project = team["ana"], team["ben"], team["project"]
    ProjectFactory(name="Bins", senior_responsible_owner=None)
    services.raci_save(project=project, grid=[("Build", {ana: "A", ben: "A"}),
                                              ("Test", {ben: "C"})], user=SYSTEM)  # fmt: skip
    _impact(project, org["resources"], "high")  # Ana's Finance sits inside Resources
    _impact(project, org["place"], "low")  # Ben (Highways, in Place) is only A or C...
    _impact(project, org["highways"], "none")

    with override_settings(GOVDX_RACI_ACCOUNTABLE_LIMIT=1):
        assert main(["governance", "check", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)

    assert list(printed) == ["projects_without_sro", "raci_problems",
                             "departments_unrepresented", "overloaded_people"]  # fmt: skip
    assert printed["projects_without_sro"] == ["Bins"]
    assert printed["raci_problems"] == [
        {"project": "Digital tax", "row": "Build", "problem": "more than one accountable"},
        {"project": "Digital tax", "row": "Build", "problem": "no responsible"},
        {"project": "Digital tax", "row": "Test", "problem": "no accountable"},
        {"project": "Digital tax", "row": "Test", "problem": "no responsible"},
    ]
    # Ben is C in Test, so Place is represented; Resources has nobody as R or C
    assert printed["departments_unrepresented"] == [
        {"project": "Digital tax", "department": "Resources"}
    ]
    assert printed["overloaded_people"] == []

    assert main(["governance", "check", "--project", "digital tax", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["projects_without_sro"] == []


def test_a_person_stands_for_every_impacted_department_their_team_sits_in(
    team: dict[str, Any], org: dict[str, Any]
) -> None:
    services.raci_save(project=team["project"], grid=[("Build", {team["ana"]: "A/R"})],
                       user=SYSTEM)  # fmt: skip
    _impact(team["project"], org["finance"], "high")  # Ana's own team...
    _impact(team["project"], org["resources"], "high")  # ...and the directorate it sits in

    assert selectors.governance_check().departments_unrepresented == ()


def test_a_person_accountable_for_more_rows_than_the_limit_is_overloaded(
    team: dict[str, Any],
) -> None:
    grid = [(f"Row {n}", {team["ana"]: "A/R"}) for n in range(3)]
    services.raci_save(project=team["project"], grid=grid, user=SYSTEM)

    assert selectors.governance_check(limit=3).overloaded_people == ()
    over = selectors.governance_check(limit=2).as_dict()["overloaded_people"]
    assert over == [{"person": "Ana Silva", "accountable_rows": 3}]


def test_the_raci_import_command_refuses_a_bad_file_and_the_api_imports_a_good_one(
    team: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    make_user: Callable[..., Any], client_for: Callable[[Any], Client],
) -> None:  # fmt: skip
    bad = write(tmp_path / "bad.csv", [["Deliverable", "Ana Silva"], ["Build", "Z"]])
    assert main(["governance", "raci", "import", str(bad), "--project", "Digital tax"]) == 1
    assert "row 2" in capsys.readouterr().err
    good = write(tmp_path / "good.csv", GRID)
    assert main(["governance", "raci", "import", str(good), "--project", "Digital tax",
                 "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["rows"] == 2

    client = client_for(make_user(Role.PROGRAMME_MANAGER))
    with good.open("rb") as handle:
        response = client.post("/api/governance/raci/import",
                               {"file": handle, "project": "Digital tax"})  # fmt: skip
    assert response.status_code == 201
    assert response.json()["entries"]["unchanged"] == 3
    checked = client.get("/api/governance/check?project=Digital tax").json()
    assert checked["raci_problems"] == [
        {"project": "Digital tax", "row": "Go live", "problem": "no responsible"}
    ]


def test_the_grid_page_checks_a_posted_grid_live_and_saves_it(
    team: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client],
) -> None:  # fmt: skip
    client = client_for(make_user(Role.PROGRAMME_MANAGER))
    url = f"/governance/projects/{team['project'].pk}/raci/"
    ana = team["ana"]
    form = {"person": [ana.pk], "row-0": "Build", f"cell-0-{ana.pk}": "A", "row-1": ""}

    live = client.post(url, form, headers={"HX-Request": "true"})
    assert live.status_code == 200
    assert "Build: no responsible" in live.content.decode()
    assert not RaciRow.objects.exists()

    saved = client.post(url, {**form, f"cell-0-{ana.pk}": "A/R", "action": "save"})
    assert saved.status_code == 302
    assert RaciAssignment.objects.get().roles == "A/R"
    page = client.get(url).content.decode()
    assert 'value="A/R"' in page and "Meets the rules" in page
