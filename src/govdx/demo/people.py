"""Northshire Council's people and culture change: people groups in the teams the demo projects
change, the impact of each project on them, two readiness surveys on the ADKAR model (before
and after the training, 400 responses in all) and readiness gates on three go-live milestones:
one met since the training, one met exactly at its threshold, one still not met.

Loaded as a change manager would load it: the groups and impacts through the services, each
survey written as the spreadsheet the survey tool exports and imported with
`readiness_import`. Fictional, and the same for the same seed: each group's share ready is
fixed, and the rng only decides who is ready and their scores. Dates are counted back from
today, as the programme's are. Loading twice changes nothing: a record already there is left
as it is.
"""

from __future__ import annotations

import csv
import datetime
import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.core.services import record_update
from govdx.domain.people.adkar import BARRIER_HIGHEST_SCORE, ELEMENTS, HIGHEST_SCORE
from govdx.org.models import Department
from govdx.people import selectors, services
from govdx.people.models import ChangeImpact, PeopleGroup, ReadinessGate, Survey, SurveyResponse
from govdx.programme.models import Activity, Project

# (team code, role family, headcount)
GROUPS: tuple[tuple[str, str, int], ...] = (
    ("revenues-and-benefits", "Benefits assessors", 60),
    ("revenues-and-benefits", "Council tax officers", 45),
    ("customer-services", "Contact centre advisers", 70),
    ("assessment-and-care-management", "Social workers", 80),
    ("digital-and-it", "IT service desk", 25),
    ("planning", "Planning officers", 30),
    ("organisational-development", "Learning and development advisers", 12),
    ("finance", "Finance officers", 40),
)

# (project, team code, role family, degree, what changes for them)
IMPACTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Online revenues and benefits", "revenues-and-benefits", "Benefits assessors", "high",
     "Claims arrive online with evidence attached; assessment moves to the new system."),
    ("Online revenues and benefits", "revenues-and-benefits", "Council tax officers", "high",
     "Residents change their accounts themselves; officers handle exceptions only."),
    ("Online revenues and benefits", "customer-services", "Contact centre advisers", "medium",
     "Fewer calls about bills; advisers help residents use the online account."),
    ("Online revenues and benefits", "digital-and-it", "IT service desk", "low",
     "Support of the revenues system passes to its supplier's cloud."),
    ("Online revenues and benefits", "finance", "Finance officers", "low",
     "Payments reconciled from the new payments gateway."),
    ("Social care case management replacement", "assessment-and-care-management",
     "Social workers", "high", "A new case management system, forms and workflows."),
    ("Social care case management replacement", "digital-and-it", "IT service desk", "medium",
     "A new system to support, with its integrations."),
    ("Social care case management replacement", "customer-services",
     "Contact centre advisers", "low", "Referrals logged in the new system."),
    ("Data centre exit", "digital-and-it", "IT service desk", "high",
     "Servers move to the cloud; monitoring and support change."),
    ("Data centre exit", "finance", "Finance officers", "none",
     "Assessed: the finance system is already hosted; nothing changes."),
    ("Digital skills for all staff", "organisational-development",
     "Learning and development advisers", "high", "They run the training programme."),
    ("Digital skills for all staff", "planning", "Planning officers", "low",
     "Two days of digital skills training each."),
    ("Customer contact and website redesign", "customer-services",
     "Contact centre advisers", "high", "A new contact platform and scripts."),
    ("Customer contact and website redesign", "revenues-and-benefits",
     "Council tax officers", "medium", "Web content about council tax rewritten with them."),
    ("Planning and building control online", "planning", "Planning officers", "high",
     "Applications and consultations handled online."),
    ("Planning and building control online", "customer-services",
     "Contact centre advisers", "low", "Fewer calls about planning applications."),
)  # fmt: skip

BEFORE, AFTER = "Readiness before training", "Readiness after training"
# (survey, days ago, description)
SURVEYS: tuple[tuple[str, int, str], ...] = (
    (BEFORE, 70, "The ADKAR survey of the groups the online services change, before the "
     "training programme."),
    (AFTER, 14, "The same survey, repeated after the training programme."),
)  # fmt: skip

# (team code, role family, respondents per survey, ready before, ready after)
RESPONDENTS: tuple[tuple[str, str, int, int, int], ...] = (
    ("revenues-and-benefits", "Benefits assessors", 45, 18, 36),
    ("revenues-and-benefits", "Council tax officers", 35, 15, 26),
    ("customer-services", "Contact centre advisers", 50, 17, 30),
    ("assessment-and-care-management", "Social workers", 45, 13, 25),
    ("digital-and-it", "IT service desk", 15, 9, 13),
    ("planning", "Planning officers", 10, 5, 7),
)

# (project, milestone id, team code, role family, share ready needed)
GATES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Online revenues and benefits", "R22", "revenues-and-benefits", "Benefits assessors", "0.7"),
    ("Customer contact and website redesign", "C09", "customer-services",
     "Contact centre advisers", "0.6"),
    ("Social care case management replacement", "S19", "assessment-and-care-management",
     "Social workers", "0.7"),
)  # fmt: skip

HEADINGS = ("respondent", "group", *(element.value for element in ELEMENTS))


def _change_manager() -> Any:
    """The demo's change manager, who loads the people data; the system when absent."""
    return get_user_model().objects.filter(username="change").first() or SYSTEM


def _group(team: str, role_family: str) -> PeopleGroup | None:
    return PeopleGroup.objects.filter(
        department__code=team, role_family__iexact=role_family
    ).first()


def _scores(rng: random.Random, ready: bool) -> list[int]:
    """Five ADKAR scores: all 4 or 5 when ready, else a barrier at a drawn element."""
    scores = [rng.randint(BARRIER_HIGHEST_SCORE + 1, HIGHEST_SCORE) for _ in ELEMENTS]
    if not ready:
        barrier = rng.choices(range(len(ELEMENTS)), weights=(2, 3, 4, 3, 1))[0]
        scores[barrier] = rng.randint(1, BARRIER_HIGHEST_SCORE)
        for later in range(barrier + 1, len(ELEMENTS)):
            scores[later] = rng.randint(1, HIGHEST_SCORE)
    return scores


def survey_rows(seed: int, survey_index: int) -> list[list[Any]]:
    """A survey's rows as its file holds them: each group's respondents, exactly the fixed
    number of them ready, who they are drawn from the seed."""
    rng = random.Random(seed * 10 + survey_index)
    rows: list[list[Any]] = []
    for number, (team, role_family, count, *ready_counts) in enumerate(RESPONDENTS):
        group = _group(team, role_family)
        if group is None:
            continue
        ready = set(rng.sample(range(count), ready_counts[survey_index]))
        for index in range(count):
            respondent = f"NSC-R{number + 1}{index + 1:03d}"
            rows.append([respondent, group.name, *_scores(rng, index in ready)])
    rng.shuffle(rows)
    return rows


def load_people_demo(*, seed: int) -> dict[str, Any]:
    """Load the people demo; idempotent (what is already there is left as it is)."""
    user = _change_manager()
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.filter(code__in={g[0] for g in GROUPS})}
    for team, role_family, headcount in GROUPS:
        if team in departments and _group(team, role_family) is None:
            services.people_group_create(
                data={"department": departments[team], "role_family": role_family,
                      "headcount": headcount},
                user=user,
                reason="demo data",
            )  # fmt: skip
    for project_name, team, role_family, degree, what in IMPACTS:
        project = Project.objects.filter(name=project_name).first()
        group = _group(team, role_family)
        if project is None or group is None:
            continue
        if not ChangeImpact.objects.filter(project=project, group=group).exists():
            services.change_impact_create(
                data={"project": project, "group": group, "degree": degree,
                      "what_changes": what},
                user=user,
                reason="demo data",
            )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="govdx-demo-people-") as folder:
        for index, (name, days_ago, description) in enumerate(SURVEYS):
            if Survey.objects.filter(name=name).exists():
                continue
            path = Path(folder) / f"readiness-{index + 1}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(HEADINGS)
                writer.writerows(survey_rows(seed, index))
            services.readiness_import(
                path,
                survey_name=name,
                user=user,
                conducted_on=today - datetime.timedelta(days=days_ago),
                project=Project.objects.filter(name="Online revenues and benefits").first(),
            )
            record_update(
                instance=Survey.objects.get(name=name), data={"description": description},
                user=user, expected_version=None, reason="demo data",
            )  # fmt: skip
    for project_name, code, team, role_family, threshold in GATES:
        milestone = Activity.objects.filter(project__name=project_name, code=code).first()
        group = _group(team, role_family)
        if milestone is None or group is None:
            continue
        if not ReadinessGate.objects.filter(milestone=milestone, group=group).exists():
            services.readiness_gate_create(
                data={"milestone": milestone, "group": group, "threshold": Decimal(threshold)},
                user=user,
                reason="demo data",
            )
    return _counts()


def _counts() -> dict[str, Any]:
    states = selectors.gate_states(selectors.readiness_gate_list())
    return {
        "groups": PeopleGroup.objects.count(),
        "impacts": ChangeImpact.objects.count(),
        "surveys": Survey.objects.count(),
        "responses": SurveyResponse.objects.count(),
        "gates": len(states),
        "gates_met": sum(1 for state in states if state.state == selectors.MET),
    }
