"""Reads of the risk registers that pages, the API and the command line share.

The check, the heat map and the as-at register all turn stored rows into the facts
`govdx.domain.risk` judges, here and only here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from govdx.domain.risk import (
    DEFAULT_CADENCE,
    AcceptanceFacts,
    AcceptanceState,
    ActionFacts,
    Matrix,
    RegisterCheck,
    RiskFacts,
    RiskStatus,
    check_register,
    default_matrix,
)
from govdx.domain.risk import (
    AppetiteStatement as StatementFacts,
)
from govdx.risk.models import (
    Acceptance,
    Action,
    AppetiteStatement,
    Register,
    Risk,
    RiskCategory,
    RiskMatrix,
)


def category_list() -> QuerySet[RiskCategory]:
    return RiskCategory.objects.annotate(risk_count=Count("risks")).order_by("order", "name")


def register_list() -> QuerySet[Register]:
    return (
        Register.objects.select_related("department", "parent", "owner")
        .annotate(risk_count=Count("risks"))
        .order_by("kind", "name", "pk")
    )


def register_get(pk: int) -> Register:
    return Register.objects.select_related("department", "parent", "owner").get(pk=pk)


def risk_list() -> QuerySet[Risk]:
    return (
        Risk.objects.select_related("register", "category", "owner", "department", "supplier")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            "acceptances",
        )
        .order_by("reference", "pk")
    )


def risk_get(pk: int) -> Risk:
    return (
        Risk.objects.select_related("register", "category", "owner", "department", "supplier")
        .prefetch_related("controls", "actions__owner", "reviews__reviewer", "acceptances",
                          "escalations__from_register", "escalations__to_register", "links")
        .get(pk=pk)
    )  # fmt: skip


def matrix_on(day: datetime.date) -> Matrix:
    """The matrix in force on `day`: the latest from that day or before, else the default."""
    row = RiskMatrix.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if row is None:
        return default_matrix()
    return matrix_from_definition(row.definition)


def matrix_from_definition(definition: dict[str, Any]) -> Matrix:
    from govdx.domain.risk import Band

    bands = tuple(Band(**band) for band in definition.get("bands", ()))
    fields = {k: v for k, v in definition.items() if k != "bands"}
    return Matrix(**fields, **({"bands": bands} if bands else {}))


def statements_facts(statements: Iterable[AppetiteStatement]) -> list[StatementFacts]:
    """The statements as the domain reads them, oldest first, so that of two statements in
    force from the same day the one recorded later wins."""
    ordered = sorted(statements, key=lambda s: (s.effective_from, s.pk))
    return [
        StatementFacts(
            category=s.category.key,
            level=s.level,
            effective_from=s.effective_from,
            approved=s.state == "approved",
            tolerance=s.tolerance,
            identifier=s.pk,
        )
        for s in ordered
    ]


def appetite_statements() -> QuerySet[AppetiteStatement]:
    return AppetiteStatement.objects.select_related("category", "approved_by").order_by(
        "category__order", "category__name", "-effective_from", "-pk"
    )


def risk_facts(
    risk: Risk, actions: Iterable[Action], acceptances: Iterable[Acceptance]
) -> RiskFacts:
    """What the register check needs of one risk."""
    current = (
        (risk.current_likelihood, risk.current_impact)
        if risk.current_likelihood is not None and risk.current_impact is not None
        else None
    )
    target = (
        (risk.target_likelihood, risk.target_impact)
        if risk.target_likelihood is not None and risk.target_impact is not None
        else None
    )
    return RiskFacts(
        reference=risk.reference,
        category=risk.category.key,
        status=RiskStatus(risk.status),
        inherent=(risk.inherent_likelihood, risk.inherent_impact),
        current=current,
        target=target,
        last_review=risk.last_reviewed_on,
        actions=[
            ActionFacts(open=a.status == "open", has_owner=a.owner_id is not None, due_on=a.due_on)
            for a in actions
        ],
        acceptances=[
            AcceptanceFacts(
                state=AcceptanceState(a.state), decided_on=a.decided_on, expires_on=a.expires_on
            )
            for a in acceptances
        ],
    )


def end_of(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in the organisation's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def risks_as_of(day: datetime.date, queryset: QuerySet[Risk] | None = None) -> list[Risk]:
    """The risks as they stood at the end of `day` (all of them, or those of `queryset`)."""
    historical = Risk.history.as_of(end_of(day))  # type: ignore[attr-defined]  # simple_history
    if queryset is not None:
        # On a historical queryset `pk` is the history row's; `id` is the risk's own.
        historical = historical.filter(id__in=queryset.values("pk"))
    return list(historical.select_related("category", "register", "owner", "department"))


def register_check(
    *, as_of: datetime.date, risks: QuerySet[Risk] | None = None, historical: bool = False
) -> RegisterCheck:
    """The register check on `as_of`: of the risks as they are now, or as they stood then.

    The appetite is the one in force on `as_of` in both cases.
    """
    statements = statements_facts(
        AppetiteStatement.history.as_of(end_of(as_of))  # type: ignore[attr-defined]
        .select_related("category")
        .order_by("effective_from", "pk")
        if historical
        else appetite_statements()
    )
    if historical:
        rows = risks_as_of(as_of, risks)
        ids = [r.pk for r in rows]
        actions = Action.history.as_of(end_of(as_of)).filter(risk_id__in=ids)  # type: ignore[attr-defined]
        acceptances = Acceptance.history.as_of(end_of(as_of)).filter(risk_id__in=ids)  # type: ignore[attr-defined]
    else:
        rows = list((risks if risks is not None else Risk.objects.all()).select_related("category"))
        ids = [r.pk for r in rows]
        actions = Action.objects.filter(risk_id__in=ids)
        acceptances = Acceptance.objects.filter(risk_id__in=ids)
    actions_by: dict[int, list[Action]] = {}
    for action in actions:
        actions_by.setdefault(action.risk_id, []).append(action)
    acceptances_by: dict[int, list[Acceptance]] = {}
    for acceptance in acceptances:
        acceptances_by.setdefault(acceptance.risk_id, []).append(acceptance)
    facts = [risk_facts(r, actions_by.get(r.pk, []), acceptances_by.get(r.pk, [])) for r in rows]
    return check_register(facts, tolerance=statements, as_of=as_of, cadence=DEFAULT_CADENCE)


def heat_map(
    risks: Iterable[Risk], *, matrix: Matrix, stage: str = "current"
) -> list[list[dict[str, Any]]]:
    """Rows of cells, highest likelihood first: each cell's likelihood, impact, score, band and
    the references of the open risks there. `stage` is "current" (inherent when none), "inherent"
    or "target"."""
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        if risk.status != "open":
            continue
        position = _position(risk, stage)
        if position is not None:
            cells.setdefault(position, []).append(risk.reference)
    from govdx.domain.risk import band_for, score_risk

    rows = []
    for likelihood in range(matrix.size, 0, -1):
        row = []
        for impact in range(1, matrix.size + 1):
            score = score_risk(likelihood, impact)
            row.append(
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "score": score,
                    "band": band_for(score, matrix),
                    "references": sorted(cells.get((likelihood, impact), [])),
                }
            )
        rows.append(row)
    return rows


def _position(risk: Risk, stage: str) -> tuple[int, int] | None:
    if stage == "inherent":
        return (risk.inherent_likelihood, risk.inherent_impact)
    if stage == "target":
        if risk.target_likelihood is None or risk.target_impact is None:
            return None
        return (risk.target_likelihood, risk.target_impact)
    if risk.current_likelihood is not None and risk.current_impact is not None:
        return (risk.current_likelihood, risk.current_impact)
    return (risk.inherent_likelihood, risk.inherent_impact)


# --- quantified exposure and reminders (`govdx risks exposure`, `govdx risks remind`) ---------
# Appended below the original imports, which this change leaves as they were.

from dataclasses import dataclass  # noqa: E402

from govdx.domain.risk import ExposureResult, QuantifiedRisk  # noqa: E402
from govdx.risk.models import LossTolerance  # noqa: E402


def organisation_currency() -> str:
    """The currency money is kept in: the organisation's, else pounds."""
    from govdx.org.models import Organisation

    organisation = Organisation.objects.order_by("pk").first()
    return organisation.currency if organisation is not None else "GBP"


def quantified_risks(
    risks: QuerySet[Risk] | None = None,
) -> tuple[list[QuantifiedRisk], list[tuple[str, str]]]:
    """The open risks with an annual probability and a cost, costs in major units (pounds);
    and (reference, why) for each open risk with a probability whose cost cannot be used.

    A cost is three points (low, most likely, high: beta-PERT), a most likely cost alone (a
    fixed cost), or a 90% interval (5th and 95th percentiles: lognormal).
    """
    from govdx.domain.errors import Invalid
    from govdx.domain.risk import IntervalCost, ThreePointCost

    queryset = (risks if risks is not None else Risk.objects.all()).filter(
        status="open", probability__isnull=False
    )
    quantified: list[QuantifiedRisk] = []
    skipped: list[tuple[str, str]] = []
    for risk in sorted(queryset, key=lambda r: _reference_key(r.reference)):
        three = (risk.cost_low, risk.cost_likely, risk.cost_high)
        cost: ThreePointCost | IntervalCost | None = None
        if all(value is not None for value in three):
            cost = ThreePointCost(*(value / 100 for value in three if value is not None))
        elif risk.cost_likely is not None and risk.cost_low is None and risk.cost_high is None:
            cost = ThreePointCost(*(risk.cost_likely / 100,) * 3)
        elif risk.cost_p5 is not None and risk.cost_p95 is not None:
            cost = IntervalCost(risk.cost_p5 / 100, risk.cost_p95 / 100)
        if cost is None:
            skipped.append(
                (
                    risk.reference,
                    "give the cost as low, most likely and high, or as 5th and 95th percentiles",
                )
            )
            continue
        probability = risk.probability
        try:
            quantified.append(QuantifiedRisk(risk.reference, float(probability or 0), cost))
        except Invalid as error:
            skipped.append((risk.reference, error.message))
    return quantified, skipped


def _reference_key(reference: str) -> Any:
    from govdx.domain.risk import reference_order

    return reference_order(reference)


def loss_tolerance_on(day: datetime.date) -> LossTolerance | None:
    """The board's loss tolerance in force on `day`: the latest effective on or before it."""
    return (
        LossTolerance.objects.filter(effective_from__lte=day)
        .order_by("-effective_from", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ExposureReport:
    """The simulated annual loss of the open quantified risks, amounts in major units."""

    on: datetime.date
    currency: str
    result: ExposureResult
    references: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]
    tolerance: LossTolerance | None

    def as_dict(self) -> dict[str, Any]:
        """The `govdx risks exposure --json` object; amounts in major units of `currency`."""
        result = self.result
        tolerance = None
        if self.tolerance is not None and result.probability_above_tolerance is not None:
            allowed = float(self.tolerance.probability)
            tolerance = {
                "amount": round(self.tolerance.amount / 100, 2),
                "probability": allowed,
                "effective_from": self.tolerance.effective_from.isoformat(),
                "probability_of_exceeding": result.probability_above_tolerance,
                "within_tolerance": result.probability_above_tolerance <= allowed,
            }
        return {
            "as_of": self.on.isoformat(),
            "currency": self.currency,
            "unit": "major",
            "iterations": result.iterations,
            "seed": result.seed,
            "risks": list(self.references),
            "skipped": [{"reference": ref, "reason": why} for ref, why in self.skipped],
            "expected_annual_loss": round(result.expected_annual_loss, 2),
            "standard_error": round(result.standard_error, 2),
            "p50": round(result.p50, 2),
            "p80": round(result.p80, 2),
            "p95": round(result.p95, 2),
            "var_99": round(result.var_99, 2),
            "expected_shortfall_99": round(result.expected_shortfall_99, 2),
            "loss_exceedance_curve": [
                {"loss": round(point.loss, 2), "probability": point.probability}
                for point in result.exceedance_curve
            ],
            "loss_tolerance": tolerance,
        }


def exposure_report(
    *, on: datetime.date, iterations: int, seed: int, risks: QuerySet[Risk] | None = None
) -> ExposureReport:
    """Monte Carlo of the year's total loss over the open quantified risks (the domain's
    `simulate_exposure`), against the board's loss tolerance in force on `on`."""
    from govdx.domain.risk import simulate_exposure

    quantified, skipped = quantified_risks(risks)
    tolerance = loss_tolerance_on(on)
    result = simulate_exposure(
        quantified,
        iterations,
        seed,
        loss_tolerance=tolerance.amount / 100 if tolerance is not None else None,
    )
    return ExposureReport(
        on=on,
        currency=organisation_currency(),
        result=result,
        references=tuple(risk.reference for risk in quantified),
        skipped=tuple(skipped),
        tolerance=tolerance,
    )


REMINDER_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    """Something on a risk falling due: its review ("review") or its acceptance's expiry."""

    reference: str
    title: str
    what: str
    due: datetime.date | None
    message: str


@dataclass(frozen=True)
class OwnerReminders:
    owner: Any  # org.Person
    reminders: tuple[Reminder, ...]

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(reminder.reference for reminder in self.reminders))


@dataclass(frozen=True)
class RemindersDue:
    """Reminders on `as_of`, per owner, and those of risks that have no owner."""

    as_of: datetime.date
    until: datetime.date
    owners: tuple[OwnerReminders, ...]
    unowned: tuple[Reminder, ...]


def reminders_due(*, as_of: datetime.date, within_days: int = REMINDER_WINDOW_DAYS) -> RemindersDue:
    """Open risks whose review falls due within `within_days` of `as_of` (or is overdue, or
    never happened), and whose acceptance in force expires within that window; grouped by
    owner. An acceptance counts only when it is the risk's latest-expiring accepted one, so a
    renewed acceptance silences the old one."""
    from govdx.domain.risk import next_review_due, review_interval
    from govdx.domain.risk.dates import format_day

    until = as_of + datetime.timedelta(days=within_days)
    risks = (
        Risk.objects.filter(status="open")
        .select_related("owner")
        .prefetch_related(
            Prefetch("acceptances", queryset=Acceptance.objects.filter(state="accepted"))
        )
    )
    by_owner: dict[int, list[Reminder]] = {}
    owners: dict[int, Any] = {}
    unowned: list[Reminder] = []
    for risk in sorted(risks, key=lambda r: _reference_key(r.reference)):
        found: list[Reminder] = []
        current = (risk.current_likelihood, risk.current_impact)
        if None in current:
            current = (risk.inherent_likelihood, risk.inherent_impact)
        score = current[0] * current[1]  # type: ignore[operator]  # both set just above
        due = next_review_due(risk.last_reviewed_on, score)
        if due is None:
            found.append(Reminder(risk.reference, risk.title, "review", None,
                                  "never reviewed: review it now"))  # fmt: skip
        elif due <= until:
            if due < as_of:
                text = (
                    f"review overdue since {format_day(due)} (a current score of {score} is "
                    f"reviewed every {review_interval(score)} days)"
                )
            else:
                text = f"review due by {format_day(due)}"
            found.append(Reminder(risk.reference, risk.title, "review", due, text))
        expiries = [a.expires_on for a in risk.acceptances.all() if a.expires_on is not None]
        if expiries and as_of <= max(expiries) <= until:
            expiry = max(expiries)
            found.append(
                Reminder(
                    risk.reference,
                    risk.title,
                    "acceptance",
                    expiry,
                    f"acceptance above appetite expires on {format_day(expiry)}: renew it, or "
                    "treat the risk to bring it within appetite",
                )
            )
        if not found:
            continue
        if risk.owner is None:
            unowned.extend(found)
        else:
            owners[risk.owner.pk] = risk.owner
            by_owner.setdefault(risk.owner.pk, []).extend(found)
    grouped = tuple(
        OwnerReminders(owners[pk], tuple(items))
        for pk, items in sorted(by_owner.items(), key=lambda item: owners[item[0]].full_name)
    )
    return RemindersDue(as_of=as_of, until=until, owners=grouped, unowned=tuple(unowned))


# --- the pages: the register table, a risk's judgement and score history, appetite today ------
# Appended for the risk pages; the functions above are left as they were.

from django.db.models import F, Q  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402

from govdx.domain.risk import RiskJudgement, Tolerance, score_risk, tolerance_on  # noqa: E402
from govdx.risk.models import Review  # noqa: E402

STAGES = ("current", "inherent")
"""The positions the heat map shows: current (inherent where none is given), and inherent."""


def risk_register() -> QuerySet[Risk]:
    """`risk_list`, each risk annotated with `current_score`: current likelihood x impact, or
    inherent where no current assessment is given (the register check's rule), to sort by."""
    return risk_list().annotate(
        current_score=Coalesce(
            F("current_likelihood") * F("current_impact"),
            F("inherent_likelihood") * F("inherent_impact"),
        )
    )


def judgements_for(risks: Iterable[Risk], *, as_of: datetime.date) -> dict[int, RiskJudgement]:
    """The judgement on `as_of` of each open risk of `risks`, by primary key, against the
    appetite in force that day.

    Reads the actions and acceptances the risks carry (`risk_list` and `risk_get` prefetch
    them) and the appetite statements: one query, however many risks.
    """
    rows = list(risks)
    facts = [risk_facts(r, r.actions.all(), r.acceptances.all()) for r in rows]
    check = check_register(
        facts,
        tolerance=statements_facts(appetite_statements()),
        as_of=as_of,
        cadence=DEFAULT_CADENCE,
    )
    by_reference = {judgement.reference: judgement for judgement in check.judgements}
    return {r.pk: by_reference[r.reference] for r in rows if r.reference in by_reference}


def risks_at(
    queryset: QuerySet[Risk],
    *,
    stage: str,
    likelihood: int | None = None,
    impact: int | None = None,
) -> QuerySet[Risk]:
    """The risks of `queryset` in a row, column or cell of the heat map at `stage`: the
    current position (the inherent one where no current is given), or the inherent one."""
    if stage == "inherent":
        query = Q()
        if likelihood is not None:
            query &= Q(inherent_likelihood=likelihood)
        if impact is not None:
            query &= Q(inherent_impact=impact)
        return queryset.filter(query)
    assessed = Q(current_likelihood__isnull=False, current_impact__isnull=False)
    current = Q()
    inherent = Q()
    if likelihood is not None:
        current &= Q(current_likelihood=likelihood)
        inherent &= Q(inherent_likelihood=likelihood)
    if impact is not None:
        current &= Q(current_impact=impact)
        inherent &= Q(inherent_impact=impact)
    return queryset.filter((assessed & current) | (~assessed & inherent))


@dataclass(frozen=True)
class ScorePoint:
    """A risk's score as one review left it."""

    day: datetime.date
    likelihood: int
    impact: int
    score: int
    review: Review


def score_history(risk: Risk) -> list[ScorePoint]:
    """The scores the risk's reviews left, oldest first (from its prefetched reviews)."""
    reviews = sorted(risk.reviews.all(), key=lambda review: (review.reviewed_on, review.pk))
    return [
        ScorePoint(
            review.reviewed_on,
            review.likelihood,
            review.impact,
            score_risk(review.likelihood, review.impact),
            review,
        )
        for review in reviews
    ]


@dataclass(frozen=True)
class CategoryBreaches:
    """One category's open risks on a day and how many break the appetite."""

    category: RiskCategory | None
    key: str
    risks: int
    above_appetite: int
    unmanaged: int
    overdue_review: int
    tolerance: Tolerance | None


def breaches_by_category(check: RegisterCheck) -> list[CategoryBreaches]:
    """The check's judgements counted per category, in the categories' order."""
    categories = {c.key: c for c in RiskCategory.objects.order_by("order", "name")}
    counts: dict[str, list[int]] = {}
    tolerances: dict[str, Tolerance | None] = {}
    for judgement in check.judgements:
        row = counts.setdefault(judgement.category, [0, 0, 0, 0])
        row[0] += 1
        row[1] += judgement.above_appetite
        row[2] += judgement.unmanaged
        row[3] += judgement.overdue_review
        tolerances[judgement.category] = judgement.appetite
    order = {key: index for index, key in enumerate(categories)}
    ordered = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    return [
        CategoryBreaches(categories.get(key), key, *row, tolerance=tolerances[key])
        for key, row in ordered
    ]


@dataclass(frozen=True)
class CategoryAppetite:
    """A category's appetite on a day: the tolerance and the approved statement it came from."""

    category: RiskCategory
    tolerance: Tolerance
    statement: AppetiteStatement | None


def appetite_on(day: datetime.date) -> list[CategoryAppetite]:
    """Each active category's appetite in force on `day` (cautious where no statement is)."""
    statements = list(appetite_statements())
    facts = statements_facts(statements)
    by_pk = {statement.pk: statement for statement in statements}
    rows = []
    for category in RiskCategory.objects.filter(is_active=True).order_by("order", "name"):
        tolerance = tolerance_on(category.key, facts, day)
        identifier = tolerance.statement.identifier if tolerance.statement is not None else None
        rows.append(CategoryAppetite(category, tolerance, by_pk.get(identifier)))  # type: ignore[arg-type]  # a pk or None
    return rows


POSITION_FIELDS = (
    "inherent_likelihood", "inherent_impact", "current_likelihood", "current_impact",
    "target_likelihood", "target_impact",
)  # fmt: skip
"""The fields `heat_map` reads for a risk's positions."""


@dataclass(frozen=True)
class LinkTarget:
    """A record a risk is linked to: its kind, the record (None once removed) and the note."""

    kind: str
    target: Any
    note: str


def risk_link_targets(risk: Risk) -> list[LinkTarget]:
    """The records the risk is linked to (from its prefetched links), one query per kind."""
    from django.contrib.contenttypes.models import ContentType

    links = list(risk.links.all())
    wanted: dict[int, set[int]] = {}
    for link in links:
        wanted.setdefault(link.target_type_id, set()).add(link.target_id)
    found: dict[tuple[int, int], Any] = {}
    kinds: dict[int, str] = {}
    for type_id, ids in wanted.items():
        content_type = ContentType.objects.get_for_id(type_id)
        kinds[type_id] = str(content_type.name).capitalize()
        model = content_type.model_class()
        if model is None:
            continue
        for target in model._default_manager.filter(pk__in=ids):
            found[(type_id, target.pk)] = target
    return [
        LinkTarget(
            kinds[link.target_type_id], found.get((link.target_type_id, link.target_id)), link.note
        )
        for link in links
    ]


def _attach_related(rows: list[Any], fields: tuple[str, ...]) -> list[Any]:
    """Read the records `fields` point at once per field and attach them to `rows`.

    Rows of `history.as_of` come back as model instances without what `select_related` asked
    for, so each `risk.category` would otherwise cost a query.
    """
    if not rows:
        return rows
    model = type(rows[0])
    for name in fields:
        related = model._meta.get_field(name).related_model
        ids = {getattr(row, f"{name}_id") for row in rows} - {None}
        found = related._default_manager.in_bulk(ids) if ids else {}  # type: ignore[union-attr]
        for row in rows:
            target = found.get(getattr(row, f"{name}_id"))
            if target is not None:
                setattr(row, name, target)
    return rows


@dataclass(frozen=True)
class RegisterAsAt:
    """The register as it stood at the end of `day`: its risks then and their check."""

    day: datetime.date
    check: RegisterCheck
    risks: list[Risk]


def register_as_at(day: datetime.date, queryset: QuerySet[Risk] | None = None) -> RegisterAsAt:
    """The risks (all, or those of `queryset`) as they stood at the end of `day`, judged as
    `register_check(historical=True)` judges them, against the appetite in force that day;
    a fixed number of queries however many risks."""
    moment = end_of(day)
    rows = _attach_related(
        risks_as_of(day, queryset), ("category", "register", "owner", "department")
    )
    ids = [r.pk for r in rows]
    history_statements = AppetiteStatement.history.as_of(moment)  # type: ignore[attr-defined]  # simple_history
    statements = _attach_related(list(history_statements), ("category",))
    actions: dict[int, list[Action]] = {}
    for action in Action.history.as_of(moment).filter(risk_id__in=ids):  # type: ignore[attr-defined]  # simple_history
        actions.setdefault(action.risk_id, []).append(action)
    acceptances: dict[int, list[Acceptance]] = {}
    for acceptance in Acceptance.history.as_of(moment).filter(risk_id__in=ids):  # type: ignore[attr-defined]  # simple_history
        acceptances.setdefault(acceptance.risk_id, []).append(acceptance)
    facts = [risk_facts(r, actions.get(r.pk, []), acceptances.get(r.pk, [])) for r in rows]
    check = check_register(
        facts, tolerance=statements_facts(statements), as_of=day, cadence=DEFAULT_CADENCE
    )
    return RegisterAsAt(day, check, sorted(rows, key=lambda r: _reference_key(r.reference)))


# --- appended for the configuration pages -------------------------------------------------


def matrix_versions() -> QuerySet[RiskMatrix]:
    """Every saved version of the matrix, the latest effective first."""
    return RiskMatrix.objects.order_by("-effective_from")


@dataclass(frozen=True)
class LinkRow:
    """A risk's link with the record it points at, for a page that lists and removes them."""

    pk: int
    kind: str
    target: Any
    note: str


def risk_link_rows(risk: Risk) -> list[LinkRow]:
    """The risk's links (from its prefetched links) with their records, one query per kind."""
    links = list(risk.links.all())
    targets = risk_link_targets(risk)
    return [
        LinkRow(link.pk, target.kind, target.target, target.note)
        for link, target in zip(links, targets, strict=True)
    ]


def category_get(pk: int) -> RiskCategory:
    return RiskCategory.objects.get(pk=pk)
