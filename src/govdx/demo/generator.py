"""The demo organisation, Northshire Council: fictional, and the same every time for one seed.

Later modules add their own demo data here, after the organisation. Loading is idempotent: each
record is found by its natural key before it is created, so running it twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from govdx.domain.governance.access import Role
from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier

DEMO_PASSWORD = "northshire-demo"  # noqa: S105  # the published demo password, demo data only
DEMO_SEED = 2026
STAFF_COUNT = 192  # with the eight demo users who are staff, 200 people

# (code, name, teams)
DIRECTORATES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "chief-executive",
        "Chief Executive's Office",
        ("Policy and Performance", "Communications", "Transformation Office"),
    ),
    (
        "resources",
        "Resources",
        ("Finance", "Revenues and Benefits", "Digital and IT", "Procurement"),
    ),
    (
        "people-services",
        "People Services",
        ("Human Resources", "Organisational Development", "Payroll"),
    ),
    (
        "adult-social-care",
        "Adult Social Care",
        ("Assessment and Care Management", "Safeguarding Adults", "Commissioning"),
    ),
    (
        "children-families",
        "Children and Families",
        ("Children's Social Care", "Education and Inclusion", "Early Help", "Schools Admissions"),
    ),
    ("place", "Place", ("Planning", "Highways", "Waste and Recycling", "Parks and Open Spaces")),
    (
        "communities",
        "Communities",
        ("Housing", "Libraries", "Customer Services", "Registration Services"),
    ),
    (
        "legal-governance",
        "Legal and Governance",
        ("Legal Services", "Democratic Services", "Information Governance", "Elections"),
    ),
)

DIRECTORATE_NAMES = {code: name for code, name, _ in DIRECTORATES}

FIRST_NAMES = (
    "Aisha",
    "Alex",
    "Amira",
    "Ben",
    "Bethan",
    "Callum",
    "Chloe",
    "Daniel",
    "Deepa",
    "Eilidh",
    "Emma",
    "Farah",
    "Finn",
    "Grace",
    "Hamza",
    "Hannah",
    "Imran",
    "Isla",
    "Jack",
    "Jade",
    "James",
    "Kamal",
    "Katie",
    "Liam",
    "Lucy",
    "Marek",
    "Maya",
    "Mohammed",
    "Niamh",
    "Noah",
    "Olivia",
    "Oscar",
    "Priya",
    "Rhys",
    "Rosa",
    "Ruth",
    "Sam",
    "Sofia",
    "Tariq",
    "Zoe",
)
LAST_NAMES = (
    "Adeyemi",
    "Ahmed",
    "Baker",
    "Campbell",
    "Chen",
    "Davies",
    "Edwards",
    "Evans",
    "Fraser",
    "Green",
    "Hall",
    "Hughes",
    "Jones",
    "Kaur",
    "Khan",
    "Kowalski",
    "Lewis",
    "Macdonald",
    "Morgan",
    "Murphy",
    "Nowak",
    "O'Brien",
    "Okafor",
    "Patel",
    "Price",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Watson",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
    "Zielinski",
)
JOB_TITLES = (
    "Officer",
    "Senior Officer",
    "Team Manager",
    "Analyst",
    "Adviser",
    "Coordinator",
    "Assistant",
    "Specialist",
    "Practitioner",
    "Project Officer",
)

# (name, registration, services, contracts: (reference, title, start, years, value in pounds, team))
SUPPLIERS: tuple[tuple[str, str, str, tuple[tuple[str, str, date, int, int, str], ...]], ...] = (
    (
        "Northgate Managed IT Ltd",
        "NS104233",
        "Runs the council's data centre and server estate.",
        (
            (
                "NSC-IT-2021-004",
                "Managed hosting and server support",
                date(2021, 4, 1),
                5,
                4_850_000,
                "digital-and-it",
            ),
        ),
    ),
    (
        "Brightwater Software plc",
        "NS220871",
        "Revenues and benefits system, with its support.",
        (
            (
                "NSC-RB-2019-011",
                "Revenues and benefits software licence",
                date(2019, 10, 1),
                7,
                2_100_000,
                "revenues-and-benefits",
            ),
            (
                "NSC-RB-2024-002",
                "Cloud migration of revenues system",
                date(2024, 6, 1),
                2,
                640_000,
                "revenues-and-benefits",
            ),
        ),
    ),
    (
        "Carewell Systems Ltd",
        "NS318540",
        "Case management system for adult and children's social care.",
        (
            (
                "NSC-SC-2020-007",
                "Social care case management",
                date(2020, 1, 1),
                6,
                3_300_000,
                "assessment-and-care-management",
            ),
        ),
    ),
    (
        "Fenland Print and Mail",
        "NS401992",
        "Printing and posting of council letters.",
        (
            (
                "NSC-CS-2022-015",
                "Hybrid mail service",
                date(2022, 9, 1),
                4,
                380_000,
                "customer-services",
            ),
        ),
    ),
    (
        "Openfield Digital Co-operative",
        "NS512377",
        "User research and web development.",
        (
            (
                "NSC-CEO-2025-001",
                "Digital service design partner",
                date(2025, 2, 1),
                2,
                450_000,
                "transformation-office",
            ),
        ),
    ),
    (
        "Telecoms North Ltd",
        "NS633018",
        "Corporate network, telephony and mobile devices.",
        (
            (
                "NSC-IT-2018-009",
                "Wide-area network and telephony",
                date(2018, 7, 1),
                8,
                1_900_000,
                "digital-and-it",
            ),
            (
                "NSC-IT-2023-003",
                "Mobile devices and airtime",
                date(2023, 4, 1),
                3,
                520_000,
                "digital-and-it",
            ),
        ),
    ),
)

# (username, role label, role, department code or None, first name, last name)
DEMO_USER_ROLES: tuple[tuple[str, Role, str | None, str, str], ...] = (
    ("admin", Role.ADMINISTRATOR, None, "Alex", "Morgan"),
    ("board", Role.BOARD_MEMBER, None, "Ruth", "Okafor"),
    ("programme", Role.PROGRAMME_MANAGER, None, "Priya", "Shah"),
    ("risk", Role.RISK_MANAGER, None, "Marek", "Nowak"),
    ("estate", Role.ESTATE_MANAGER, None, "Jade", "Campbell"),
    ("change", Role.CHANGE_MANAGER, None, "Tariq", "Khan"),
    ("lead", Role.DEPARTMENT_LEAD, "communities", "Niamh", "Murphy"),
    ("supplier", Role.SUPPLIER_CONTACT, None, "Oscar", "Fraser"),
    ("viewer", Role.VIEWER, None, "Grace", "Hall"),
)
DEMO_SUPPLIER_CONTACT_OF = "Northgate Managed IT Ltd"

DEMO_USERS: tuple[tuple[str, str, str], ...] = tuple(
    (
        username,
        f"{role.value.replace('_', ' ').capitalize()}"
        + (f" of {DIRECTORATE_NAMES[department]}" if department else "")
        + (f" at {DEMO_SUPPLIER_CONTACT_OF}" if role is Role.SUPPLIER_CONTACT else ""),
        role.value,
    )
    for username, role, department, _, _ in DEMO_USER_ROLES
)


def _slug(text: str) -> str:
    return (
        "".join(c if c.isalnum() else "-" for c in text.lower().replace("'", ""))
        .strip("-")
        .replace("--", "-")
    )


@transaction.atomic
def load_demo(*, seed: int = DEMO_SEED) -> dict[str, Any]:
    """Load Northshire Council; returns how many of each record the demo holds."""
    rng = random.Random(seed)
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        organisation = Organisation(name="Northshire Council")
    organisation.name = "Northshire Council"
    organisation.short_name = "Northshire"
    organisation.is_demo = True
    organisation.save()

    teams: list[Department] = []
    for code, name, team_names in DIRECTORATES:
        directorate, _ = Department.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "directorate"}
        )
        for team_name in team_names:
            team, _ = Department.objects.get_or_create(
                code=_slug(team_name)[:40],
                defaults={"name": team_name, "kind": "team", "parent": directorate},
            )
            teams.append(team)
    directorates = {d.code: d for d in Department.objects.filter(kind="directorate")}

    people: list[Person] = []
    for number in range(1, STAFF_COUNT + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        team = teams[(number - 1) % len(teams)] if number > len(directorates) else None
        department = team or list(directorates.values())[number - 1]
        title = (
            "Director"
            if team is None
            else f"{department.name.split(' and ')[0]} {rng.choice(JOB_TITLES)}"
        )
        staff_number = f"NSC{number:05d}"
        person, _ = Person.objects.get_or_create(
            staff_number=staff_number,
            defaults={
                "full_name": f"{first} {last}",
                "email": f"{_slug(first)}.{_slug(last)}.{number}@northshire.example",
                "job_title": title,
                "department": department,
            },
        )
        people.append(person)
        if team is None and department.head_id is None:
            department.head = person
            department.save(update_fields=["head"])

    for name, registration, services, contracts in SUPPLIERS:
        supplier, _ = Supplier.objects.get_or_create(
            name=name,
            defaults={
                "registration_number": registration,
                "services_provided": services,
                "contact_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "contact_email": f"contracts@{_slug(name.split()[0])}.example",
            },
        )
        for reference, title, start, years, pounds, team_code in contracts:
            Contract.objects.get_or_create(
                reference=reference,
                defaults={
                    "supplier": supplier,
                    "title": title,
                    "start_date": start,
                    "end_date": start.replace(year=start.year + years) - timedelta(days=1),
                    "value_minor": pounds * 100,
                    "department": Department.objects.get(code=team_code),
                },
            )

    users = _demo_users()
    from govdx.demo.estate import load_estate_demo
    from govdx.demo.governance import load_governance_demo
    from govdx.demo.people import load_people_demo
    from govdx.demo.programme import load_programme_demo
    from govdx.demo.risk import load_risk_demo

    return {
        "departments": Department.objects.count(),
        "people": Person.objects.count(),
        "suppliers": Supplier.objects.count(),
        "contracts": Contract.objects.count(),
        "users": users,
        "risk": load_risk_demo(seed=seed),
        "estate": load_estate_demo(seed=seed),
        "programme": load_programme_demo(seed=seed),
        "people_change": load_people_demo(seed=seed),
        "governance": load_governance_demo(seed=seed),
    }


def _demo_users() -> int:
    user_model = get_user_model()
    supplier = Supplier.objects.get(name=DEMO_SUPPLIER_CONTACT_OF)
    created = 0
    password_hash: Any = None
    for username, role, department_code, first, last in DEMO_USER_ROLES:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@northshire.example",
            )
            if password_hash is None:
                user.set_password(DEMO_PASSWORD)
                password_hash = user.password
            user.password = password_hash
            user.save()
        created += 1
        department = Department.objects.get(code=department_code) if department_code else None
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role.value,
            department=department,
            supplier=supplier if role is Role.SUPPLIER_CONTACT else None,
        )
        if role is not Role.SUPPLIER_CONTACT:
            home = department or Department.objects.get(code="transformation-office")
            Person.objects.get_or_create(
                user=user,
                defaults={
                    "full_name": f"{first} {last}",
                    "email": user.email,
                    "job_title": ROLE_JOB_TITLES[role],
                    "department": home,
                },
            )
    return created


ROLE_JOB_TITLES = {
    Role.ADMINISTRATOR: "govdx Administrator",
    Role.BOARD_MEMBER: "Transformation Board Member",
    Role.PROGRAMME_MANAGER: "Transformation Programme Manager",
    Role.RISK_MANAGER: "Corporate Risk Manager",
    Role.ESTATE_MANAGER: "IT and Supplier Manager",
    Role.CHANGE_MANAGER: "Change Manager",
    Role.DEPARTMENT_LEAD: "Director of Communities",
    Role.VIEWER: "Internal Auditor",
}
