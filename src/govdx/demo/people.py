"""Northshire Council's people and culture change: people groups in the teams the demo projects
change, the impact of each project on them, two readiness surveys on the ADKAR model (before
and after the training, 400 responses in all) and readiness gates on three go-live milestones:
one met since the training, one met exactly at its threshold, one still not met.
Three culture pulses, a quarter apart, with comments; one group too small to be shown.

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
from govdx.org.models import Department, Person
from govdx.people import selectors, services
from govdx.people.models import (
    ChangeImpact,
    PeopleGroup,
    PulseResponse,
    PulseSurvey,
    ReadinessGate,
    SkillAssessment,
    SkillsFramework,
    StaffRole,
    Survey,
    SurveyResponse,
    TrainingPlan,
)
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

# (pulse, days ago): the culture pulse, asked every quarter
PULSES: tuple[tuple[str, int], ...] = (
    ("Culture pulse: autumn", 200), ("Culture pulse: winter", 110), ("Culture pulse: spring", 20),
)  # fmt: skip
PULSE_QUESTIONS = (
    "I understand why we are changing how we work",
    "I have the tools and training I need for the change",
    "My views on the change are listened to",
    "I feel positive about the change",
)
# (team code, role family, respondents per pulse, mean lift per pulse): planning has too few
# respondents to be shown on its own.
PULSE_GROUPS: tuple[tuple[str, str, int, float], ...] = (
    ("revenues-and-benefits", "Benefits assessors", 14, 0.4),
    ("revenues-and-benefits", "Council tax officers", 10, 0.1),
    ("customer-services", "Contact centre advisers", 16, 0.3),
    ("assessment-and-care-management", "Social workers", 12, -0.3),
    ("digital-and-it", "IT service desk", 8, 0.0),
    ("planning", "Planning officers", 4, 0.2),
)
PULSE_COMMENTS = (
    "The training sessions helped, more of them please.",
    "We hear about changes too late to plan for them.",
    "The new system is quicker once you get used to it.",
    "Our team's workload has not been taken into account.",
    "Good to see managers asking for our views.",
    "Still not clear what happens to our old processes.",
    "Residents like being able to do it online.",
    "The change is moving too fast for the caseload we have.",
)
PULSE_HEADINGS = ("respondent", "group", *PULSE_QUESTIONS, "comment")

FRAMEWORK = "Government digital and data (demo subset)"
FRAMEWORK_HEADINGS = ("role family", "role", "role level", "skill", "skill level", "description")
# (role family, role, role level, ((skill, skill level), ...)): a small subset of the digital
# and data roles and skills of the government digital and data capability framework.
FRAMEWORK_ROLES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Data", "Data analyst", "Data analyst", (
        ("Data visualisation", "working"), ("Statistical methods", "working"),
        ("Data ethics and privacy", "working"), ("Data management", "awareness"))),
    ("Data", "Data analyst", "Senior data analyst", (
        ("Data visualisation", "practitioner"), ("Statistical methods", "practitioner"),
        ("Data ethics and privacy", "practitioner"), ("Data management", "working"))),
    ("User-centred design", "User researcher", "User researcher", (
        ("User research", "practitioner"), ("Analysis and synthesis", "working"),
        ("Communicating research", "working"))),
    ("Product and delivery", "Delivery manager", "Delivery manager", (
        ("Agile working", "practitioner"), ("Stakeholder relationship management", "working"),
        ("Team dynamics and collaboration", "working"))),
    ("Technical", "Infrastructure engineer", "Infrastructure engineer", (
        ("Infrastructure design", "practitioner"), ("Systems integration", "working"),
        ("Ownership and initiative", "working"))),
)  # fmt: skip

# team code -> the roles (by role level) its staff hold, drawn in turn
STAFF_ROLES: dict[str, tuple[str, ...]] = {
    "digital-and-it": ("Infrastructure engineer", "Senior data analyst", "Delivery manager"),
    "revenues-and-benefits": ("Data analyst", "User researcher"),
    "customer-services": ("User researcher", "Delivery manager"),
    "finance": ("Data analyst", "Senior data analyst"),
    "planning": ("Delivery manager", "Data analyst"),
}
COURSES = ("Introduction to {skill}", "{skill} in practice", "{skill}: advanced workshop")


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
    load_skills_demo(seed=seed, user=user, today=today)
    load_pulse_demo(seed=seed, user=user, today=today)
    return _counts()


def pulse_rows(seed: int, pulse_index: int) -> list[list[Any]]:
    """A pulse's rows as its file holds them: each group's respondents scoring around its
    mean for the pulse (3, lifted by its lift each pulse), a third of them with a comment."""
    rng = random.Random(seed * 100 + 31 + pulse_index)
    rows: list[list[Any]] = []
    for number, (team, role_family, count, lift) in enumerate(PULSE_GROUPS):
        group = _group(team, role_family)
        if group is None:
            continue
        centre = 3.2 + lift * pulse_index
        for index in range(count):
            scores = [max(1, min(5, round(rng.gauss(centre, 0.9)))) for _ in PULSE_QUESTIONS]
            comment = rng.choice(PULSE_COMMENTS) if rng.random() < 1 / 3 else ""
            rows.append([f"NSC-P{number + 1}{index + 1:03d}", group.name, *scores, comment])
    rng.shuffle(rows)
    return rows


def load_pulse_demo(*, seed: int, user: Any, today: datetime.date) -> None:
    """Three culture pulses of the groups the projects change, imported as their files; a
    pulse already there is left as it is."""
    with tempfile.TemporaryDirectory(prefix="govdx-demo-pulse-") as folder:
        for index, (name, days_ago) in enumerate(PULSES):
            if PulseSurvey.objects.filter(name=name).exists():
                continue
            path = Path(folder) / f"pulse-{index + 1}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(PULSE_HEADINGS)
                writer.writerows(pulse_rows(seed, index))
            services.pulse_import(
                path, pulse_name=name, user=user,
                conducted_on=today - datetime.timedelta(days=days_ago),
            )  # fmt: skip


def framework_rows() -> list[list[str]]:
    """The demo framework as its file holds it: one row per role level and skill."""
    return [
        [family, role, level, skill, skill_level, f"{skill} at {skill_level} level for a {level}."]
        for family, role, level, skills in FRAMEWORK_ROLES
        for skill, skill_level in skills
    ]


def load_skills_demo(*, seed: int, user: Any, today: datetime.date) -> None:
    """The demo framework, the roles staff of five teams hold, their assessed levels (around
    the level their role needs, some short of it) and training plans for the gaps, a third of
    them completed. Idempotent: a person who already has a role, assessments or training is
    left as they are."""
    with tempfile.TemporaryDirectory(prefix="govdx-demo-skills-") as folder:
        path = Path(folder) / "framework.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(FRAMEWORK_HEADINGS)
            writer.writerows(framework_rows())
        services.framework_import(path, framework_name=FRAMEWORK, user=user)
    framework = SkillsFramework.objects.get(name=FRAMEWORK)
    roles = {role.level: role for role in framework.roles.all()}
    rng = random.Random(seed * 10 + 7)
    staff = Person.objects.filter(department__code__in=STAFF_ROLES, is_active=True).select_related(
        "department"
    )
    for index, person in enumerate(staff.order_by("staff_number")):
        choices = STAFF_ROLES[person.department.code]
        role = roles[choices[index % len(choices)]]
        if not StaffRole.objects.filter(person=person).exists():
            services.staff_role_create(
                data={"person": person, "role": role,
                      "since": today - datetime.timedelta(days=rng.randint(200, 1500))},
                user=user, reason="demo data",
            )  # fmt: skip
        needs = list(role.requirements.select_related("skill").order_by("skill__name"))
        if not SkillAssessment.objects.filter(person=person).exists():
            for requirement in needs:
                level = max(1, min(4, requirement.level + rng.choice((-2, -1, -1, 0, 0, 0, 1))))
                services.skill_assessment_create(
                    data={"person": person, "skill": requirement.skill, "level": level,
                          "assessed_on": today - datetime.timedelta(days=rng.randint(20, 90)),
                          "assessor": person.department.head},
                    user=user, reason="demo data",
                )  # fmt: skip
        if TrainingPlan.objects.filter(person=person).exists():
            continue
        levels = {a.skill_id: a.level for a in SkillAssessment.objects.filter(person=person)}
        for requirement in needs:
            if levels.get(requirement.skill_id, 0) >= requirement.level:
                continue
            completed = rng.random() < 1 / 3
            due = today + datetime.timedelta(days=rng.randint(-60, 120))
            services.training_plan_create(
                data={"person": person, "skill": requirement.skill,
                      "target_level": requirement.level,
                      "course": rng.choice(COURSES).format(skill=requirement.skill.name),
                      "due_on": due,
                      "completed_on": min(due, today) if completed else None},
                user=user, reason="demo data",
            )  # fmt: skip


def _counts() -> dict[str, Any]:
    states = selectors.gate_states(selectors.readiness_gate_list())
    return {
        "groups": PeopleGroup.objects.count(),
        "impacts": ChangeImpact.objects.count(),
        "surveys": Survey.objects.count(),
        "responses": SurveyResponse.objects.count(),
        "gates": len(states),
        "gates_met": sum(1 for state in states if state.state == selectors.MET),
        "frameworks": SkillsFramework.objects.count(),
        "staff_roles": StaffRole.objects.count(),
        "assessments": SkillAssessment.objects.count(),
        "training_plans": TrainingPlan.objects.count(),
        "training_completed": TrainingPlan.objects.filter(completed_on__isnull=False).count(),
        "pulses": PulseSurvey.objects.count(),
        "pulse_responses": PulseResponse.objects.count(),
        "pulse_comments": PulseResponse.objects.exclude(comment="").count(),
    }
