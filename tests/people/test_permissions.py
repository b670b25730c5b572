"""Who may do what to people and culture change, pages and API alike: every role against every
endpoint, inside and outside the scope of its grant.

A department lead leads Resources (and Finance below it): the Finance group is inside that
scope, the Highways group outside. Change managers and administrators keep the surveys;
department leads keep their own department's groups and impacts; programme managers set
readiness gates with change managers. Everyone inside the organisation reads; a supplier
contact reads nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from govdx.people.models import PeopleGroup, PulseSurvey, SkillAssessment, Survey

pytestmark = pytest.mark.django_db

ROLES = list(Role)
INSIDE, OUTSIDE = "inside", "outside"
SCOPES = [INSIDE, OUTSIDE]
SURVEY_WRITERS = {Role.ADMINISTRATOR, Role.CHANGE_MANAGER}
GROUP_WRITERS = {Role.ADMINISTRATOR, Role.CHANGE_MANAGER, Role.DEPARTMENT_LEAD}
GATE_WRITERS = {Role.ADMINISTRATOR, Role.CHANGE_MANAGER, Role.PROGRAMME_MANAGER}


def reads(role: Role) -> bool:
    return role is not Role.SUPPLIER_CONTACT


def writes_group(role: Role, scope: str) -> bool:
    if role is Role.DEPARTMENT_LEAD and scope == OUTSIDE:
        return False
    return role in GROUP_WRITERS


def for_group(role: Role, scope: str, success: int) -> int:
    if not reads(role):
        return 404
    return success if writes_group(role, scope) else 403


@pytest.fixture
def role_client(
    role: Role, user_in_scope: Callable[..., Any], client_for: Callable[[Any], Client]
) -> Client:
    return client_for(user_in_scope(role))


@pytest.fixture
def group(scope: str, groups: dict[str, PeopleGroup]) -> PeopleGroup:
    return groups["finance" if scope == INSIDE else "highways"]


def expected_pages(role: Role, scope: str) -> dict[str, int]:
    listing = 200 if reads(role) else 403
    return {
        "home": listing,
        "groups": listing,
        "group": 200 if reads(role) else 404,
        "heat map": listing,
        "impacts": listing,
        "surveys": listing,
        "survey": 200 if reads(role) else 404,
        "gates": listing,
        "import form": 200 if role in SURVEY_WRITERS else 403,
        "import": 302 if role in SURVEY_WRITERS else 403,
        "gate form": 200 if role in GATE_WRITERS else 403,
        "group change": for_group(role, scope, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_people_pages_its_grant_allows(
    role: Role, scope: str, group: PeopleGroup, role_client: Client, import_survey: Any,
    survey_file: Callable[..., Path],
) -> None:  # fmt: skip
    client = role_client
    import_survey(survey="Before training")
    survey = Survey.objects.get()
    record = f"/people/groups/{group.pk}/"
    form = {"department": group.department_id, "role_family": f"{group.role_family} renamed",
            "headcount": 3, "version": group.version}  # fmt: skip
    with survey_file(name="upload.csv").open("rb") as handle:
        imported = client.post("/people/surveys/import/", {"file": handle, "survey": "Pulse"})

    listed = client.get("/people/groups/")
    statuses = {
        "home": client.get("/people/").status_code,
        "groups": listed.status_code,
        "group": client.get(record).status_code,
        "heat map": client.get("/people/impact/").status_code,
        "impacts": client.get("/people/impacts/").status_code,
        "surveys": client.get("/people/surveys/").status_code,
        "survey": client.get(f"/people/surveys/{survey.pk}/").status_code,
        "gates": client.get("/people/gates/").status_code,
        "import form": client.get("/people/surveys/import/").status_code,
        "import": imported.status_code,
        "gate form": client.get("/people/gates/add/").status_code,
        "group change": client.post(f"{record}change/", form).status_code,
    }

    expected = expected_pages(role, scope)
    assert statuses == expected
    assert Survey.objects.filter(name="Pulse").exists() is (expected["import"] == 302)
    assert PeopleGroup.objects.get(pk=group.pk).role_family.endswith("renamed") is (
        expected["group change"] == 302
    )
    assert (f'href="{record}"' in listed.content.decode()) is reads(role)


def expected_endpoints(role: Role, scope: str) -> dict[str, int]:
    listing = 200 if reads(role) else 403
    return {
        "report": listing,
        "surveys": listing,
        "gates": listing,
        "groups": listing,
        "impacts": listing,
        "group": 200 if reads(role) else 404,
        "import": 201 if role in SURVEY_WRITERS else 403,
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_people_endpoints_its_grant_allows(
    role: Role, scope: str, group: PeopleGroup, role_client: Client, import_survey: Any,
    survey_file: Callable[..., Path],
) -> None:  # fmt: skip
    client = role_client
    import_survey(survey="Before training")
    with survey_file(name="upload.csv").open("rb") as handle:
        imported = client.post("/api/readiness/import", {"file": handle, "survey": "Pulse"})
    statuses = {
        "report": client.get("/api/readiness/report", {"survey": "Before training"}).status_code,
        "surveys": client.get("/api/readiness/surveys").status_code,
        "gates": client.get("/api/readiness/gates").status_code,
        "groups": client.get("/api/people-groups").status_code,
        "impacts": client.get("/api/people-groups/impacts").status_code,
        "group": client.get(f"/api/people-groups/{group.pk}").status_code,
        "import": imported.status_code,
    }
    assert statuses == expected_endpoints(role, scope)


PAGES = ["/people/", "/people/groups/", "/people/groups/1/", "/people/impact/",
         "/people/impacts/", "/people/surveys/", "/people/surveys/1/", "/people/surveys/import/",
         "/people/gates/", "/people/gates/add/", "/people/skills/", "/people/skills/1/",
         "/people/skills/import/", "/people/skills/gaps/", "/people/skills/roles/",
         "/people/skills/assessments/", "/people/skills/people/1/",
         "/people/training/", "/people/pulses/", "/people/pulses/1/",
         "/people/pulses/import/", "/people/pulses/trends/"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_people_page(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/readiness/report?survey=x"), ("get", "/api/readiness/gates"),
     ("get", "/api/people-groups"), ("post", "/api/readiness/import"),
     ("get", "/api/skills/gaps"), ("post", "/api/skills/import"), ("get", "/api/pulses"),
     ("get", "/api/pulses/report?pulse=x"), ("get", "/api/pulses/trends"),
     ("post", "/api/pulses/import")],
)  # fmt: skip
def test_the_people_api_answers_401_without_a_token_or_a_session(method: str, path: str) -> None:
    assert getattr(Client(), method)(path).status_code == 401


def expected_skills_pages(role: Role, scope: str) -> dict[str, int]:
    listing = 200 if reads(role) else 403
    return {
        "frameworks": listing,
        "framework": 200 if reads(role) else 404,
        "gap map": listing,
        "roles held": listing,
        "assessments": listing,
        "training": listing,
        "person skills": listing,
        "framework import form": 200 if role in SURVEY_WRITERS else 403,
        "assessment change": for_group(role, scope, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_skills_pages_its_grant_allows(
    role: Role, scope: str, role_client: Client, staff: dict[str, Any]
) -> None:
    client = role_client
    person = staff["finance" if scope == INSIDE else "highways"]
    assessment = SkillAssessment.objects.filter(person=person).first()
    assert assessment is not None
    form = {"person": person.pk, "skill": assessment.skill_id, "level": 1,
            "assessed_on": assessment.assessed_on.isoformat(),
            "version": assessment.version}  # fmt: skip
    framework = staff["analyst"].framework_id
    statuses = {
        "frameworks": client.get("/people/skills/").status_code,
        "framework": client.get(f"/people/skills/{framework}/").status_code,
        "gap map": client.get("/people/skills/gaps/").status_code,
        "roles held": client.get("/people/skills/roles/").status_code,
        "assessments": client.get("/people/skills/assessments/").status_code,
        "training": client.get("/people/training/").status_code,
        "person skills": client.get(f"/people/skills/people/{person.pk}/").status_code,
        "framework import form": client.get("/people/skills/import/").status_code,
        "assessment change": client.post(
            f"/people/skills/assessments/{assessment.pk}/change/", form
        ).status_code,
    }
    expected = expected_skills_pages(role, scope)
    assert statuses == expected
    assessment.refresh_from_db()
    assert (assessment.level == 1) is (expected["assessment change"] == 302)


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_skills_endpoints_its_grant_allows(
    role: Role, scope: str, role_client: Client, staff: dict[str, Any],
    framework_file: Callable[..., Path],
) -> None:  # fmt: skip
    client = role_client
    listing = 200 if reads(role) else 403
    with framework_file().open("rb") as handle:
        imported = client.post("/api/skills/import", {"file": handle, "framework": "Other"})
    statuses = {
        "frameworks": client.get("/api/skills/frameworks").status_code,
        "roles": client.get("/api/skills/roles").status_code,
        "assessments": client.get("/api/skills/assessments").status_code,
        "training": client.get("/api/skills/training").status_code,
        "gaps": client.get("/api/skills/gaps").status_code,
        "import": imported.status_code,
    }
    assert statuses == {
        "frameworks": listing, "roles": listing, "assessments": listing, "training": listing,
        "gaps": listing, "import": 201 if role in SURVEY_WRITERS else 403,
    }  # fmt: skip


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_call_the_culture_pulse_its_grant_allows(
    role: Role, scope: str, group: PeopleGroup, role_client: Client, import_pulse: Any,
    pulse_file: Callable[..., Path],
) -> None:  # fmt: skip
    client = role_client
    import_pulse(pulse="Spring pulse")
    pulse = PulseSurvey.objects.get()
    with pulse_file(name="upload.csv").open("rb") as handle:
        page_import = client.post("/people/pulses/import/", {"file": handle, "pulse": "Page"})
    with pulse_file(name="upload.csv").open("rb") as handle:
        api_import = client.post("/api/pulses/import", {"file": handle, "pulse": "Api"})
    listing = 200 if reads(role) else 403
    writes = role in SURVEY_WRITERS
    statuses = {
        "pulses": client.get("/people/pulses/").status_code,
        "pulse": client.get(f"/people/pulses/{pulse.pk}/").status_code,
        "trends": client.get("/people/pulses/trends/").status_code,
        "import form": client.get("/people/pulses/import/").status_code,
        "import": page_import.status_code,
        "api pulses": client.get("/api/pulses").status_code,
        "api report": client.get("/api/pulses/report", {"pulse": "Spring pulse"}).status_code,
        "api trends": client.get("/api/pulses/trends").status_code,
        "api import": api_import.status_code,
    }
    assert statuses == {
        "pulses": listing, "pulse": 200 if reads(role) else 404, "trends": listing,
        "import form": 200 if writes else 403, "import": 302 if writes else 403,
        "api pulses": listing, "api report": listing, "api trends": listing,
        "api import": 201 if writes else 403,
    }  # fmt: skip
    assert PulseSurvey.objects.filter(name__in=["Page", "Api"]).count() == (2 if writes else 0)
