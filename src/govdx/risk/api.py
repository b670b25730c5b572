"""Risk management in the API: /api/risk-registers, /api/risks (with the register check, reviews
and acceptances), /api/risk-categories, /api/appetite-statements and /api/acceptances.

The same records, rules and permissions as the pages and `govdx risks`: `GET /api/risks/check`
answers with the object `govdx risks check --json` prints. Likelihood and impact take a number
or a label of the matrix in force ("likely", "4 - Likely", "severe"), as the importer does.
"""

import warnings
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from govdx.core.api import crud_routes, fetch, require_version
from govdx.core.permissions import Action, require, visible
from govdx.domain.errors import Invalid
from govdx.domain.risk import Matrix, parse_appetite_level, parse_impact, parse_likelihood
from govdx.org.models import Person
from govdx.risk import filtersets, selectors, services
from govdx.risk.models import Acceptance, AppetiteStatement, Register, Risk, RiskCategory

Level = int | str
LEVEL_HELP = "A number on the matrix, or its label (likelihood 'likely', impact 'major')."
VERSION_HELP = "The version you read; a stale one gets 409."


# --- registers -------------------------------------------------------------------------------


class RegisterOut(Schema):
    id: int
    name: str
    kind: str
    department_id: int | None
    parent_id: int | None
    owner_id: int | None
    description: str
    version: int


class RegisterIn(Schema):
    name: str = Field(max_length=200)
    kind: str = Field(description="corporate, department, programme or project.")
    department_id: int | None = None
    parent_id: int | None = Field(None, description="The register its risks escalate to.")
    owner_id: int | None = None
    description: str = ""


class RegisterPatch(Schema):
    name: str | None = Field(None, max_length=200)
    kind: str | None = None
    department_id: int | None = None
    parent_id: int | None = None
    owner_id: int | None = None
    description: str | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class RegisterFilters(Schema):
    q: str | None = None
    kind: str | None = None


# --- risks -----------------------------------------------------------------------------------


class RiskOut(Schema):
    id: int
    reference: str
    register_id: int
    kind: str
    title: str
    cause: str
    event: str
    consequence: str
    category_id: int
    owner_id: int | None
    department_id: int | None
    supplier_id: int | None
    status: str
    identified_on: date
    inherent_likelihood: int
    inherent_impact: int
    current_likelihood: int | None
    current_impact: int | None
    target_likelihood: int | None
    target_impact: int | None
    inherent_score: int
    current_score: int = Field(description="Current likelihood x impact; inherent when no current.")
    target_score: int | None
    treatment: str
    last_reviewed_on: date | None
    probability: float | None = Field(description="Chance of occurring within a year, 0 to 1.")
    cost_low: int | None
    cost_likely: int | None
    cost_high: int | None
    cost_p5: int | None
    cost_p95: int | None
    version: int

    @staticmethod
    def resolve_inherent_score(obj: Risk) -> int:
        return obj.inherent_likelihood * obj.inherent_impact

    @staticmethod
    def resolve_current_score(obj: Risk) -> int:
        if obj.current_likelihood is not None and obj.current_impact is not None:
            return obj.current_likelihood * obj.current_impact
        return obj.inherent_likelihood * obj.inherent_impact

    @staticmethod
    def resolve_target_score(obj: Risk) -> int | None:
        if obj.target_likelihood is None or obj.target_impact is None:
            return None
        return obj.target_likelihood * obj.target_impact


class RiskIn(Schema):
    reference: str = Field("", max_length=40, description="Leave empty for the next free one.")
    register_id: int
    kind: str = "threat"
    title: str = Field(max_length=300)
    cause: str = ""
    event: str = ""
    consequence: str = ""
    category_id: int
    owner_id: int | None = None
    department_id: int | None = None
    supplier_id: int | None = None
    status: str = "open"
    identified_on: date = Field(default_factory=timezone.localdate)
    inherent_likelihood: Level = Field(description=LEVEL_HELP)
    inherent_impact: Level = Field(description=LEVEL_HELP)
    current_likelihood: Level | None = None
    current_impact: Level | None = None
    target_likelihood: Level | None = None
    target_impact: Level | None = None
    treatment: str = ""
    probability: Decimal | None = Field(None, ge=0, le=1, max_digits=5, decimal_places=4)
    cost_low: int | None = None
    cost_likely: int | None = None
    cost_high: int | None = None
    cost_p5: int | None = None
    cost_p95: int | None = None


class RiskPatch(Schema):
    reference: str | None = Field(None, max_length=40)
    register_id: int | None = None
    kind: str | None = None
    title: str | None = Field(None, max_length=300)
    cause: str | None = None
    event: str | None = None
    consequence: str | None = None
    category_id: int | None = None
    owner_id: int | None = None
    department_id: int | None = None
    supplier_id: int | None = None
    status: str | None = None
    identified_on: date | None = None
    inherent_likelihood: Level | None = None
    inherent_impact: Level | None = None
    current_likelihood: Level | None = None
    current_impact: Level | None = None
    target_likelihood: Level | None = None
    target_impact: Level | None = None
    treatment: str | None = None
    probability: Decimal | None = Field(None, ge=0, le=1, max_digits=5, decimal_places=4)
    cost_low: int | None = None
    cost_likely: int | None = None
    cost_high: int | None = None
    cost_p5: int | None = None
    cost_p95: int | None = None
    version: int | None = Field(None, description=VERSION_HELP)


with warnings.catch_warnings():
    # The filter is called `register` on the pages too; the name shadows only ABCMeta.register,
    # which nothing calls on a schema.
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class RiskFilters(Schema):
        q: str | None = None
        register: int | None = None
        category: int | None = None
        department: int | None = None
        owner: int | None = None
        status: str | None = None
        kind: str | None = None
        band: str | None = Field(None, description="The current band's name, judged today.")
        above: bool | None = Field(None, description="Above appetite today.")
        unmanaged: bool | None = None
        overdue: bool | None = Field(None, description="Review overdue today.")
        stage: str | None = Field(None, description="current or inherent, with the position.")
        likelihood: int | None = Field(None, description="At this likelihood on the heat map.")
        impact: int | None = Field(None, description="At this impact on the heat map.")


class CheckOut(Schema):
    """The object `govdx risks check --json` prints; each list holds risk references."""

    as_of: date
    risks: list[str]
    above_appetite: list[str]
    target_outside_appetite: list[str]
    unmanaged: list[str]
    overdue_review: list[str]
    expired_acceptances: list[str]


class ReviewIn(Schema):
    reviewed_on: date = Field(default_factory=timezone.localdate)
    likelihood: Level = Field(description=LEVEL_HELP)
    impact: Level = Field(description=LEVEL_HELP)
    comment: str = ""
    reviewer_id: int | None = Field(
        None, description="The person who reviewed; by default the one you sign in as."
    )


class ReviewOut(Schema):
    id: int
    risk_id: int
    reviewed_on: date
    reviewer_id: int | None
    likelihood: int
    impact: int
    comment: str
    version: int


# --- acceptances -----------------------------------------------------------------------------


class AcceptanceIn(Schema):
    reason: str = Field(description="Why the risk should be accepted above appetite.")


class DecisionIn(Schema):
    accept: bool
    note: str = ""
    expires_on: date | None = Field(
        None, description="At most 12 months after today; by default exactly 12 months."
    )


class RevocationIn(Schema):
    note: str = ""


class AcceptanceOut(Schema):
    id: int
    risk_id: int
    state: str
    reason: str
    submitted_by_id: int | None
    submitted_on: date
    decided_by_id: int | None
    decided_on: date | None
    decision_note: str
    expires_on: date | None
    snapshot: dict[str, Any] | None = Field(description="The risk as it stood at the decision.")
    version: int


# --- categories and appetite -----------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    key: str
    name: str
    description: str
    order: int
    is_active: bool
    version: int


class CategoryIn(Schema):
    key: str = Field(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(max_length=100)
    description: str = ""
    order: int = Field(100, ge=0, le=32767)
    is_active: bool = True


class CategoryPatch(Schema):
    key: str | None = Field(None, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str | None = Field(None, max_length=100)
    description: str | None = None
    order: int | None = Field(None, ge=0, le=32767)
    is_active: bool | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class StatementOut(Schema):
    id: int
    category_id: int
    level: str
    tolerance: int | None
    statement: str
    effective_from: date
    state: str
    approved_by_id: int | None
    approved_on: date | None
    version: int


class StatementIn(Schema):
    category_id: int
    level: str = Field(description="averse, minimal, cautious, open or eager.")
    tolerance: int | None = Field(
        None, ge=1, le=100, description="Leave out to use the level's tolerance."
    )
    statement: str = ""
    effective_from: date


class StatementFilters(Schema):
    category: int | None = None
    state: str | None = Field(None, description="draft, approved or withdrawn.")


# --- input that needs the matrix, and lookups ------------------------------------------------

LEVEL_PARSERS: dict[str, Callable[[int | str, Matrix], int]] = {
    f"{stage}_{scale}": parser
    for stage in ("inherent", "current", "target")
    for scale, parser in (("likelihood", parse_likelihood), ("impact", parse_impact))
}


def with_levels(
    data: Mapping[str, Any], parsers: Mapping[str, Callable[..., int]]
) -> dict[str, Any]:
    """`data` with each likelihood and impact read as a level of the matrix in force today."""
    values = dict(data)
    present = [name for name in parsers if values.get(name) is not None]
    if not present:
        return values
    matrix = selectors.matrix_on(timezone.localdate())
    problems: dict[str, list[str]] = {}
    for name in present:
        try:
            values[name] = parsers[name](values[name], matrix)
        except Invalid as error:
            problems[name] = [error.message]
    if problems:
        summary = "; ".join(f"{name}: {' '.join(m)}" for name, m in problems.items())
        raise Invalid(summary, problems)
    return values


def risk_create(*, data: Mapping[str, Any], user: Any) -> Risk:
    require(user, Action.ADD, Risk)
    return services.risk_create(data=with_levels(data, LEVEL_PARSERS), user=user)


def risk_update(
    *, instance: Risk, data: Mapping[str, Any], user: Any, expected_version: int | None
) -> Risk:
    return services.risk_update(
        instance=instance,
        data=with_levels(data, LEVEL_PARSERS),
        user=user,
        expected_version=expected_version,
    )


def person_or_none(request: HttpRequest, pk: int | None, field: str) -> Person | None:
    """The person `pk` names (one the user may see), or the user's own person when None."""
    if pk is None:
        signed_in = request.user.pk
        return Person.objects.filter(user_id=signed_in).first() if signed_in else None
    person = visible(request.user, Person.objects.all()).filter(pk=pk).first()
    if person is None:
        raise Invalid(f"There is no person {pk}.", {field: ["Choose a person who exists."]})
    return person


def acceptance_get(pk: int) -> Acceptance:
    return Acceptance.objects.select_related("risk").get(pk=pk)


def statement_get(pk: int) -> AppetiteStatement:
    return selectors.appetite_statements().get(pk=pk)


def category_get(pk: int) -> RiskCategory:
    return RiskCategory.objects.get(pk=pk)


# --- routers ---------------------------------------------------------------------------------

registers = Router(tags=["Risk registers"])
risks = Router(tags=["Risks"])
categories = Router(tags=["Risk categories"])
statements = Router(tags=["Appetite statements"])
acceptances = Router(tags=["Acceptances"])


# Before the records' routes, so that "check" is not read as a risk's id.
@risks.get(
    "/check",
    response=CheckOut,
    summary="Check the risks against the appetite",
    description=(
        "The object `govdx risks check --json` prints, for the risks you may see: open risks "
        "above appetite, with a target outside it, unmanaged, overdue for review or carrying an "
        "expired acceptance on `as_of` (today when left out). A past day judges the register "
        "as it stood that day against the appetite then in force, as the command does."
    ),
    operation_id="risk_check",
)
def risk_check(request: HttpRequest, as_of: date | None = None) -> Any:
    require(request.user, Action.VIEW, Risk)
    today = timezone.localdate()
    day = as_of or today
    check = selectors.register_check(
        as_of=day, risks=visible(request.user, Risk.objects.all()), historical=day < today
    )
    return check.as_dict()


@risks.post(
    "/{pk}/reviews",
    response={201: ReviewOut},
    summary="Record a review of a risk",
    description="Sets the risk's current likelihood and impact and its last review date.",
    operation_id="risk_review_create",
)
def risk_review_create(request: HttpRequest, pk: int, payload: ReviewIn) -> Any:
    risk = fetch(request, selectors.risk_get, "risk", pk)
    require(request.user, Action.CHANGE, risk)
    levels = with_levels(payload.dict(), {"likelihood": parse_likelihood, "impact": parse_impact})
    review = services.review_record(
        risk=risk,
        reviewed_on=payload.reviewed_on,
        likelihood=levels["likelihood"],
        impact=levels["impact"],
        comment=payload.comment,
        reviewer=person_or_none(request, payload.reviewer_id, "reviewer_id"),
        user=request.user,
    )
    return Status(201, review)


@risks.post(
    "/{pk}/acceptances",
    response={201: AcceptanceOut},
    summary="Ask for a risk above appetite to be accepted",
    description="A board member or an administrator then accepts or rejects it.",
    operation_id="risk_acceptance_submit",
)
def risk_acceptance_submit(request: HttpRequest, pk: int, payload: AcceptanceIn) -> Any:
    risk = fetch(request, selectors.risk_get, "risk", pk)
    require(request.user, Action.ADD, Acceptance(risk=risk))
    acceptance = services.acceptance_submit(
        risk=risk, reason=payload.reason, user=request.user, on=timezone.localdate()
    )
    return Status(201, acceptance)


crud_routes(
    registers,
    model=Register,
    out_schema=RegisterOut,
    in_schema=RegisterIn,
    patch_schema=RegisterPatch,
    list_selector=selectors.register_list,
    get_selector=selectors.register_get,
    filterset_class=filtersets.RegisterFilterSet,
    filter_schema=RegisterFilters,
    create=services.register_create,
    update=services.register_update,
    delete=services.register_delete,
)
crud_routes(
    risks,
    model=Risk,
    out_schema=RiskOut,
    in_schema=RiskIn,
    patch_schema=RiskPatch,
    list_selector=selectors.risk_list,
    get_selector=selectors.risk_get,
    filterset_class=filtersets.RiskFilterSet,
    filter_schema=RiskFilters,
    create=risk_create,
    update=risk_update,
    delete=services.risk_delete,
)


@acceptances.get(
    "/{pk}", response=AcceptanceOut, summary="Read an acceptance", operation_id="acceptance_read"
)
def acceptance_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, acceptance_get, "acceptance", pk)


@acceptances.post(
    "/{pk}/decide",
    response=AcceptanceOut,
    summary="Accept or reject a risk above appetite",
    description=(
        "Board members and administrators only. Accepting freezes a copy of the risk as it "
        "stands and lasts at most 12 months from today."
    ),
    operation_id="acceptance_decide",
)
def acceptance_decide(request: HttpRequest, pk: int, payload: DecisionIn) -> Any:
    acceptance = fetch(request, acceptance_get, "acceptance", pk)
    return services.acceptance_decide(
        acceptance=acceptance,
        accept=payload.accept,
        note=payload.note,
        on=timezone.localdate(),
        expires_on=payload.expires_on,
        user=request.user,
    )


@acceptances.post(
    "/{pk}/revoke",
    response=AcceptanceOut,
    summary="Revoke an acceptance",
    description="Board members and administrators only.",
    operation_id="acceptance_revoke",
)
def acceptance_revoke(request: HttpRequest, pk: int, payload: RevocationIn) -> Any:
    acceptance = fetch(request, acceptance_get, "acceptance", pk)
    return services.acceptance_revoke(acceptance=acceptance, note=payload.note, user=request.user)


@categories.get(
    "",
    response=list[CategoryOut],
    summary="List risk categories",
    operation_id="risk_category_list",
)
@paginate(PageNumberPagination)
def category_list(request: HttpRequest) -> QuerySet[RiskCategory]:
    require(request.user, Action.VIEW, RiskCategory)
    return visible(request.user, selectors.category_list())


@categories.get(
    "/{pk}", response=CategoryOut, summary="Read a risk category", operation_id="risk_category_read"
)
def category_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, category_get, "risk category", pk)


@categories.post(
    "",
    response={201: CategoryOut},
    summary="Add a risk category",
    description="Risk managers and administrators.",
    operation_id="risk_category_create",
)
def category_create(request: HttpRequest, payload: CategoryIn) -> Any:
    return Status(201, services.category_create(data=payload.dict(), user=request.user))


@categories.patch(
    "/{pk}",
    response=CategoryOut,
    summary="Change a risk category",
    description="Risk managers and administrators; send the `version` you read.",
    operation_id="risk_category_change",
)
def category_change(request: HttpRequest, pk: int, payload: CategoryPatch) -> Any:
    category = fetch(request, category_get, "risk category", pk)
    require(request.user, Action.CHANGE, category)
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "risk category")
    return services.category_update(
        instance=category, data=data, user=request.user, expected_version=version
    )


@statements.get(
    "",
    response=list[StatementOut],
    summary="List appetite statements",
    operation_id="appetite_statement_list",
)
@paginate(PageNumberPagination)
def statement_list(
    request: HttpRequest, filters: Query[StatementFilters]
) -> QuerySet[AppetiteStatement]:
    require(request.user, Action.VIEW, AppetiteStatement)
    queryset = visible(request.user, selectors.appetite_statements())
    if filters.category is not None:
        queryset = queryset.filter(category_id=filters.category)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    return queryset


@statements.get(
    "/{pk}",
    response=StatementOut,
    summary="Read an appetite statement",
    operation_id="appetite_statement_read",
)
def statement_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, statement_get, "appetite statement", pk)


@statements.post(
    "",
    response={201: StatementOut},
    summary="Draft an appetite statement",
    description="Risk managers and administrators draft; it counts only once approved.",
    operation_id="appetite_statement_create",
)
def statement_create(request: HttpRequest, payload: StatementIn) -> Any:
    require(request.user, Action.ADD, AppetiteStatement)
    data = payload.dict()
    data["level"] = parse_appetite_level(data["level"]).value
    return Status(201, services.statement_create(data=data, user=request.user))


@statements.post(
    "/{pk}/approve",
    response=StatementOut,
    summary="Approve an appetite statement",
    description=(
        "Board members and administrators only. From its effective date the statement sets "
        "the category's appetite."
    ),
    operation_id="appetite_statement_approve",
)
def statement_approve(request: HttpRequest, pk: int) -> Any:
    statement = fetch(request, statement_get, "appetite statement", pk)
    return services.statement_approve(
        statement=statement, user=request.user, on=timezone.localdate()
    )


ROUTERS = {
    "risk-registers": registers,
    "risks": risks,
    "risk-categories": categories,
    "appetite-statements": statements,
    "acceptances": acceptances,
}
