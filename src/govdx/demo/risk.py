"""Northshire Council's risk registers: a corporate register, one per directorate, about sixty
risks with appetite statements, controls, actions, reviews and one expired acceptance.

Fictional, and the same for the same seed. Dates are fixed around DEMO_DAY so that a check on a
given day always says the same.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from govdx.core.permissions import SYSTEM
from govdx.org.models import Department, Person, Supplier
from govdx.risk import services
from govdx.risk.models import (
    Acceptance,
    Action,
    AppetiteStatement,
    Control,
    Register,
    Review,
    Risk,
    RiskCategory,
)

DEMO_DAY = date(2026, 11, 2)
EFFECTIVENESS = ("effective", "partial", "ineffective", "not_assessed")

APPETITE = {
    "strategy": "open", "governance": "cautious", "operations": "cautious", "legal": "minimal",
    "property": "cautious", "financial": "minimal", "commercial": "cautious", "people": "open",
    "technology": "open", "information": "minimal", "security": "averse",
    "project-programme": "open", "reputational": "cautious",
}  # fmt: skip

# (register: directorate code or "corporate", category, title, cause, event, consequence,
#  supplier name or "")
RISKS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "corporate",
        "financial",
        "Medium-term budget gap not closed",
        "Demand for care rises faster than funding",
        "Savings plans fall short of the gap",
        "Reserves drawn down and services cut in year",
        "",
    ),
    (
        "corporate",
        "technology",
        "Revenues system past end of support",
        "The revenues and benefits platform runs on an unsupported database",
        "A failure or vulnerability cannot be patched",
        "Council tax and benefits cannot be billed or paid",
        "Brightwater Software plc",
    ),
    (
        "corporate",
        "security",
        "Ransomware attack on council systems",
        "Phishing and unpatched servers",
        "Attackers encrypt core systems",
        "Services stop for weeks; data is lost or published",
        "",
    ),
    (
        "corporate",
        "project-programme",
        "Digital transformation programme slips",
        "Too few skilled staff and late supplier work",
        "Key milestones are missed",
        "Benefits and savings arrive late",
        "",
    ),
    (
        "corporate",
        "people",
        "Shortage of social workers",
        "National shortage and higher pay elsewhere",
        "Vacancies stay unfilled",
        "Caseloads rise and children wait longer for help",
        "",
    ),
    (
        "corporate",
        "governance",
        "Decisions made outside the scheme of delegation",
        "Unclear authorities in the new structure",
        "Officers commit spending without approval",
        "Unlawful decisions and challenge",
        "",
    ),
    (
        "corporate",
        "reputational",
        "Loss of public trust after a service failure",
        "A visible failure in bins or care",
        "Press and social media coverage",
        "Complaints rise and residents disengage",
        "",
    ),
    (
        "corporate",
        "information",
        "Poor data quality in the care record",
        "Duplicate and incomplete records",
        "Decisions rest on wrong data",
        "Vulnerable people are missed",
        "Carewell Systems Ltd",
    ),
    (
        "corporate",
        "commercial",
        "Managed hosting contract ends without a successor",
        "Procurement started late",
        "The contract expires with no replacement",
        "Servers are unsupported or costs rise sharply",
        "Northgate Managed IT Ltd",
    ),
    (
        "corporate",
        "legal",
        "Failure to meet accessibility regulations",
        "Old web pages and PDFs",
        "An audit finds the website inaccessible",
        "Enforcement and exclusion of disabled residents",
        "",
    ),
    (
        "corporate",
        "strategy",
        "Council plan not funded",
        "Priorities outgrow resources",
        "Commitments cannot be delivered",
        "Members and residents lose confidence",
        "",
    ),
    (
        "corporate",
        "operations",
        "Business continuity plans out of date",
        "Plans not tested since restructuring",
        "An incident finds no working plan",
        "Critical services stop longer than needed",
        "",
    ),
    (
        "corporate",
        "property",
        "Condition of the civic centre",
        "Deferred maintenance",
        "Heating or roof fails",
        "Staff relocated and costs rise",
        "",
    ),
    (
        "resources",
        "financial",
        "Council tax collection falls",
        "Cost of living pressure",
        "Collection rate drops below plan",
        "Shortfall in the collection fund",
        "",
    ),
    (
        "resources",
        "technology",
        "Windows Server 2012 R2 still in use",
        "Applications tied to old servers",
        "Servers run without security updates",
        "Exploitable vulnerabilities on the network",
        "Northgate Managed IT Ltd",
    ),
    (
        "resources",
        "technology",
        "Single network link to the data centre",
        "No second route was bought",
        "The link is cut",
        "All staff lose access to systems",
        "Telecoms North Ltd",
    ),
    (
        "resources",
        "commercial",
        "Supplier financial failure",
        "A small supplier depends on one contract",
        "The supplier goes into administration",
        "Service stops without notice",
        "Openfield Digital Co-operative",
    ),
    (
        "resources",
        "financial",
        "Fraud in supplier payments",
        "Weak checks on bank detail changes",
        "A fraudster diverts a payment",
        "Money lost and reputational harm",
        "",
    ),
    (
        "resources",
        "information",
        "Records kept beyond retention periods",
        "No owner for shared drives",
        "Personal data is kept too long",
        "Breach of data protection law",
        "",
    ),
    (
        "resources",
        "technology",
        "Cloud costs exceed budget",
        "No tagging or cost alerts",
        "Spend grows unnoticed",
        "Overspend on the IT budget",
        "",
    ),
    (
        "resources",
        "security",
        "Shared administrator accounts",
        "Old practice on legacy systems",
        "An account is misused",
        "Changes cannot be traced to a person",
        "",
    ),
    (
        "resources",
        "operations",
        "Payroll errors after system upgrade",
        "Rushed testing",
        "Staff are paid wrongly",
        "Hardship, grievances and rework",
        "",
    ),
    (
        "people-services",
        "people",
        "High staff turnover in IT",
        "Pay below market rates",
        "Experienced staff leave",
        "Knowledge lost and projects slow",
        "",
    ),
    (
        "people-services",
        "people",
        "Low take-up of digital skills training",
        "Staff lack time",
        "Training is not completed",
        "New systems are not used well",
        "",
    ),
    (
        "people-services",
        "legal",
        "Equal pay claim",
        "Historic grading decisions",
        "A claim is upheld",
        "Back pay and legal costs",
        "",
    ),
    (
        "people-services",
        "operations",
        "Recruitment takes too long",
        "Manual approvals",
        "Offers are made late",
        "Candidates accept other jobs",
        "",
    ),
    (
        "people-services",
        "people",
        "Change fatigue among staff",
        "Several restructures in three years",
        "Staff resist the new ways of working",
        "Transformation benefits are not realised",
        "",
    ),
    (
        "adult-social-care",
        "operations",
        "Home care market fragility",
        "Providers cannot recruit carers",
        "Packages of care cannot be placed",
        "Hospital discharges delayed",
        "",
    ),
    (
        "adult-social-care",
        "financial",
        "Overspend on residential placements",
        "More people with complex needs",
        "Placement costs exceed budget",
        "Overspend across the council",
        "",
    ),
    (
        "adult-social-care",
        "information",
        "Care records not shared with the NHS",
        "No agreed data sharing",
        "Professionals act without full information",
        "Poorer and less safe care",
        "Carewell Systems Ltd",
    ),
    (
        "adult-social-care",
        "legal",
        "Deprivation of liberty assessments backlog",
        "Too few assessors",
        "Assessments are not completed in time",
        "People are unlawfully deprived of liberty",
        "",
    ),
    (
        "adult-social-care",
        "technology",
        "Care system upgrade fails",
        "Customisations not tested",
        "The upgrade corrupts records",
        "Caseworkers cannot work",
        "Carewell Systems Ltd",
    ),
    (
        "adult-social-care",
        "reputational",
        "Safeguarding concern mishandled",
        "Referral triage delays",
        "A concern is not acted on",
        "Harm to a person and public criticism",
        "",
    ),
    (
        "children-families",
        "operations",
        "Rising demand for children's services",
        "Cost of living and mental health",
        "Referrals rise above capacity",
        "Children wait longer for help",
        "",
    ),
    (
        "children-families",
        "financial",
        "High-needs education budget deficit",
        "More education, health and care plans",
        "Deficit grows each year",
        "The council must fund the gap",
        "",
    ),
    (
        "children-families",
        "legal",
        "Education, health and care plans issued late",
        "Too few caseworkers",
        "Plans miss the 20-week deadline",
        "Tribunals and complaints",
        "",
    ),
    (
        "children-families",
        "people",
        "Reliance on agency social workers",
        "Vacancies",
        "Agency staff fill a third of posts",
        "Cost and inconsistent relationships with families",
        "",
    ),
    (
        "children-families",
        "technology",
        "School admissions portal fails on offer day",
        "Load not tested",
        "The portal is unavailable",
        "Parents cannot see offers",
        "",
    ),
    (
        "children-families",
        "information",
        "Wrongly shared child protection information",
        "Manual redaction",
        "Information is sent to the wrong person",
        "Harm to the child and a data breach",
        "",
    ),
    (
        "place",
        "operations",
        "Waste collection vehicle breakdowns",
        "Ageing fleet",
        "Rounds are missed",
        "Complaints and fly-tipping",
        "",
    ),
    (
        "place",
        "property",
        "Bridge assessment overdue",
        "Inspection backlog",
        "A weak structure is not found",
        "Closure or collapse",
        "",
    ),
    (
        "place",
        "financial",
        "Planning fee income falls",
        "Fewer applications",
        "Income is below budget",
        "Planning service overspends",
        "",
    ),
    (
        "place",
        "legal",
        "Local plan found unsound",
        "Evidence base out of date",
        "The inspector rejects the plan",
        "Development comes forward unplanned",
        "",
    ),
    (
        "place",
        "strategy",
        "Net zero target not met",
        "No funded plan",
        "Emissions fall too slowly",
        "Commitment to residents broken",
        "",
    ),
    (
        "place",
        "operations",
        "Winter gritting salt shortage",
        "National supply problems",
        "Stocks run out",
        "Unsafe roads",
        "",
    ),
    (
        "place",
        "technology",
        "Highways asset system unsupported",
        "Vendor withdrew the product",
        "No updates or support",
        "Inspection records at risk",
        "",
    ),
    (
        "communities",
        "operations",
        "Homelessness demand exceeds temporary accommodation",
        "Rising rents",
        "Families placed out of area",
        "Cost and harm to families",
        "",
    ),
    (
        "communities",
        "financial",
        "Temporary accommodation costs",
        "Use of nightly paid rooms",
        "Costs exceed grant",
        "Overspend",
        "",
    ),
    (
        "communities",
        "technology",
        "Library public computers on unsupported Windows 10",
        "Hardware too old for Windows 11",
        "No security updates after October 2025",
        "Compromised machines used by the public",
        "",
    ),
    (
        "communities",
        "reputational",
        "Long waits at the contact centre",
        "Staff shortages and old telephony",
        "Calls wait over twenty minutes",
        "Residents give up and complain",
        "Telecoms North Ltd",
    ),
    (
        "communities",
        "people",
        "Customer service staff not ready for digital channels",
        "Little training",
        "Staff cannot help residents online",
        "Digital take-up stays low",
        "",
    ),
    (
        "communities",
        "legal",
        "Registration service fails statutory standards",
        "Backlog of births and deaths",
        "Registrations miss deadlines",
        "Regulator intervention",
        "",
    ),
    (
        "communities",
        "operations",
        "Library closures disrupt digital inclusion",
        "Budget savings",
        "Branches reduce opening hours",
        "Residents without internet lose access",
        "",
    ),
    (
        "legal-governance",
        "governance",
        "Elections administration failure",
        "New rules on voter ID",
        "Errors at polling stations",
        "Result challenged",
        "",
    ),
    (
        "legal-governance",
        "information",
        "Subject access requests answered late",
        "Volume and manual searches",
        "Statutory deadlines are missed",
        "Complaints to the regulator",
        "",
    ),
    (
        "legal-governance",
        "legal",
        "Procurement challenge",
        "New procurement rules",
        "A bidder challenges an award",
        "Contract delayed and costs",
        "",
    ),
    (
        "legal-governance",
        "governance",
        "Register of interests incomplete",
        "Members not reminded",
        "An interest is undeclared",
        "Decision challenged",
        "",
    ),
    (
        "chief-executive",
        "project-programme",
        "Benefits of the transformation not tracked",
        "No benefits owner",
        "Savings cannot be evidenced",
        "Members question the programme",
        "",
    ),
    (
        "chief-executive",
        "reputational",
        "Communication about service changes unclear",
        "Late engagement",
        "Residents learn of changes from the press",
        "Opposition to the changes",
        "",
    ),
    (
        "chief-executive",
        "strategy",
        "Partnership with the health board weakens",
        "Competing priorities",
        "Joint plans stall",
        "Integrated services not delivered",
        "",
    ),
)


def _person_in(department: Department, rng: random.Random) -> Person | None:
    people = list(Person.objects.filter(department__in=_subtree(department)).order_by("pk"))
    return rng.choice(people) if people else None


def _subtree(department: Department) -> list[Department]:
    return [department, *department.children.all()]


def load_risk_demo(*, seed: int) -> dict[str, Any]:
    """Load the risk demo; idempotent (a register already there is left as it is)."""
    rng = random.Random(seed + 3)
    services.categories_load(user=SYSTEM)
    if Register.objects.filter(name="Corporate risk register").exists():
        return _counts()
    board = Person.objects.filter(user__username="board").first()
    risk_manager = Person.objects.filter(user__username="risk").first()
    categories = {c.key: c for c in RiskCategory.objects.all()}
    for key, level in APPETITE.items():
        statement = services.statement_create(
            data={
                "category": categories[key],
                "level": level,
                "effective_from": date(2026, 4, 1),
                "statement": f"The council is {level} about {categories[key].name.lower()} risk.",
            },
            user=SYSTEM,
        )
        services.statement_approve(statement=statement, user=SYSTEM, on=date(2026, 3, 18))

    corporate = services.register_create(
        data={"name": "Corporate risk register", "kind": "corporate", "owner": risk_manager},
        user=SYSTEM,
    )
    registers = {"corporate": corporate}
    for directorate in Department.objects.filter(kind="directorate").order_by("pk"):
        registers[directorate.code] = services.register_create(
            data={
                "name": f"{directorate.name} risk register",
                "kind": "department",
                "department": directorate,
                "parent": corporate,
                "owner": directorate.head,
            },
            user=SYSTEM,
        )

    suppliers = {s.name: s for s in Supplier.objects.all()}
    for number, (register_key, category, title, cause, event, consequence, supplier) in enumerate(
        RISKS, start=1
    ):
        register = registers[register_key]
        department = register.department or Department.objects.get(code="transformation-office")
        inherent = (rng.randint(2, 5), rng.randint(3, 5))
        current = (max(1, inherent[0] - rng.randint(0, 2)), max(1, inherent[1] - rng.randint(0, 1)))
        target = (max(1, current[0] - rng.randint(1, 2)), max(1, current[1] - rng.randint(0, 1)))
        identified = DEMO_DAY - timedelta(days=rng.randint(120, 900))
        reviewed = DEMO_DAY - timedelta(days=rng.choice((5, 20, 45, 80, 100, 150, 200, 400)))
        quantified = number % 3 == 0
        likely_cost = rng.choice((50_000, 120_000, 250_000, 600_000, 1_500_000)) * 100
        risk = services.risk_create(
            data={
                "reference": f"NSC-{number:03d}",
                "register": register,
                "title": title,
                "cause": cause,
                "event": event,
                "consequence": consequence,
                "category": categories[category],
                "owner": _person_in(department, rng),
                "department": department,
                "supplier": suppliers.get(supplier),
                "identified_on": identified,
                "inherent_likelihood": inherent[0],
                "inherent_impact": inherent[1],
                "current_likelihood": current[0],
                "current_impact": current[1],
                "target_likelihood": target[0],
                "target_impact": target[1],
                "treatment": "treat",
                "probability": Decimal(f"{rng.uniform(0.02, 0.4):.3f}") if quantified else None,
                "cost_low": likely_cost // 4 if quantified else None,
                "cost_likely": likely_cost if quantified else None,
                "cost_high": likely_cost * 4 if quantified else None,
            },
            user=SYSTEM,
        )
        services.control_create(
            data={
                "risk": risk,
                "description": f"Monitoring of {title.lower()} at monthly management meetings.",
                "effectiveness": rng.choice(EFFECTIVENESS),
            },
            user=SYSTEM,
        )
        if number % 4 != 0:
            services.action_create(
                data={
                    "risk": risk,
                    "description": f"Agree and fund a plan to reduce: {title.lower()}.",
                    "owner": risk.owner if number % 5 != 0 else None,
                    "due_on": DEMO_DAY + timedelta(days=rng.randint(-30, 180)),
                },
                user=SYSTEM,
            )
        services.review_record(
            risk=risk,
            reviewed_on=reviewed,
            likelihood=current[0],
            impact=current[1],
            comment="Scores reviewed at the directorate management team.",
            reviewer=risk.owner,
            user=SYSTEM,
        )

    expired = Risk.objects.get(reference="NSC-003")
    acceptance = services.acceptance_submit(
        risk=expired,
        reason="Full protection would cost more than the council can fund this year; "
        "backups are tested monthly.",
        user=SYSTEM,
        on=date(2025, 9, 1),
    )
    services.acceptance_decide(
        acceptance=acceptance,
        accept=True,
        note="Accepted by the transformation board for one year.",
        on=date(2025, 9, 15),
        expires_on=date(2026, 9, 14),
        user=SYSTEM,
    )
    if board is not None:
        Acceptance.objects.filter(pk=acceptance.pk).update(decided_by=board.user)
    return _counts()


def _counts() -> dict[str, Any]:
    return {
        "registers": Register.objects.count(),
        "risks": Risk.objects.count(),
        "appetite_statements": AppetiteStatement.objects.count(),
        "controls": Control.objects.count(),
        "actions": Action.objects.count(),
        "reviews": Review.objects.count(),
        "acceptances": Acceptance.objects.count(),
    }
