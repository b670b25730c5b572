"""Northshire Council's transformation programme: six projects, about 150 activities with
three-point estimates and dependencies, budgets, owners, senior responsible owners and project
managers, a baseline saved when each business case was approved and a revised plan since, in
which some work has slipped. Each project keeps a benefits register: about three benefits,
cashable, non-cashable and societal, most with actuals, one of them at risk because the
milestone it depends on ("Live service" of the online revenues project) has slipped.

Loaded as a programme manager would load it: each plan is written as the spreadsheet a project
manager keeps (CSV for some projects, a workbook for others), imported with `plan_import`, the
baseline saved with `baseline_save`, then the revised plan imported over it. Fictional, and the
same for the same seed; dates are counted back from today (as the estate's are), so that the
programme is always part-way through: each project starts on the first Monday of a month a few
months ago. Loading twice changes nothing: a programme already there is left as it is.
"""

from __future__ import annotations

import csv
import datetime
import random
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from django.contrib.auth import get_user_model
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.core.services import record_create
from govdx.domain.planning import earned_value as ev_kernel
from govdx.estate.models import Application
from govdx.org.models import Department, Person
from govdx.programme import selectors, services
from govdx.programme.models import (
    Activity,
    ActualCost,
    Baseline,
    Benefit,
    BenefitActual,
    Dependency,
    GateReview,
    Programme,
    Project,
    PublicHoliday,
    StatusReport,
)
from govdx.risk.models import Risk

PROGRAMME_NAME = "Northshire digital transformation programme"
BASELINE_NAME = "Business case"
HEADINGS = ("id", "name", "optimistic", "most_likely", "pessimistic", "predecessors",
            "milestone", "owner", "budget")  # fmt: skip

# England and Wales bank holidays, 2025 to 2028: the working calendar skips them.
BANK_HOLIDAYS: tuple[tuple[str, str], ...] = (
    ("2025-01-01", "New Year's Day"), ("2025-04-18", "Good Friday"),
    ("2025-04-21", "Easter Monday"), ("2025-05-05", "Early May bank holiday"),
    ("2025-05-26", "Spring bank holiday"), ("2025-08-25", "Summer bank holiday"),
    ("2025-12-25", "Christmas Day"), ("2025-12-26", "Boxing Day"),
    ("2026-01-01", "New Year's Day"), ("2026-04-03", "Good Friday"),
    ("2026-04-06", "Easter Monday"), ("2026-05-04", "Early May bank holiday"),
    ("2026-05-25", "Spring bank holiday"), ("2026-08-31", "Summer bank holiday"),
    ("2026-12-25", "Christmas Day"), ("2026-12-28", "Boxing Day (substitute day)"),
    ("2027-01-01", "New Year's Day"), ("2027-03-26", "Good Friday"),
    ("2027-03-29", "Easter Monday"), ("2027-05-03", "Early May bank holiday"),
    ("2027-05-31", "Spring bank holiday"), ("2027-08-30", "Summer bank holiday"),
    ("2027-12-27", "Christmas Day (substitute day)"),
    ("2027-12-28", "Boxing Day (substitute day)"),
    ("2028-01-03", "New Year's Day (substitute day)"), ("2028-04-14", "Good Friday"),
    ("2028-04-17", "Easter Monday"), ("2028-05-01", "Early May bank holiday"),
    ("2028-05-29", "Spring bank holiday"), ("2028-08-28", "Summer bank holiday"),
    ("2028-12-25", "Christmas Day"), ("2028-12-26", "Boxing Day"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoProject:
    """A demo project: its name, owning team, how many months ago it started, the file its
    plan is kept in, the applications it changes, and its plan, one activity a line:
    `id | name | most likely working days | predecessors | slip`, where a milestone takes 0
    days and `slip` is the working days the revised plan adds to the most likely (and the
    pessimistic) estimate since the baseline."""

    name: str
    team: str
    months_ago: int
    file_format: str
    description: str
    applications: tuple[str, ...]
    plan: str


PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        name="Online revenues and benefits",
        team="revenues-and-benefits",
        months_ago=5,
        file_format="csv",
        description="Council tax, business rates and benefits claims online, end to end, with "
        "the revenues system moved to its supplier's cloud.",
        applications=(
            "Revenues and Benefits System",
            "Council Tax Online Account",
            "Benefits Assessment",
        ),
        plan="""
R01 | Discovery: residents' needs for council tax and benefits | 20 | |
R02 | Business case approved | 0 | R01 |
R03 | Alpha: prototype online account | 25 | R02 |
R04 | Procure cloud hosting of the revenues system | 30 | R02 |
R05 | Design the council tax online forms | 15 | R03 |
R06 | Design the benefits claim form | 18 | R03 |
R07 | Build the online account | 35 | R05 |
R08 | Build the benefits claim | 30 | R06, R07 SS+10 |
R09 | Migrate revenues system to the cloud | 25 | R04 | 12
R10 | Integrate payments gateway | 15 | R07 SS+15 |
R11 | Accessibility audit | 8 | R07, R08 |
R12 | Security testing | 10 | R09, R10 |
R13 | Beta: private beta with 500 households | 20 | R11, R12 | 5
R14 | Private beta live | 0 | R13 SS |
R15 | Train revenues staff | 12 | R13 SS+5 |
R16 | Update letters and bills | 10 | R05 |
R17 | Public beta | 25 | R13, R15 |
R18 | Public beta live | 0 | R17 SS |
R19 | Switch off paper claim forms | 10 | R17 |
R20 | Decommission the on-premises revenues servers | 15 | R17 FF+5 |
R21 | Service assessment | 5 | R17 |
R22 | Live service | 0 | R19, R21 |
R23 | Benefits review after three months | 10 | R22 |
R24 | Hand over to business as usual | 5 | R22 |
R25 | Project closed | 0 | R23, R24 |
""",
    ),
    DemoProject(
        name="Social care case management replacement",
        team="assessment-and-care-management",
        months_ago=6,
        file_format="xlsx",
        description="Replace the adult social care case management system, whose contract "
        "ends, with one that shares records with health partners.",
        applications=("Adult Social Care Case Management", "Financial Assessment for Care"),
        plan="""
S01 | Requirements with social workers | 25 | |
S02 | Market engagement | 15 | S01 SS+10 |
S03 | Procurement: tender and evaluation | 45 | S01, S02 |
S04 | Contract awarded | 0 | S03 |
S05 | Configure the case management system | 40 | S04 | 15
S06 | Data cleansing of client records | 35 | S04 |
S07 | Design forms and workflows | 25 | S04 |
S08 | Build interfaces to health records | 30 | S05 SS+10 | 10
S09 | Build interface to care provider payments | 20 | S05 SS+10 |
S10 | Build interface to financial assessment | 15 | S05 SS+15 |
S11 | Trial data migration 1 | 10 | S06, S05 |
S12 | Trial data migration 2 | 10 | S11 |
S13 | System testing | 25 | S08, S09, S10, S07 |
S14 | User acceptance testing | 20 | S13 |
S15 | Information governance sign-off | 5 | S13 |
S16 | Train social workers | 20 | S14 SS+10 |
S17 | Ready for go-live | 0 | S14, S15, S16 |
S18 | Final data migration | 5 | S17, S12 |
S19 | Go live | 0 | S18 |
S20 | Hypercare | 20 | S19 |
S21 | Decommission the old system | 15 | S20 |
S22 | Archive historic records | 15 | S20 SS |
S23 | Lessons learned review | 5 | S20 |
S24 | Benefits review | 10 | S21 |
S26 | Care provider portal | 25 | S05 SS+20 |
S27 | Statements of clients' contributions | 15 | S10 |
S28 | Statutory returns rebuilt | 25 | S13 SS |
S29 | Mobile working for social workers | 20 | S14 |
S30 | Records sharing agreement with health | 15 | S01 |
S31 | Data protection impact assessment | 10 | S07 |
S25 | Project closed | 0 | S22, S23, S24, S26, S27, S28, S29, S30, S31 |
""",
    ),
    DemoProject(
        name="Data centre exit",
        team="digital-and-it",
        months_ago=5,
        file_format="xlsx",
        description="Leave the managed data centre before the hosting contract ends: move "
        "each application to cloud hosting, software as a service, or retire it.",
        applications=("Backup and Recovery", "Virtual Desktop Platform", "Integration Hub"),
        plan="""
D01 | Application discovery and dependency mapping | 30 | |
D02 | Disposition of each application agreed | 10 | D01 |
D03 | Cloud landing zone design | 20 | D01 SS+10 |
D04 | Build the landing zone | 25 | D03 |
D05 | Landing zone ready | 0 | D04 |
D06 | Network connectivity to the cloud | 20 | D03 | 8
D07 | Migrate wave 1: low-risk applications | 20 | D05, D02, D06 |
D08 | Wave 1 complete | 0 | D07 |
D09 | Migrate wave 2: finance and HR | 30 | D08 | 10
D10 | Migrate wave 3: social care and revenues | 30 | D09 FS+5, [Online revenues and benefits] R09 |
D11 | Replace backup service | 20 | D05 |
D12 | Replace virtual desktops | 30 | D05 |
D13 | Retire applications no longer needed | 25 | D02 |
D14 | Disaster recovery test | 10 | D10, D11 |
D15 | All applications migrated | 0 | D10, D12, D13 |
D16 | Decommission servers | 20 | D15 |
D17 | Secure disposal of hardware | 15 | D16 |
D18 | Hosting contract exit agreed | 10 | D15 SS |
D19 | Data centre vacated | 0 | D17, D18, D14 |
D20 | Cloud cost management in place | 10 | D07 SS |
D21 | Operating model for cloud support | 20 | D05 |
D22 | Staff trained in cloud operations | 15 | D21 |
D24 | Cloud security controls assured | 15 | D05 |
D25 | Records of processing updated | 5 | D15 |
D23 | Project closed | 0 | D19, D22, D20, D24, D25 |
""",
    ),
    DemoProject(
        name="Digital skills for all staff",
        team="organisational-development",
        months_ago=4,
        file_format="csv",
        description="Every member of staff confident with the council's digital tools, "
        "with champions in each team and training that fits around the working day.",
        applications=("Learning Management System",),
        plan="""
K01 | Digital skills survey of all staff | 15 | |
K02 | Skills framework agreed | 0 | K01 |
K03 | Design the learning pathways | 20 | K02 |
K04 | Recruit digital champions | 25 | K02 |
K05 | Build e-learning modules | 30 | K03 | 10
K06 | Load modules into the learning system | 5 | K05 |
K07 | Pilot with two directorates | 20 | K06, K04 |
K08 | Pilot evaluated | 0 | K07 |
K09 | Roll out: Resources and People Services | 25 | K08 |
K10 | Roll out: Adult Social Care and Children | 30 | K09 SS+10 | 6
K11 | Roll out: Place and Communities | 25 | K10 SS+10 |
K12 | Roll out: Chief Executive's and Legal | 15 | K11 SS+5 |
K13 | Drop-in sessions in libraries | 40 | K08 |
K14 | Champions' network meetings | 60 | K04 |
K15 | All staff offered training | 0 | K12, K11 |
K16 | Resurvey of digital skills | 15 | K15 |
K17 | Report to the transformation board | 5 | K16 |
K19 | Managers' guide to digital ways of working | 15 | K03 |
K20 | Induction updated for new starters | 10 | K06 |
K21 | Accessibility training for content authors | 20 | K08 |
K22 | Digital skills in appraisals | 10 | K16 SS |
K18 | Project closed | 0 | K17, K13, K14, K19, K20, K21, K22 |
""",
    ),
    DemoProject(
        name="Customer contact and website redesign",
        team="customer-services",
        months_ago=3,
        file_format="csv",
        description="A new website built on residents' top tasks, and a contact centre that "
        "helps people online rather than only taking calls.",
        applications=("Blue Badge Assessments",),
        plan="""
C01 | Top tasks research with residents | 20 | |
C02 | Content audit of the old website | 15 | C01 SS |
C03 | Information architecture | 15 | C01, C02 |
C04 | Procure the web content platform | 30 | C01 |
C05 | Platform in place | 0 | C04 |
C06 | Rewrite top 100 pages | 35 | C03 |
C07 | Build the new website | 35 | C05, C03 |
C08 | Accessibility testing | 10 | C07 FF |
C09 | New website live | 0 | C07, C06, C08 |
C10 | Redirects and old site switched off | 5 | C09 |
C11 | New telephony with call-back | 30 | C05 | 10
C12 | Train contact centre in assisted digital | 20 | C11 SS+10 |
C13 | Web chat pilot | 20 | C09 |
C14 | Contact centre redesign complete | 0 | C12, C13 |
C15 | Measure channel shift | 20 | C14 |
C17 | Online forms for top 20 requests | 30 | C05 |
C18 | Connect forms to back-office systems | 25 | C17 SS+10 | 7
C19 | Customer account with sign-in | 25 | C17 |
C20 | Online forms live | 0 | C18, C19 |
C21 | Assisted digital points in libraries | 15 | C20 |
C22 | Complaints process moved online | 10 | C20 |
C16 | Project closed | 0 | C15, C10, C21, C22 |
""",
    ),
    DemoProject(
        name="Planning and building control online",
        team="planning",
        months_ago=2,
        file_format="xlsx",
        description="Planning applications, building control and land charges searches "
        "submitted, tracked and paid for online.",
        applications=(
            "Planning Applications System",
            "Building Control System",
            "Local Land Charges Register",
        ),
        plan="""
P01 | Map the planning application journey | 15 | |
P02 | Options appraisal | 10 | P01 |
P03 | Decision to extend the planning system | 0 | P02 |
P04 | Configure online submission | 25 | P03 |
P05 | Integrate the national planning portal | 20 | P04 SS+5 | 8
P06 | Online payments for fees | 10 | P04, [Online revenues and benefits] R10 |
P07 | Building control online forms | 20 | P03 |
P08 | Land charges migration to the national register | 30 | P03 |
P09 | Public access to application documents | 15 | P04 |
P10 | Testing with agents and architects | 15 | P05, P06, P09 |
P11 | Train planning officers | 10 | P10 SS+5 |
P12 | Planning online live | 0 | P10, P11 |
P13 | Building control online live | 0 | P07 |
P14 | Land charges migrated | 0 | P08 |
P15 | Retire paper processes | 10 | P12, P13 |
P16 | Benefits review | 10 | P15, P14 |
P18 | Pre-application advice booked online | 10 | P04 |
P19 | Planning enforcement reports online | 15 | P04 |
P20 | Consultee responses online | 15 | P05 |
P21 | Validation checklist rewritten | 10 | P01 |
P22 | Dashboard of planning performance | 15 | P12 |
P17 | Project closed | 0 | P16, P18, P19, P20, P21, P22 |
""",
    ),
)


# Each project's delivery confidence month by month, oldest first, ending this month: the last
# as many months as the project has run (at most six). "3:" marks a three-point rating.
TRAJECTORIES: dict[str, tuple[str, ...]] = {
    "Online revenues and benefits": ("green", "green", "amber_green", "amber_green", "amber",
                                     "amber"),
    "Social care case management replacement": ("amber_green", "amber", "amber", "amber_red",
                                                "amber_red", "amber"),
    "Data centre exit": ("amber", "amber", "amber_green", "amber_green", "3:amber", "3:amber"),
    "Digital skills for all staff": ("green", "green", "green", "amber_green", "amber_green",
                                     "green"),
    "Customer contact and website redesign": ("amber_green", "amber_green", "amber", "amber",
                                              "amber_green", "amber_green"),
    "Planning and building control online": ("green", "green", "amber_green", "amber",
                                             "amber_red"),
}  # fmt: skip

KEY_RISKS: dict[str, tuple[str, ...]] = {
    "Online revenues and benefits": (
        "Revenues system past end of support", "Digital transformation programme slips",
    ),
    "Social care case management replacement": (
        "Poor data quality in the care record", "Care records not shared with the NHS",
    ),
    "Data centre exit": (
        "Managed hosting contract ends without a successor",
        "Windows Server 2012 R2 still in use",
    ),
    "Digital skills for all staff": (
        "Low take-up of digital skills training", "Change fatigue among staff",
    ),
    "Customer contact and website redesign": (
        "Long waits at the contact centre", "Failure to meet accessibility regulations",
    ),
    "Planning and building control online": ("Digital transformation programme slips",),
}  # fmt: skip

NARRATIVES: dict[str, str] = {
    "green": "Work is on plan and within budget. The milestones due this month were met and "
    "the risks are in hand.",
    "amber_green": "Most work is on plan. One workstream is running a little late; the team "
    "has re-planned it within the project's float and is watching it closely.",
    "amber": "Significant issues need attention: a supplier deliverable is late and testing "
    "has been squeezed. A recovery plan is agreed and the next milestone is at risk.",
    "amber_red": "Delivery is in doubt: the critical path has slipped by several weeks and the "
    "forecast cost exceeds the budget. Options for re-scoping go to the board this month.",
    "red": "Delivery is unachievable as planned; the project needs re-scoping.",
}
DECISIONS: dict[str, str] = {
    "amber": "Agree the recovery plan and the use of contingency.",
    "amber_red": "Choose between re-scoping the first release and extending the timetable; "
    "approve additional budget for supplier days.",
    "red": "Decide whether the project continues.",
}

# (project, gate, weeks after the start, outcome, review team, summary,
#  recommendations: (number, text, days due after the review, days closed after or None))
DemoRecommendation = tuple[str, str, int, int | None]
GATE_REVIEWS: tuple[tuple[str, int, int, str, str, str, tuple[DemoRecommendation, ...]], ...] = (
    (
        "Social care case management replacement", 3, 14, "amber",
        "Council assurance team",
        "The preferred supplier meets the requirements; data migration and the interfaces to "
        "health records are the main risks to go-live.",
        (
            ("1", "Appoint a data migration lead with authority over client record cleansing.",
             30, 21),
            ("2", "Agree a data sharing agreement with the health board before design ends.",
             60, None),
            ("3", "Hold back contingency for a third trial migration.", 400, None),
        ),
    ),
    (
        "Data centre exit", 2, 10, "amber_green",
        "Council assurance team",
        "The migration strategy is sound; the review asked for a firm exit date with the "
        "hosting supplier.",
        (
            ("1", "Confirm the contract exit date and notice period with the hosting supplier.",
             20, 15),
            ("2", "Publish a cloud cost budget with alerts before wave 2.", 300, None),
        ),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class DemoActivity:
    code: str
    name: str
    optimistic: int
    most_likely: int
    pessimistic: int
    predecessors: str
    slip: int
    owner: str
    budget: int  # pounds

    def row(self, *, revised: bool) -> list[Any]:
        milestone = self.most_likely == 0
        slip = self.slip if revised else 0
        return [
            self.code, self.name,
            "" if milestone else self.optimistic,
            "" if milestone else self.most_likely + slip,
            "" if milestone else self.pessimistic + slip,
            self.predecessors, "yes" if milestone else "", self.owner,
            "" if milestone else f"£{self.budget:,}",
        ]  # fmt: skip


def plan_activities(
    project: DemoProject, owners: list[str], rng: random.Random
) -> list[DemoActivity]:
    """The project's activities with their three-point estimates, owners and budgets: the
    optimistic 60-90% and the pessimistic 120-190% of the most likely, and a budget of the
    most likely days at a day rate of £450 to £800 for a team of one to four."""
    activities = []
    for line in project.plan.strip().splitlines():
        code, name, days, predecessors, slip = (part.strip() for part in line.split("|"))
        most_likely = int(days)
        optimistic = round(most_likely * rng.uniform(0.6, 0.9))
        pessimistic = round(most_likely * rng.uniform(1.2, 1.9))
        budget = most_likely * rng.choice((450, 550, 650, 800)) * rng.randint(1, 4)
        activities.append(
            DemoActivity(
                code, name, optimistic, most_likely, pessimistic, predecessors,
                int(slip) if slip else 0, rng.choice(owners), budget,
            )
        )  # fmt: skip
    return activities


def write_plan(path: Path, activities: list[DemoActivity], *, revised: bool) -> Path:
    """The plan as its project manager keeps it: a CSV file, or a workbook with a title row."""
    rows = [activity.row(revised=revised) for activity in activities]
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADINGS)
            writer.writerows(rows)
        return path
    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet("Plan", 0)
    sheet.append([f"{path.stem.replace('-', ' ').capitalize()}"])
    sheet.append([])
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def first_monday(today: datetime.date, months_ago: int) -> datetime.date:
    """The first Monday of the month `months_ago` before today's."""
    month = today.year * 12 + today.month - 1 - months_ago
    first = datetime.date(month // 12, month % 12 + 1, 1)
    return first + datetime.timedelta(days=(7 - first.weekday()) % 7)


def _people_of(team: Department) -> list[Person]:
    return list(
        Person.objects.filter(department__in=[team, *team.children.all()])
        .exclude(email="")
        .order_by("staff_number", "pk")
    )


def _programme_manager() -> Any:
    """The demo's programme manager, who loads the plans; the system when she is not there."""
    return get_user_model().objects.filter(username="programme").first() or SYSTEM


def load_programme_demo(*, seed: int) -> dict[str, Any]:
    """Load the programme demo; idempotent (a programme already there is left as it is)."""
    if Programme.objects.filter(name=PROGRAMME_NAME).exists():
        if not Benefit.objects.filter(project__programme__name=PROGRAMME_NAME).exists():
            _benefits(_programme_manager(), timezone.localdate())  # loaded before benefits
        if not ActualCost.objects.filter(project__programme__name=PROGRAMME_NAME).exists():
            _money(_programme_manager(), timezone.localdate(), seed)  # loaded before money
        return _counts()
    rng = random.Random(seed + 5)
    today = timezone.localdate()
    user = _programme_manager()
    manager = Person.objects.filter(user__username="programme").first()
    for day, name in BANK_HOLIDAYS:
        if not PublicHoliday.objects.filter(day=day).exists():
            record_create(
                model=PublicHoliday,
                data={"day": datetime.date.fromisoformat(day), "name": name},
                user=user,
                reason="demo data",
            )
    programme = record_create(
        model=Programme,
        data={"name": PROGRAMME_NAME, "manager": manager,
              "description": "Northshire Council's digital transformation: better, cheaper and "
              "accessible services, online first, on an estate the council can support."},
        user=user,
        reason="demo data",
    )  # fmt: skip
    transformation_office = Person.objects.filter(
        department__code="transformation-office"
    ).order_by("staff_number", "pk")
    managers = [p for p in transformation_office if p.user_id is None]
    with tempfile.TemporaryDirectory(prefix="govdx-demo-programme-") as folder:
        for number, demo in enumerate(PROJECTS):
            team = Department.objects.get(code=demo.team)
            people = _people_of(team)
            activities = plan_activities(demo, [p.email for p in people], rng)
            directorate = team.parent or team
            start = first_monday(today, demo.months_ago)
            budget_pounds = round(sum(a.budget for a in activities) * 1.15, -3)
            project = services.project_create(
                data={
                    "programme": programme,
                    "name": demo.name,
                    "department": team,
                    "senior_responsible_owner": directorate.head,
                    "project_manager": managers[number % len(managers)] if managers else None,
                    "start_date": start,
                    "description": demo.description,
                    "budget": int(budget_pounds) * 100,
                    "applications": list(
                        Application.objects.filter(name__in=demo.applications).order_by("pk")
                    ),
                },
                user=user,
                reason="demo data",
            )
            slug = demo.name.lower().replace(" ", "-")
            first = write_plan(
                Path(folder) / f"{slug}-plan.{demo.file_format}", activities, revised=False
            )
            services.plan_import(first, project_name=project.name, user=user, today=start)
            services.baseline_save(project=project, name=BASELINE_NAME, user=user, today=start)
            revised = write_plan(
                Path(folder) / f"{slug}-plan-revised.{demo.file_format}", activities, revised=True
            )
            services.plan_import(revised, project_name=project.name, user=user, today=today)
            _status_reports(project, demo, user, today)
    for review in GATE_REVIEWS:
        _gate_review(review, user, today)
    _benefits(user, today)
    _money(user, today, seed)
    return _counts()


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _month_end(first: datetime.date) -> datetime.date:
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _status_reports(project: Project, demo: DemoProject, user: Any, today: datetime.date) -> None:
    """A report each month from the project's first (at most six months ago) to this one:
    on the last working day of each past month, today for this one."""
    trajectory = TRAJECTORIES[demo.name]
    months = min(len(trajectory), demo.months_ago + 1)
    risks = list(Risk.objects.filter(title__in=KEY_RISKS[demo.name]).order_by("reference"))
    this_month = today.replace(day=1)
    for back, entry in zip(range(months - 1, -1, -1), trajectory[-months:], strict=True):
        month = first_monday(today, back).replace(day=1)
        day = today if month == this_month else _weekday_on_or_before(_month_end(month))
        scale, level = (
            ("three_point", entry[2:]) if entry.startswith("3:") else ("five_point", entry)
        )
        services.status_report_create(
            project=project,
            data={
                "month": month,
                "reported_on": day,
                "scale": scale,
                "level": level,
                "source": "senior_responsible_owner",
                "author": project.project_manager,
                "narrative": NARRATIVES[level],
                "decisions_needed": DECISIONS.get(level, ""),
                "key_risks": risks if level != "green" else risks[:1],
            },
            user=user,
            reason="demo data",
        )


def _gate_review(review: tuple[Any, ...], user: Any, today: datetime.date) -> None:
    name, gate, weeks, level, team, summary, recommendations = review
    project = Project.objects.get(name=name)
    held_on = _weekday_on_or_before(project.start_date + datetime.timedelta(weeks=weeks, days=2))
    saved = services.gate_review_create(
        project=project,
        data={"gate": gate, "held_on": held_on, "scale": "five_point", "level": level,
              "review_team": team, "summary": summary},
        user=user,
        reason="demo data",
    )  # fmt: skip
    for number, text, due_after, closed_after in recommendations:
        closed_on = held_on + datetime.timedelta(days=closed_after) if closed_after else None
        services.recommendation_create(
            review=saved,
            data={"reference": number, "text": text, "owner": project.project_manager,
                  "due_on": held_on + datetime.timedelta(days=due_after),
                  "closed_on": closed_on if closed_on and closed_on <= today else None},
            user=user,
            reason="demo data",
        )  # fmt: skip


@dataclass(frozen=True)
class DemoBenefit:
    """A benefit of a demo project: its name, type and measure, the measure before and at
    its target (pence when cashable), its start (weeks after the project's) and how many
    weeks it takes, the milestones it depends on, and its actuals as (weeks after the
    project's start, value), those after today left out."""

    project: str
    name: str
    type: str
    measure: str
    baseline: int | Decimal
    target: int | Decimal
    start_weeks: int
    weeks: int
    milestones: tuple[str, ...] = ()
    actuals: tuple[tuple[int, int | Decimal], ...] = ()


BENEFITS: tuple[DemoBenefit, ...] = (
    DemoBenefit("Online revenues and benefits", "Postage and printing saved", "cashable",
                "Postage and printing a year (pence)", 18_000_000, 10_000_000, 4, 52,
                ("R22",), ((8, 17_200_000), (16, 16_100_000))),
    DemoBenefit("Online revenues and benefits", "Benefits claims made online", "non_cashable",
                "Share of claims made online (%)", 12, 80, 4, 52, ("R02",),
                ((6, 15), (14, 22))),
    DemoBenefit("Online revenues and benefits", "Fewer visits to the customer service centre",
                "societal", "Visits a month", 4_200, 2_500, 6, 52, (), ((10, 4_000),)),
    DemoBenefit("Social care case management replacement", "Licence and support costs saved",
                "cashable", "Case management licence and support a year (pence)", 42_000_000,
                30_000_000, 8, 78, ("S04",), ((12, 41_500_000), (20, 40_200_000))),
    DemoBenefit("Social care case management replacement", "Less time spent recording",
                "non_cashable", "Hours a week per social worker spent recording",
                Decimal("9.5"), Decimal("6.0"), 8, 78, ("S04",), ((16, Decimal("9.2")),)),
    DemoBenefit("Social care case management replacement", "Records shared with health",
                "societal", "Share of hospital discharges with a shared record (%)", 0, 90,
                12, 78),
    DemoBenefit("Data centre exit", "Hosting costs avoided", "cashable",
                "Data centre hosting a year (pence)", 65_000_000, 0, 6, 104, ("D05",),
                ((10, 64_000_000), (18, 61_500_000))),
    DemoBenefit("Data centre exit", "Server energy saved", "non_cashable",
                "Server energy a year (MWh)", 410, 60, 6, 104, ("D05",), ((14, 395),)),
    DemoBenefit("Data centre exit", "Online services restored faster", "societal",
                "Hours to restore online services after an outage", 72, 8, 8, 104),
    DemoBenefit("Digital skills for all staff", "External training costs saved", "cashable",
                "External IT training a year (pence)", 6_500_000, 4_000_000, 4, 52, ("K02",),
                ((10, 6_200_000),)),
    DemoBenefit("Digital skills for all staff", "Staff confident with digital tools",
                "non_cashable", "Share of staff confident (%)", 54, 85, 4, 52, ("K02",),
                ((8, 58), (14, 63))),
    DemoBenefit("Digital skills for all staff", "Residents helped by digital champions",
                "societal", "Residents helped a month", 0, 400, 6, 52, (), ((12, 120),)),
    DemoBenefit("Customer contact and website redesign", "Contact centre staff costs saved",
                "cashable", "Contact centre staff a year (pence)", 120_000_000, 95_000_000, 6,
                78, ("C05",), ((10, 118_500_000),)),
    DemoBenefit("Customer contact and website redesign", "Fewer calls to the contact centre",
                "non_cashable", "Calls a month", 10_000, 6_000, 4, 78, ("C05",),
                ((8, 9_700),)),
    DemoBenefit("Customer contact and website redesign", "Residents find what they need online",
                "societal", "Share of visitors finding what they came for (%)", 61, 80, 6, 78),
    DemoBenefit("Planning and building control online", "Paper and scanning costs saved",
                "cashable", "Paper, post and scanning a year (pence)", 3_600_000, 1_200_000, 4,
                52, ("P03",), ((7, 3_500_000),)),
    DemoBenefit("Planning and building control online", "Applications valid first time",
                "non_cashable", "Share of applications valid when first submitted (%)", 48, 75,
                4, 52, ("P03",), ((6, 50),)),
    DemoBenefit("Planning and building control online", "Quicker planning decisions",
                "societal", "Weeks to decide a householder application", Decimal("9.5"), 7,
                6, 52),
)  # fmt: skip


def _benefits(user: Any, today: datetime.date) -> None:
    """Each project's benefits register, through the services: the senior responsible owner
    owns the cashable benefits, the project manager the others; actuals up to today."""
    for demo in BENEFITS:
        project = Project.objects.get(name=demo.project)
        start = project.start_date + datetime.timedelta(weeks=demo.start_weeks)
        benefit = services.benefit_create(
            project=project,
            data={
                "name": demo.name,
                "type": demo.type,
                "owner": project.senior_responsible_owner
                if demo.type == "cashable"
                else project.project_manager,
                "measure": demo.measure,
                "baseline": demo.baseline,
                "target": demo.target,
                "start_date": start,
                "target_date": start + datetime.timedelta(weeks=demo.weeks),
                "milestones": list(
                    Activity.objects.filter(project=project, code__in=demo.milestones)
                ),
            },
            user=user,
            reason="demo data",
        )
        for weeks, value in demo.actuals:
            day = project.start_date + datetime.timedelta(weeks=weeks)
            if day <= today:
                services.benefit_actual_record(
                    benefit=benefit, measured_on=day, value=value, user=user, reason="demo data"
                )


def _percent_done(times: Any, done: float, progress: float) -> int:
    """The percent complete of an activity by `done` working days from the project start:
    the share of its scheduled working days gone by, times the project's pace."""
    share = min(1.0, max(0.0, (done - times.es) / max(times.ef - times.es, 1e-9)))
    return min(100, round(share * progress * 100))


def _record_progress(
    activity: Activity, times: Any, calendar: Any, progress: float, user: Any,
    today: datetime.date,
) -> None:  # fmt: skip
    """The activity's percent complete at the end of each month from the project's start, as
    the project manager would have recorded it then: each change kept in the activity's
    history dated that month's last evening (today's for this month), after its plan, dated
    the project's first morning, so that the earned value chart over time grows month by
    month."""
    zone = timezone.get_current_timezone()
    start = activity.project.start_date
    Activity.history.filter(id=activity.pk).update(  # type: ignore[attr-defined]  # simple-history's manager
        history_date=datetime.datetime.combine(start, datetime.time(9, tzinfo=zone))
    )
    evening = datetime.time(18, tzinfo=zone)
    month = start.replace(day=1)
    while month <= today:
        end = _month_end(month)
        percent = _percent_done(times, selectors.status_offset(calendar, min(end, today)), progress)
        if percent != activity.percent_complete:
            activity = services.activity_progress_update(
                instance=activity, percent_complete=percent, user=user, expected_version=None,
                reason="demo data",
            )  # fmt: skip
            if end < today:
                _back_date(activity, datetime.datetime.combine(end, evening))
        month = end + datetime.timedelta(days=1)


def _back_date(activity: Activity, moment: datetime.datetime) -> None:
    """Date the activity's latest history row `moment`: a past change, loaded today."""
    history = Activity.history  # type: ignore[attr-defined]  # simple-history's manager
    latest = history.filter(id=activity.pk).latest("history_id")
    history.filter(pk=latest.pk).update(history_date=moment)


def _money(user: Any, today: datetime.date, seed: int) -> None:
    """Each project's progress and actual costs to today: percent complete near what the
    schedule planned by each month's end (some projects behind), and each month's costs, what
    the schedule planned to spend that month give or take (some projects over), written to an
    actuals file by activity and imported as a finance team sends it."""
    rng = random.Random(seed + 7)
    projects = Project.objects.filter(programme__name=PROGRAMME_NAME).order_by("pk")
    with tempfile.TemporaryDirectory(prefix="govdx-demo-actuals-") as folder:
        for project in projects:
            progress, spending = rng.uniform(0.8, 1.05), rng.uniform(0.95, 1.2)
            schedule = selectors.project_schedule(project)
            calendar = schedule.calendar
            done = selectors.status_offset(calendar, today)
            rows: list[list[Any]] = []
            for row in schedule.rows:
                activity, times = row.activity, row.times
                if not activity.budget or times.es >= done:
                    continue
                _record_progress(activity, times, calendar, progress, user, today)
                spent_before = 0
                month = project.start_date.replace(day=1)
                while month <= today:
                    end = min(_month_end(month), today)
                    planned = ev_kernel.planned_value(
                        activity.budget, times.es, times.ef, selectors.status_offset(calendar, end)
                    )
                    amount = round(planned * spending) - spent_before
                    if amount > 0:
                        rows.append([month.strftime("%Y-%m"), activity.code,
                                     f"{amount / 100:.2f}", ""])  # fmt: skip
                        spent_before += amount
                    month = _month_end(month) + datetime.timedelta(days=1)
            if not rows:
                continue
            path = Path(folder) / f"{project.pk}-actuals.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["Month", "Activity", "Amount", "Note"])
                writer.writerows(rows)
            services.actuals_import(path, project_name=project.name, user=user)


def _counts() -> dict[str, Any]:
    recommendations = selectors.recommendations_summary(Project.objects.all(), timezone.localdate())
    slipped = 0
    for project in Project.objects.filter(programme__name=PROGRAMME_NAME):
        schedule = selectors.project_schedule(project)
        slipped += sum(1 for row in schedule.milestones if row.slip and row.slip > 0)
    return {
        "programmes": Programme.objects.count(),
        "projects": Project.objects.count(),
        "activities": Activity.objects.count(),
        "dependencies": Dependency.objects.count(),
        "baselines": Baseline.objects.count(),
        "status_reports": StatusReport.objects.count(),
        "gate_reviews": GateReview.objects.count(),
        "recommendations_overdue": recommendations.overdue,
        "milestones_slipped": slipped,
        "benefits": Benefit.objects.count(),
        "benefit_actuals": BenefitActual.objects.count(),
        "benefits_at_risk": selectors.programme_benefits(
            Project.objects.filter(programme__name=PROGRAMME_NAME), timezone.localdate()
        ).roll_up.at_risk,
    }
