"""Skills and training: the capability framework imported as versioned reference data (all or
nothing, a new version keeping people's assessments), people's gaps against their role, the
gap per department, the pages, the API and `govdx people skills import`."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from govdx import cli
from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.domain.tabular import ImportProblems
from govdx.people import selectors, services
from govdx.people.models import FrameworkRole, Skill, SkillAssessment, SkillsFramework
from tests.people.conftest import FRAMEWORK_ROWS, START

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(make_user: Any, client_for: Any) -> Client:
    return client_for(make_user(Role.CHANGE_MANAGER))


def test_a_framework_import_creates_roles_skills_and_requirements_at_version_1(framework_file):
    result = services.framework_import(framework_file(), framework_name="Digital", user=SYSTEM)
    assert result.as_dict() == {
        "framework": "Digital",
        "framework_created": True,
        "version": 1,
        "rows": 3,
        "roles": {"created": 2, "updated": 0, "unchanged": 0, "removed": 0},
        "skills": {"created": 3, "updated": 0, "unchanged": 0, "removed": 0},
        "requirements": {"created": 3, "updated": 0, "unchanged": 0, "removed": 0},
    }
    role = FrameworkRole.objects.get(level="Senior user researcher")
    assert str(role) == "User researcher (Senior user researcher)"
    assert role.requirements.get().get_level_display() == "Expert"


def test_importing_the_same_framework_again_changes_nothing_and_keeps_the_version(
    framework, framework_file
):
    again = services.framework_import(
        framework_file(), framework_name="digital and DATA", user=SYSTEM
    )
    assert again.version == 1
    assert not again.changed
    assert again.requirements.unchanged == 3
    assert SkillsFramework.objects.get().framework_version == 1


def test_a_new_version_retires_what_it_drops_and_keeps_peoples_assessments(staff, framework_file):
    rows = [FRAMEWORK_ROWS[0], ["Data", "Data analyst", "Data analyst", "Data ethics", "working",
                                ""]]  # fmt: skip
    result = services.framework_import(
        framework_file(rows), framework_name="Digital and data", user=SYSTEM
    )
    assert result.version == 2
    assert result.skills.as_dict() == {"created": 1, "updated": 0, "unchanged": 1, "removed": 2}
    assert result.roles.removed == 1
    assert result.requirements.removed == 1  # statistical methods, no longer needed
    retired = Skill.objects.get(name="Statistical methods")
    assert retired.retired_in == 2
    assert SkillAssessment.objects.filter(skill=retired).count() == 1  # kept
    assert FrameworkRole.objects.get(name="User researcher").retired_in == 2
    _, gaps = selectors.person_gaps(staff["highways"])
    assert [(g.requirement.skill.name, g.gap.gap) for g in gaps] == [
        ("Data ethics", 2), ("Data visualisation", 0),
    ]  # fmt: skip
    back = services.framework_import(
        framework_file(), framework_name="Digital and data", user=SYSTEM
    )
    assert back.version == 3
    assert Skill.objects.get(name="Statistical methods").retired_in is None


def test_a_bad_framework_file_is_refused_whole_naming_row_and_column(framework_file):
    rows = [*FRAMEWORK_ROWS, ["Data", "Data engineer", "Data engineer", "Modelling", "guru", ""]]
    with pytest.raises(ImportProblems) as refused:
        services.framework_import(framework_file(rows), framework_name="Digital", user=SYSTEM)
    problem = refused.value.problems[0]
    assert (problem.row, problem.column) == (5, "skill level")
    assert not SkillsFramework.objects.exists()
    assert not Skill.objects.exists()


def test_a_dry_run_reports_and_writes_nothing(framework_file):
    result = services.framework_import(
        framework_file(), framework_name="Digital", user=SYSTEM, dry_run=True
    )
    assert result.roles.created == 2
    assert result.framework_id is None
    assert not SkillsFramework.objects.exists()


def test_a_persons_gap_uses_their_latest_assessment_and_counts_unassessed_skills(staff):
    services.skill_assessment_create(
        data={"person": staff["finance"], "skill": staff["skills"]["Data visualisation"],
              "level": 1, "assessed_on": START.replace(year=START.year - 1)},
        user=SYSTEM,
    )  # fmt: skip
    held, gaps = selectors.person_gaps(staff["finance"])
    assert held is not None and held.role == staff["analyst"]
    assert [(g.requirement.skill.name, g.assessed_label, g.gap.gap) for g in gaps] == [
        ("Data visualisation", "Working", 1),
        ("Statistical methods", "Not assessed", 2),
    ]


def test_the_gap_map_counts_each_department_and_skill(staff):
    shown = selectors.gap_map(selectors.staff_role_list())
    finance = shown.cell("Finance", "Data visualisation")
    assert finance is not None
    assert finance.text == "1 of 1 short, mean gap 1.00"
    highways = shown.cell("Highways", "Statistical methods")
    assert highways is not None
    assert (highways.short, highways.mean_gap) == (0, Decimal("0.00"))


def test_the_gap_heat_map_page_is_a_table_in_words(change, staff):
    page = change.get("/people/skills/gaps/").content.decode()
    assert "<caption" in page
    assert "1 of 1 short, mean gap 1.00" in page
    assert "govdx-heat--red" in page and "govdx-heat--green" in page


def test_the_gap_heat_map_says_what_to_do_when_no_one_holds_a_role(change, org):
    page = change.get("/people/skills/gaps/").content.decode()
    assert "No member of staff holds a framework role" in page


def test_a_persons_skills_page_shows_role_gaps_assessments_and_training(change, staff):
    services.training_plan_create(
        data={"person": staff["finance"], "skill": staff["skills"]["Data visualisation"],
              "target_level": 3, "course": "Dashboards in practice", "due_on": START},
        user=SYSTEM,
    )  # fmt: skip
    page = change.get(f"/people/skills/people/{staff['finance'].pk}/").content.decode()
    assert "Holds the role Data analyst" in page
    assert "Not assessed" in page
    assert "Dashboards in practice" in page
    assert "Record an assessment" in page


def test_the_framework_page_lists_roles_with_their_skills(change, framework):
    page = change.get(f"/people/skills/{framework.pk}/").content.decode()
    assert "User researcher (Senior user researcher)" in page
    assert "Leads research" in page


def test_the_import_page_runs_a_dry_run_then_imports(change, framework_file):
    with framework_file().open("rb") as handle:
        dry = change.post("/people/skills/import/",
                          {"file": handle, "framework": "Digital", "dry_run": "on"})  # fmt: skip
    assert dry.status_code == 200
    assert "Dry run: nothing was written" in dry.content.decode()
    assert not SkillsFramework.objects.exists()
    with framework_file().open("rb") as handle:
        done = change.post("/people/skills/import/", {"file": handle, "framework": "Digital"})
    assert done.status_code == 302
    assert SkillsFramework.objects.get().name == "Digital"


def test_the_import_page_lists_a_refused_files_problems(change, framework_file):
    rows = [["Data", "", "Data analyst", "Data ethics", "working", ""]]
    with framework_file(rows).open("rb") as handle:
        refused = change.post("/people/skills/import/", {"file": handle, "framework": "Digital"})
    assert refused.status_code == 422
    assert "The file was refused" in refused.content.decode()


def test_a_training_plan_is_completed_through_its_form_with_history(change, staff):
    plan = services.training_plan_create(
        data={"person": staff["finance"], "skill": staff["skills"]["Data visualisation"],
              "target_level": 3, "course": "Dashboards", "due_on": START},
        user=SYSTEM,
    )  # fmt: skip
    form = {"person": plan.person_id, "skill": plan.skill_id, "target_level": 3,
            "course": "Dashboards", "due_on": START.isoformat(),
            "completed_on": START.isoformat(), "version": plan.version}  # fmt: skip
    assert change.post(f"/people/training/{plan.pk}/change/", form).status_code == 302
    plan.refresh_from_db()
    assert plan.completed_on == START
    assert plan.history.count() == 2


@pytest.mark.parametrize(
    ("path", "sort", "shown"),
    [("/people/skills/", "-name", "Digital and data"),
     ("/people/skills/roles/", "-person", "Ben Highways"),
     ("/people/skills/assessments/", "-assessed_on", "Ada Finance"),
     ("/people/training/", "due_on", "There are no training plans yet")],
)  # fmt: skip
def test_each_skills_register_lists_sorts_and_filters(change, staff, path, sort, shown):
    listed = change.get(path, {"sort": sort})
    assert listed.status_code == 200
    assert shown in listed.content.decode()
    empty = change.get(path, {"q": "nobody matches this"})
    assert empty.status_code == 200
    assert "Ben Highways" not in empty.content.decode()


def test_the_assessment_list_keeps_to_a_fixed_number_of_queries(
    change, staff, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert change.get("/people/skills/assessments/").status_code == 200


def test_the_api_lists_frameworks_assessments_training_and_the_gap_map(change, staff):
    assert change.get("/api/skills/frameworks").json()["items"][0]["framework_version"] == 1
    levels = {row["level"] for row in change.get("/api/skills/assessments").json()["items"]}
    assert levels == {"working", "expert"}
    gaps = change.get("/api/skills/gaps").json()
    assert gaps["Finance"]["Statistical methods"] == {
        "people": 1, "short": 1, "mean_gap": 2.0, "band": "high",
    }  # fmt: skip


def test_the_api_imports_a_framework_as_the_command_does(change, framework_file):
    with framework_file().open("rb") as handle:
        answer = change.post("/api/skills/import", {"file": handle, "framework": "Digital"})
    assert answer.status_code == 201
    assert answer.json()["requirements"]["created"] == 3


def test_skills_import_prints_its_contract_as_json(capsys, framework_file):
    status = cli.main(["people", "skills", "import", str(framework_file()), "--json"])
    out, _ = capsys.readouterr()
    assert status == 0
    assert json.loads(out) == {
        "framework": "Government digital and data",
        "framework_created": True,
        "version": 1,
        "rows": 3,
        "roles": {"created": 2, "updated": 0, "unchanged": 0, "removed": 0},
        "skills": {"created": 3, "updated": 0, "unchanged": 0, "removed": 0},
        "requirements": {"created": 3, "updated": 0, "unchanged": 0, "removed": 0},
    }


def test_skills_import_refuses_a_bad_file_naming_row_and_column(capsys, framework_file):
    rows = [["Data", "Data analyst", "Data analyst", "Data ethics", "wizard", ""]]
    status = cli.main(["people", "skills", "import", str(framework_file(rows)),
                       "--framework", "Digital", "--json"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert status != 0
    assert json.loads(out)["problems"][0]["row"] == 2
    assert json.loads(out)["problems"][0]["column"] == "skill level"
    assert not SkillsFramework.objects.exists()
