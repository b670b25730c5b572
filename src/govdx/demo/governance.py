"""The demo council's leadership and governance: a transformation board, a design authority
and the Resources directorate's board, each with a year of meetings, papers (one restricted),
decisions and actions; a RACI grid for each demo project with a few deliberate gaps; and two
digital maturity assessments of each directorate a year apart; and the strategy: objectives
with their key performance indicators and actuals, served by the demo projects and benefits.

Loaded after the programme and the people modules, through the services, by the demo board
member; idempotent (governance already there is left as it is) and the same for one seed."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.governance import selectors, services
from govdx.governance.models import (
    Board,
    BoardAction,
    Decision,
    KeyPerformanceIndicator,
    KpiActual,
    MaturityAssessment,
    Meeting,
    Objective,
    Paper,
    RaciAssignment,
    RaciRow,
)
from govdx.org.models import Department, Person
from govdx.programme.models import Benefit, Project

TRANSFORMATION_BOARD = "Transformation board"
RESTRICTED_PAPER = "Data centre exit: supplier negotiation position"

# (name, kind, department code, months between meetings, terms of reference)
BOARDS: tuple[tuple[str, str, str | None, int, str], ...] = (
    (TRANSFORMATION_BOARD, "transformation", None, 1,
     "Leads the council's digital transformation across every directorate: sets the strategy, "
     "approves business cases above £250,000, holds senior responsible owners to account and "
     "approves the risk appetite. Meets monthly; quorate with the chair and four directors."),
    ("Design authority", "design_authority", None, 3,
     "Approves architecture, data and technology choices against the council's standards; "
     "reviews every project at design and before go-live. Meets quarterly."),
    ("Resources directorate board", "departmental", "resources", 2,
     "Oversees the transformation work of the Resources directorate and its teams, and the "
     "change it brings to their staff. Meets every two months."),
)  # fmt: skip

DECISIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Approve the business case for online revenues and benefits",
     "Online revenues and benefits",
     "The case shows cashable savings from channel shift within three years.",
     "Do nothing; extend the current system; replace it with a cloud service (chosen)."),
    ("Exit the council data centre by moving to public cloud",
     "Data centre exit",
     "The lease ends and the hardware is past end of life; cloud costs less over five years.",
     "Renew the lease; move to a shared public sector data centre; public cloud (chosen)."),
    ("Adopt the shared design system for every new online service",
     "Customer contact and website redesign",
     "Consistent, accessible services cost less to build and to run.",
     "Each project chooses its own; adopt the shared design system (chosen)."),
    ("Fund digital skills training for every member of staff",
     "Digital skills for all staff",
     "Readiness surveys show knowledge and ability as the main barrier points.",
     "Train only the staff of changing services; train everyone (chosen)."),
    ("Go ahead with the case management replacement after the gate review",
     "Social care case management replacement",
     "The review rated delivery confidence amber with recommendations the project accepted.",
     "Pause for re-planning; go ahead with the recommendations (chosen)."),
    ("Move planning applications to the national portal",
     "Planning and building control online",
     "Most applicants already use the portal; it removes double keying.",
     "Keep the council's own forms; use the national portal (chosen)."),
)  # fmt: skip

RACI_ROWS = ("Business case", "Design", "Build and test", "Data migration",
             "Training and adoption", "Go live")  # fmt: skip

DIMENSION_BASE = (2, 2, 1, 2, 2, 1)


def _actor(username: str = "board") -> Any:
    return get_user_model().objects.filter(username=username).first() or SYSTEM


def _counts() -> dict[str, int]:
    return {
        "boards": Board.objects.count(),
        "meetings": Meeting.objects.count(),
        "papers": Paper.objects.count(),
        "restricted_papers": Paper.objects.filter(restricted=True).count(),
        "decisions": Decision.objects.count(),
        "actions": BoardAction.objects.count(),
        "raci_rows": RaciRow.objects.count(),
        "raci_entries": RaciAssignment.objects.count(),
        "maturity_assessments": MaturityAssessment.objects.count(),
        "objectives": Objective.objects.count(),
        "kpis": KeyPerformanceIndicator.objects.count(),
        "kpi_actuals": KpiActual.objects.count(),
    }


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1) + datetime.timedelta(days=2)


def load_governance_demo(*, seed: int) -> dict[str, int]:
    """Load the governance demo; idempotent. The strategy is loaded on its own test, so that a
    demo loaded before it had one gains it."""
    if not Objective.objects.exists():
        _strategy(timezone.localdate(), _actor())
    if Board.objects.filter(name=TRANSFORMATION_BOARD).exists():
        return _counts()
    rng = random.Random(seed + 6)
    today = timezone.localdate()
    user = _actor()
    directors = list(Person.objects.filter(department__kind="directorate").order_by("pk"))
    board_person = Person.objects.filter(user__username="board").first()
    boards = []
    for name, kind, code, every, terms in BOARDS:
        department = Department.objects.filter(code=code).first() if code else None
        board = services.board_create(
            data={"name": name, "kind": kind, "department": department,
                  "terms_of_reference": terms}, user=user,
        )  # fmt: skip
        if department is not None:
            members = list(Person.objects.filter(department__parent=department).order_by("pk"))
            members = members[:: max(1, len(members) // 5)][:5]
        elif kind == "transformation":
            members = [p for p in [board_person, *directors] if p is not None]
        else:
            digital = Department.objects.get(code="digital-and-it")
            members = list(Person.objects.filter(department=digital).order_by("pk")[:5])
        for index, person in enumerate(members):
            role = "chair" if index == 0 else "member"
            services.membership_add(board=board, person=person, role=role, user=user)
        for month in range(12, -1, -every):
            held_on = _months_before(today, month) if month else today + datetime.timedelta(21)
            meeting = services.meeting_create(
                board=board, user=user,
                data={"held_on": held_on,
                      "agenda": "Apologies and minutes of the last meeting\nProgramme update\n"
                                "Risks above appetite\nDecisions needed\nAny other business",
                      "minutes": "" if held_on > today else
                      f"The board reviewed the programme update and the risks above appetite. "
                      f"{rng.choice(['Two', 'Three', 'Four'])} decisions were taken."},
            )  # fmt: skip
            if held_on <= today:
                services.paper_create(
                    meeting=meeting, user=user,
                    data={"title": f"Programme update, {held_on:%B %Y}", "kind": "paper",
                          "summary": "Delivery confidence, money and milestones of each project."},
                    upload=SimpleUploadedFile(f"update-{held_on:%Y-%m}.txt",
                                              f"Programme update {held_on:%B %Y}".encode()),
                )  # fmt: skip
        boards.append(board)
    latest = boards[0].meetings.filter(held_on__lte=today).order_by("-held_on").first()
    if latest is not None:
        services.paper_create(
            meeting=latest, user=user,
            data={"title": RESTRICTED_PAPER, "kind": "paper", "restricted": True,
                  "summary": "Commercially sensitive: the council's position and walk-away "
                             "price in the hosting supplier negotiation."},
            upload=SimpleUploadedFile("negotiation-position.txt",
                                      b"Commercially sensitive: board members only."),
        )  # fmt: skip
    _decisions(boards[0], today, rng, user)
    _raci(_actor("programme"))
    _maturity(today, rng, user)
    return _counts()


def _decisions(board: Board, today: datetime.date, rng: random.Random, user: Any) -> None:
    meetings = list(board.meetings.filter(held_on__lte=today).order_by("held_on"))
    owners = list(Person.objects.filter(department__kind="directorate").order_by("pk"))
    for index, (title, project_name, rationale, options) in enumerate(DECISIONS):
        meeting = meetings[min(len(meetings) - 1, index * 2)]
        decision = services.decision_create(
            data={"board": board, "meeting": meeting, "decided_on": meeting.held_on,
                  "title": title, "rationale": rationale, "options_considered": options,
                  "projects": list(Project.objects.filter(name=project_name))},
            user=user,
        )  # fmt: skip
        for number in range(2 + index % 2):
            due = meeting.held_on + datetime.timedelta(days=30 * (number + 1) + rng.randint(0, 20))
            done = due < today - datetime.timedelta(days=40) and rng.random() < 0.7
            services.action_create(
                data={"board": board, "decision": decision,
                      "description": f"{('Report back on', 'Brief staff on', 'Plan')[number]} "
                                     f"“{title[:60].lower()}”",
                      "owner": owners[(index + number) % len(owners)], "due_on": due,
                      "completed_on": due - datetime.timedelta(days=3) if done else None},
                user=user,
            )  # fmt: skip


def _raci(user: Any) -> None:
    """A grid for each demo project; gaps on purpose: a row without an Accountable, a row with
    two, and a row nobody is Responsible for."""
    digital = Person.objects.filter(department__code="digital-and-it").order_by("pk").first()
    for number, project in enumerate(Project.objects.order_by("name")):
        sro, manager = project.senior_responsible_owner, project.project_manager
        local = (
            Person.objects.filter(department=project.department).order_by("pk").first()
            if project.department_id
            else None
        )
        people = [p for p in dict.fromkeys([sro, manager, local, digital]) if p is not None]
        if len(people) < 2:
            continue
        lead, doer, *others = people
        grid = []
        for row_number, row in enumerate(RACI_ROWS):
            cells = {lead: "A", doer: "R"}
            for other in others:
                cells[other] = "C" if row_number % 2 else "I"
            if number == 1 and row == "Go live":
                cells[lead] = "I"  # no accountable
            if number == 3 and row == "Data migration":
                cells[doer] = "A/R"  # more than one accountable
            if number == 5 and row == "Training and adoption":
                cells[doer] = "C"  # no responsible
            grid.append((row, cells))
        services.raci_save(project=project, grid=grid, user=user, reason="demo RACI")


def _maturity(today: datetime.date, rng: random.Random, user: Any) -> None:
    model = selectors.maturity_model()
    for department in Department.objects.filter(kind="directorate").order_by("code"):
        earlier = [min(5, max(0, base + rng.randint(-1, 1))) for base in DIMENSION_BASE]
        later = [min(5, score + rng.choice((0, 0, 1))) for score in earlier]
        for day, scores in ((today - datetime.timedelta(days=365), earlier),
                            (today - datetime.timedelta(days=30), later)):  # fmt: skip
            services.maturity_assessment_record(
                department=department, assessed_on=day, user=user,
                assessed_by=department.head,
                scores={d.key: (score, min(5, score + 1), f"Self-assessment by "
                                f"{department.name}: {d.level(score).name.lower()}.")
                        for d, score in zip(model.dimensions, scores, strict=True)},
            )  # fmt: skip


# (objective, outcomes, projects, benefits,
#  KPIs: (measure, baseline, target, years to the target, actuals: (days ago, value)))
OBJECTIVES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...],
                        tuple[tuple[str, str, str, int, tuple[tuple[int, str], ...]], ...]],
                  ...] = (
    ("Services online by default",
     "Residents complete common transactions online, first time\n"
     "Fewer calls and visits for things a resident can do online\n"
     "Staff time moves from data entry to casework",
     ("Online revenues and benefits", "Customer contact and website redesign",
      "Planning and building control online"),
     ("Benefits claims made online", "Fewer calls to the contact centre",
      "Applications valid first time"),
     (("Share of transactions completed online (%)", "38", "75", 2,
       ((270, "41"), (180, "46"), (90, "50"), (30, "55"))),
      ("Calls to the contact centre a month", "24000", "15000", 2,
       ((240, "23500"), (120, "22100"), (30, "20800"))))),
    ("A secure, modern and affordable estate",
     "No citizen service depends on software past end of life\n"
     "Technology costs less to run each year",
     ("Data centre exit", "Social care case management replacement"),
     ("Hosting costs avoided", "Licence and support costs saved", "Server energy saved"),
     (("Applications past end of life", "46", "10", 3, ((200, "44"), (100, "40"), (20, "37"))),
      ("Technology running costs a year (£ million)", "14.2", "11.5", 3,
       ((180, "14.1"), (40, "13.8"))))),
    ("A digitally confident workforce",
     "Every member of staff has the digital skills their role needs\n"
     "Staff feel ready for the changes the programme brings",
     ("Digital skills for all staff",),
     ("Staff confident with digital tools", "Residents helped by digital champions"),
     (("Staff confident with digital tools (%)", "54", "85", 1, ((200, "58"), (60, "63"))),
      ("Staff who completed digital skills training (%)", "5", "90", 1,
       ((250, "20"), (150, "41"), (50, "57"))))),
)  # fmt: skip


def _strategy(today: datetime.date, user: Any) -> None:
    """The council's strategic objectives, their KPIs with a year of actuals, and the demo
    projects and benefits that serve them; dates counted from today, like the rest."""
    owner = Person.objects.filter(user__username="board").first()
    baseline_on = today - datetime.timedelta(days=365)
    for title, outcomes, projects, benefits, kpis in OBJECTIVES:
        objective = services.objective_create(
            data={"title": title, "outcomes": outcomes, "owner": owner,
                  "projects": list(Project.objects.filter(name__in=projects).order_by("pk")),
                  "benefits": list(Benefit.objects.filter(name__in=benefits).order_by("pk"))},
            user=user,
        )  # fmt: skip
        for measure, baseline, target, years, actuals in kpis:
            kpi = services.kpi_create(
                objective=objective, user=user,
                data={"measure": measure, "baseline": Decimal(baseline),
                      "baseline_on": baseline_on, "target": Decimal(target),
                      "target_on": baseline_on + datetime.timedelta(days=365 * (years + 1))},
            )  # fmt: skip
            for days_ago, value in actuals:
                services.kpi_actual_record(
                    kpi=kpi, measured_on=today - datetime.timedelta(days=days_ago),
                    value=Decimal(value), user=user,
                )  # fmt: skip
