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
    return [
        StatementFacts(
            category=s.category.key,
            level=s.level,
            effective_from=s.effective_from,
            approved=s.state == "approved",
            tolerance=s.tolerance,
            identifier=s.pk,
        )
        for s in statements
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
        historical = historical.filter(pk__in=queryset.values("pk"))
    return list(historical.select_related("category", "register", "owner", "department"))


def register_check(
    *, as_of: datetime.date, risks: QuerySet[Risk] | None = None, historical: bool = False
) -> RegisterCheck:
    """The register check on `as_of`: of the risks as they are now, or as they stood then.

    The appetite is the one in force on `as_of` in both cases.
    """
    statements = statements_facts(
        AppetiteStatement.history.as_of(end_of(as_of)).select_related("category")  # type: ignore[attr-defined]
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
