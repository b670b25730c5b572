"""The risk pages: thin, calling selectors and services.

Every page works without JavaScript: forms post to a page of their own and go back to the
record (post/redirect/get); htmx only swaps parts of the same pages in place.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdx.core.charts import (
    Axis,
    Guide,
    Series,
    date_ticks,
    day_number,
    line_chart,
    log_ticks,
    short_amount,
)
from govdx.core.history import history_for
from govdx.core.permissions import Action, can, require, visible
from govdx.core.templatetags.govdx import money
from govdx.core.views import (
    FormPage,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    refuse_form,
)
from govdx.domain.errors import Invalid
from govdx.domain.risk import (
    DEFAULT_TOLERANCES,
    LEVEL_DEFINITIONS,
    LEVEL_LABELS,
    AppetiteLevel,
    Matrix,
    band_for,
    latest_acceptance_expiry,
    score_risk,
)
from govdx.org.models import Person
from govdx.risk import filtersets, forms, selectors, services, tables
from govdx.risk.choices import AcceptanceState, ActionStatus, StatementState
from govdx.risk.models import (
    Acceptance,
    AppetiteStatement,
    LossTolerance,
    Register,
    Risk,
    RiskCategory,
    RiskLink,
    RiskMatrix,
)
from govdx.risk.models import Action as RiskAction

EXPOSURE_ITERATIONS = 10_000
EXPOSURE_SEED = 1
"""The exposure page simulates 10,000 years from a fixed seed: the same register always shows
the same figures, and the page answers in a few milliseconds."""


def _today() -> datetime.date:
    return timezone.localdate()


def _risk_list_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("risk:risk_list") + (f"?{query}" if query else "")


# The breaches dashboard


def home(request: HttpRequest) -> HttpResponse:
    """The breaches dashboard: what sits outside the appetite today, by category."""
    require(request.user, Action.VIEW, Risk)
    today = _today()
    risks = visible(request.user, Risk.objects.all())
    check = selectors.register_check(as_of=today, risks=risks)
    rows = []
    for row in selectors.breaches_by_category(check):
        category = row.category.pk if row.category is not None else None
        rows.append(
            {
                "breaches": row,
                "name": row.category.name if row.category is not None else row.key,
                "urls": {
                    "risks": _risk_list_url(category=category, status="open"),
                    "above": _risk_list_url(category=category, above="true"),
                    "unmanaged": _risk_list_url(category=category, unmanaged="true"),
                    "overdue": _risk_list_url(category=category, overdue="true"),
                },
            }
        )
    found = risks.filter(reference__in=check.unmanaged).values_list("reference", "pk", "title")
    names = {reference: (pk, title) for reference, pk, title in found}
    unmanaged = [
        {"judgement": j, "pk": names[j.reference][0], "title": names[j.reference][1]}
        for j in check.judgements
        if j.reference in names
    ]
    context = {
        "title": "Risk appetite breaches",
        "check": check,
        "rows": rows,
        "unmanaged": unmanaged,
        "today": today,
        "urls": {
            "risks": _risk_list_url(status="open"),
            "above": _risk_list_url(above="true"),
            "unmanaged": _risk_list_url(unmanaged="true"),
            "overdue": _risk_list_url(overdue="true"),
        },
    }
    return render(request, "risk/home.html", context)


# Registers and risks: configured generic views


class RegisterList(RecordListView):
    model = Register
    selector = selectors.register_list
    filterset_class = filtersets.RegisterFilterSet
    table_class = tables.RegisterTable
    help_text = "The corporate register and one for each department, programme or project."


class RegisterDetail(RecordDetailView):
    model = Register
    selector = selectors.register_get
    template_name = "risk/register_detail.html"
    deletable = False

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "risks": visible(request.user, selectors.risk_list().filter(register=obj)),
            "heat_map_url": reverse("risk:heat_map") + f"?register={obj.pk}",
            "risk_list_url": _risk_list_url(register=obj.pk),
        }


class RiskList(RecordListView):
    model = Risk
    selector = selectors.risk_register
    filterset_class = filtersets.RiskFilterSet
    table_class = tables.RiskTable
    template_name = "risk/risk_list.html"
    help_text = (
        "Every risk on every register you may see, judged today against the risk appetite in "
        "force. Band, appetite, unmanaged and overdue filters find open risks."
    )


def _assessment(
    matrix: Matrix, likelihood: int | None, impact: int | None
) -> dict[str, Any] | None:
    """A likelihood and impact with their labels, score and band, for a page to show."""
    if likelihood is None or impact is None:
        return None
    score = score_risk(likelihood, impact)
    try:
        labels = (matrix.likelihood_label(likelihood), matrix.impact_label(impact))
        band = band_for(score, matrix)
    except Invalid:  # assessed on a larger matrix than the one in force
        labels, band = ("", ""), None
    return {
        "likelihood": likelihood,
        "impact": impact,
        "likelihood_label": labels[0],
        "impact_label": labels[1],
        "score": score,
        "band": band,
    }


def _score_chart(risk: Risk, history: list[Any], matrix: Matrix, tolerance: int | None) -> Any:
    """The risk's score after each review, held until the next, up to today."""
    if not history:
        return None
    today = _today()
    last = max(today, history[-1].day)
    first = min(history[0].day, last - datetime.timedelta(days=30))
    points = [(day_number(p.day), float(p.score)) for p in history]
    points.append((day_number(last), float(history[-1].score)))
    top = matrix.highest_score
    step = 5 if top > 10 else 2
    guides = (
        [Guide(f"Tolerance {tolerance}", tolerance, "y", "govdx-chart--tolerance")]
        if tolerance is not None
        else []
    )
    return line_chart(
        ident=f"score-history-{risk.pk}",
        title=f"Score history of {risk.reference}",
        description=(
            f"The score left by each of {len(history)} reviews, from "
            f"{history[0].day.isoformat()} to {history[-1].day.isoformat()}, latest "
            f"{history[-1].score}"
            + (f", against a tolerance of {tolerance}" if tolerance is not None else "")
            + ". The table of reviews below gives the same figures."
        ),
        x=Axis("Date", day_number(first), day_number(last), date_ticks(first, last, 5)),
        y=Axis("Score", 0, top, [(v, str(v)) for v in range(0, top + 1, step)]),
        series=[
            Series(
                "Score",
                points,
                "govdx-chart--score",
                step=True,
                markers=[f"{p.day.isoformat()}: score {p.score}" for p in history],
            )
        ],
        guides=guides,
    )


class RiskDetail(RecordDetailView):
    model = Risk
    selector = selectors.risk_get
    template_name = "risk/risk_detail.html"
    deletable = False

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        today = _today()
        matrix = selectors.matrix_on(today)
        judgement = selectors.judgements_for([obj], as_of=today).get(obj.pk)
        history = selectors.score_history(obj)
        may_change = can(request.user, Action.CHANGE, obj)
        pk = obj.pk
        return {
            "today": today,
            "judgement": judgement,
            "assessments": [
                ("Inherent", _assessment(matrix, obj.inherent_likelihood, obj.inherent_impact)),
                ("Current", _assessment(matrix, obj.current_likelihood, obj.current_impact)),
                ("Target", _assessment(matrix, obj.target_likelihood, obj.target_impact)),
            ],
            "current_band": (_assessment(matrix, *judgement.assessment) or {}).get("band")
            if judgement
            else None,
            "score_history": list(reversed(history)),
            "score_chart": _score_chart(
                obj, history, matrix, judgement.tolerance if judgement else None
            ),
            "links": selectors.risk_link_rows(obj),
            "link_form": forms.RiskLinkForm(user=request.user) if may_change else None,
            "link_add_url": reverse("risk:risklink_add", args=[pk]) if may_change else None,
            "may_change": may_change,
            "may_approve": services.role_may_approve(request.user),
            "step_urls": {
                "review": reverse("risk:risk_review", args=[pk]),
                "control": reverse("risk:control_add", args=[pk]),
                "action": reverse("risk:action_add", args=[pk]),
                "acceptance": reverse("risk:acceptance_add", args=[pk]),
                "escalate": reverse("risk:risk_escalate", args=[pk]),
            }
            if may_change
            else {},
        }


class RegisterEdit(RecordEditView):
    model = Register
    form_class = forms.RegisterForm
    selector = selectors.register_get
    create_service = services.register_create
    update_service = services.register_update


class RiskEdit(RecordEditView):
    model = Risk
    form_class = forms.RiskForm
    selector = selectors.risk_get
    create_service = services.risk_create
    update_service = services.risk_update


# Small forms about one record, each on a page of its own


def _risk_for(request: HttpRequest, pk: int) -> Risk:
    """The risk, if the user may see it (else 404) and change it (else 403)."""
    try:
        risk = selectors.risk_get(pk)
    except Risk.DoesNotExist as error:
        raise Http404("No risk with that number.") from error
    if not can(request.user, Action.VIEW, risk):
        raise Http404("No risk with that number.")
    require(request.user, Action.CHANGE, risk)
    return risk


class RiskFormPage(FormPage):
    def target(self, request: HttpRequest, pk: int) -> Risk:
        return _risk_for(request, pk)

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target)}


class ReviewRecord(RiskFormPage):
    title = "Record a review"
    submit_label = "Record review"
    intro = "The review sets the risk's current likelihood and impact and its last review date."

    def make_form(self, request: HttpRequest, target: Risk, data: Any = None) -> Any:
        user_id = request.user.pk
        reviewer = Person.objects.filter(user_id=user_id).first() if user_id else None
        initial = {
            "reviewed_on": _today(),
            "likelihood": target.current_likelihood or target.inherent_likelihood,
            "impact": target.current_impact or target.inherent_impact,
            "reviewer": reviewer.pk if reviewer else None,
        }
        return forms.ReviewForm(
            data, initial=initial, matrix=selectors.matrix_on(_today()), user=request.user
        )

    def save(self, request: HttpRequest, target: Risk, form: Any) -> str:
        data = form.cleaned_data
        services.review_record(
            risk=target,
            reviewed_on=data["reviewed_on"],
            likelihood=data["likelihood"],
            impact=data["impact"],
            comment=data["comment"],
            reviewer=data["reviewer"],
            user=request.user,
        )
        score = score_risk(data["likelihood"], data["impact"])
        return f"Review recorded: the current score of {target.reference} is now {score}."


class ControlAdd(RiskFormPage):
    title = "Add a control"
    submit_label = "Add control"

    def make_form(self, request: HttpRequest, target: Risk, data: Any = None) -> Any:
        return forms.ControlForm(data)

    def save(self, request: HttpRequest, target: Risk, form: Any) -> str:
        services.control_create(data={**form.changes(), "risk": target}, user=request.user)
        return f"Control added to {target.reference}."


class ActionAdd(RiskFormPage):
    title = "Add an action"
    submit_label = "Add action"

    def make_form(self, request: HttpRequest, target: Risk, data: Any = None) -> Any:
        return forms.ActionForm(data, initial={"owner": target.owner_id}, user=request.user)

    def save(self, request: HttpRequest, target: Risk, form: Any) -> str:
        services.action_create(data={**form.changes(), "risk": target}, user=request.user)
        return f"Action added to {target.reference}."


class AcceptanceSubmit(RiskFormPage):
    title = "Ask for the risk to be accepted"
    submit_label = "Ask for acceptance"
    intro = (
        "A risk above appetite can be accepted formally by a board member or an administrator, "
        "for at most 12 months."
    )

    def make_form(self, request: HttpRequest, target: Risk, data: Any = None) -> Any:
        return forms.AcceptanceSubmitForm(data)

    def save(self, request: HttpRequest, target: Risk, form: Any) -> str:
        services.acceptance_submit(
            risk=target, reason=form.cleaned_data["reason"], user=request.user, on=_today()
        )
        return f"Acceptance of {target.reference} asked for: an approver will decide."


class Escalate(RiskFormPage):
    title = "Escalate the risk"
    submit_label = "Escalate"
    intro = "The risk moves to the register you choose; where it came from, when and why are kept."

    def make_form(self, request: HttpRequest, target: Risk, data: Any = None) -> Any:
        initial = {"to_register": target.register.parent_id, "escalated_on": _today()}
        return forms.EscalateForm(data, initial=initial, risk=target, user=request.user)

    def save(self, request: HttpRequest, target: Risk, form: Any) -> str:
        data = form.cleaned_data
        services.escalate(
            risk=target,
            to_register=data["to_register"],
            reason=data["reason"],
            on=data["escalated_on"],
            user=request.user,
        )
        return f"{target.reference} escalated to {data['to_register']}."


def _acceptance_for(request: HttpRequest, pk: int, *, decide: bool = False) -> Acceptance:
    """The acceptance, if the user may see its risk (else 404); deciding and revoking are for
    approvers only (else 403)."""
    acceptance = (
        Acceptance.objects.select_related("risk", "risk__category", "risk__register",
                                          "risk__owner", "risk__department", "submitted_by",
                                          "decided_by")
        .filter(pk=pk)
        .first()
    )  # fmt: skip
    if acceptance is None or not can(request.user, Action.VIEW, acceptance):
        raise Http404("No acceptance with that number.")
    if decide and not services.role_may_approve(request.user):
        raise PermissionDenied("Only a board member or an administrator may decide acceptances.")
    return acceptance


class AcceptanceDecide(FormPage):
    template_name = "risk/acceptance_decide.html"
    title = "Decide on the acceptance"
    submit_label = "Record decision"

    def target(self, request: HttpRequest, pk: int) -> Acceptance:
        return _acceptance_for(request, pk, decide=True)

    def back_url(self, target: Any) -> str:
        return reverse("risk:acceptance_detail", args=[target.pk])

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target.risk), "acceptance": target}

    def form_context(self, form: Any) -> Mapping[str, Any]:
        return {"decision_options": [{"radio": radio} for radio in form["decision"]]}

    def make_form(self, request: HttpRequest, target: Acceptance, data: Any = None) -> Any:
        return forms.AcceptanceDecideForm(
            data, initial={"expires_on": latest_acceptance_expiry(_today())}
        )

    def save(self, request: HttpRequest, target: Acceptance, form: Any) -> str:
        data = form.cleaned_data
        accept = data["decision"] == "accept"
        services.acceptance_decide(
            acceptance=target,
            accept=accept,
            note=data["note"],
            on=_today(),
            expires_on=data["expires_on"] if accept else None,
            user=request.user,
        )
        if accept:
            return f"{target.risk.reference} accepted above appetite; a copy of it is kept."
        return f"Acceptance of {target.risk.reference} rejected."


class AcceptanceRevoke(FormPage):
    title = "Revoke the acceptance"
    submit_label = "Revoke acceptance"
    intro = "From now on the risk counts as unmanaged unless an action with an owner manages it."

    def target(self, request: HttpRequest, pk: int) -> Acceptance:
        return _acceptance_for(request, pk, decide=True)

    def back_url(self, target: Any) -> str:
        return reverse("risk:acceptance_detail", args=[target.pk])

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target.risk)}

    def make_form(self, request: HttpRequest, target: Acceptance, data: Any = None) -> Any:
        return forms.AcceptanceRevokeForm(data)

    def save(self, request: HttpRequest, target: Acceptance, form: Any) -> str:
        services.acceptance_revoke(
            acceptance=target, note=form.cleaned_data["note"], user=request.user
        )
        return f"Acceptance of {target.risk.reference} revoked."


def _snapshot_rows(snapshot: Mapping[str, Any] | None) -> list[tuple[str, Any]]:
    """The frozen copy of a risk as (label, value), in the order of the risk's fields."""
    if not snapshot:
        return []
    rows = []
    for field in Risk._meta.concrete_fields:
        name = field.name if field.name in snapshot else field.attname
        if name not in snapshot or field.name in {"id", "version", "created_at", "updated_at"}:
            continue
        value = snapshot[name]
        if field.choices and value is not None:
            value = dict(field.flatchoices).get(value, value)
        rows.append((str(field.verbose_name).capitalize(), "" if value is None else value))
    return rows


def acceptance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An acceptance: the request, the decision and the risk as it stood when decided."""
    acceptance = _acceptance_for(request, pk)
    may_approve = services.role_may_approve(request.user)
    context = {
        "title": str(acceptance),
        "object": acceptance,
        "noun": "acceptance",
        "snapshot": _snapshot_rows(acceptance.snapshot),
        "history": history_for(acceptance),
        "decide_url": reverse("risk:acceptance_decide", args=[pk])
        if may_approve and acceptance.state == AcceptanceState.SUBMITTED
        else None,
        "revoke_url": reverse("risk:acceptance_revoke", args=[pk])
        if may_approve and acceptance.state == AcceptanceState.ACCEPTED
        else None,
    }
    return render(request, "risk/acceptance_detail.html", context)


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action done; back to its risk's actions (htmx swaps just that table)."""
    action = RiskAction.objects.select_related("risk").filter(pk=pk).first()
    if action is None or not can(request.user, Action.VIEW, action):
        raise Http404("No action with that number.")
    services.action_update(
        instance=action,
        data={"status": ActionStatus.DONE},
        user=request.user,
        expected_version=None,
        reason="marked done",
    )
    messages.success(request, f"Action on {action.risk.reference} marked done.")
    return HttpResponseRedirect(action.risk.get_absolute_url() + "#actions")


# The heat map


def _heat_table(
    stage: str, cells: list[list[dict[str, Any]]], matrix: Matrix, filters: Mapping[str, Any]
) -> dict[str, Any]:
    rows = []
    total = 0
    for row in cells:
        likelihood = row[0]["likelihood"]
        drawn = []
        for cell in row:
            count = len(cell["references"])
            total += count
            drawn.append(
                {
                    **cell,
                    "count": count,
                    "impact_label": matrix.impact_label(cell["impact"]),
                    "url": _risk_list_url(
                        **filters,
                        status="open",
                        stage=stage,
                        likelihood=likelihood,
                        impact=cell["impact"],
                    )
                    if count
                    else None,
                }
            )
        rows.append(
            {
                "likelihood": likelihood,
                "label": matrix.likelihood_label(likelihood),
                "cells": drawn,
            }
        )
    return {
        "stage": stage,
        "rows": rows,
        "impacts": [(n, matrix.impact_label(n)) for n in range(1, matrix.size + 1)],
        "total": total,
    }


def heat_map(request: HttpRequest) -> HttpResponse:
    """Open risks by likelihood and impact, current and inherent, each cell a link to its risks."""
    require(request.user, Action.VIEW, Risk)
    today = _today()
    form = forms.HeatMapFilterForm(request.GET or None, user=request.user)
    risks = visible(request.user, Risk.objects.filter(status="open"))
    filters: dict[str, Any] = {}
    if form.is_valid():
        for name in ("register", "department"):
            chosen = form.cleaned_data.get(name)
            if chosen is not None:
                risks = risks.filter(**{name: chosen})
                filters[name] = chosen.pk
    rows = list(risks.only("reference", "status", *selectors.POSITION_FIELDS))
    matrix = selectors.matrix_on(today)
    maps = [
        _heat_table(stage, selectors.heat_map(rows, matrix=matrix, stage=stage), matrix, filters)
        for stage in selectors.STAGES
    ]
    context = {
        "title": "Heat map",
        "form": form,
        "maps": maps,
        "count": len(rows),
        "bands": matrix.bands,
        "today": today,
    }
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "risk/heat_map.html", context, status=status)


# The risk appetite


def appetite(request: HttpRequest) -> HttpResponse:
    """Each category's appetite today, the Orange Book levels, drafts and every statement."""
    require(request.user, Action.VIEW, AppetiteStatement)
    today = _today()
    categories = [
        {"row": row, "definition": LEVEL_DEFINITIONS[row.tolerance.level]}
        for row in selectors.appetite_on(today)
    ]
    statements = list(selectors.appetite_statements())
    context = {
        "title": "Risk appetite",
        "today": today,
        "categories": categories,
        "levels": [
            (LEVEL_LABELS[level], DEFAULT_TOLERANCES[level], LEVEL_DEFINITIONS[level])
            for level in AppetiteLevel
        ],
        "drafts": [s for s in statements if s.state == StatementState.DRAFT],
        "statements": statements,
        "may_draft": can(request.user, Action.ADD, AppetiteStatement),
        "may_approve": services.role_may_approve(request.user),
        "may_view_categories": can(request.user, Action.VIEW, RiskCategory),
        "may_view_matrix": can(request.user, Action.VIEW, RiskMatrix),
    }
    return render(request, "risk/appetite.html", context)


class StatementAdd(FormPage):
    template_name = "risk/statement_add.html"
    title = "Draft an appetite statement"
    submit_label = "Save draft"
    intro = "The draft counts from its effective date once a board member approves it."

    def target(self, request: HttpRequest, pk: int) -> None:
        require(request.user, Action.ADD, AppetiteStatement)

    def back_url(self, target: Any) -> str:
        return reverse("risk:appetite")

    def form_context(self, form: Any) -> Mapping[str, Any]:
        options = []
        for radio in form["level"]:
            level = AppetiteLevel(radio.data["value"])
            hint = f"Tolerance {DEFAULT_TOLERANCES[level]}. {LEVEL_DEFINITIONS[level]}"
            options.append({"radio": radio, "hint": hint})
        return {"level_options": options}

    def make_form(self, request: HttpRequest, target: None, data: Any = None) -> Any:
        return forms.StatementForm(data, initial={"effective_from": _today()}, user=request.user)

    def save(self, request: HttpRequest, target: None, form: Any) -> str:
        statement = services.statement_create(data=form.changes(), user=request.user)
        return f"Draft saved: {statement}. A board member or an administrator approves it."

    def get(self, request: HttpRequest, pk: int = 0) -> HttpResponse:
        return super().get(request, pk)

    def post(self, request: HttpRequest, pk: int = 0) -> HttpResponse:
        return super().post(request, pk)


@require_POST
def statement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The board approves a draft; anyone else is refused (403)."""
    statement = AppetiteStatement.objects.select_related("category").filter(pk=pk).first()
    if statement is None:
        raise Http404("No appetite statement with that number.")
    try:
        services.statement_approve(statement=statement, user=request.user, on=_today())
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Approved: {statement}.")
    return HttpResponseRedirect(reverse("risk:appetite"))


# The register as it stood on a day


def register_as_at(request: HttpRequest) -> HttpResponse:
    """The register as it stood at the end of a past day, judged by the appetite then in force."""
    require(request.user, Action.VIEW, Risk)
    today = _today()
    form = forms.AsAtForm(request.GET or None, initial={"date": today}, today=today)
    context: dict[str, Any] = {"title": "Register as at a date", "form": form, "today": today}
    if not form.is_bound:
        return render(request, "risk/register_as_at.html", context)
    if not form.is_valid():
        return render(request, "risk/register_as_at.html", context, status=422)
    day = form.cleaned_data["date"]
    register = selectors.register_as_at(day, visible(request.user, Risk.objects.all()))
    judgements = {j.reference: j for j in register.check.judgements}
    matrix = selectors.matrix_on(day)
    rows = []
    for risk in register.risks:
        judgement = judgements.get(risk.reference)
        rows.append(
            {
                "risk": risk,
                "judgement": judgement,
                "score": tables.score_with_band(judgement.current_score, matrix)
                if judgement is not None
                else None,
                "flags": tables.flag_tags(judgement, risk.get_status_display()),
            }
        )
    check = register.check
    context.update({"day": day, "check": check, "rows": rows})
    return render(request, "risk/register_as_at.html", context)


# Quantified exposure


def _amount(major: float, currency: str) -> str:
    """A simulated amount, to the whole unit: pence would claim a precision it has not."""
    return money(round(major) * 100, currency).replace(".00", "")


def _exceedance_chart(report: Any) -> Any:
    """The loss exceedance curve on a log scale of loss, with the board's tolerance."""
    result = report.result
    points = [(p.loss, p.probability * 100) for p in result.exceedance_curve if p.loss > 0]
    if len(points) < 2:
        return None
    low, high = points[0][0], points[-1][0]
    guides = []
    against = ""
    if report.tolerance is not None:
        amount = report.tolerance.amount / 100
        allowed = float(report.tolerance.probability) * 100
        low, high = min(low, amount), max(high, amount)
        shown = _amount(amount, report.currency)
        guides = [
            Guide(f"Tolerance: {shown}", amount, "x", "govdx-chart--tolerance"),
            Guide(f"Tolerance: {allowed:g}%", allowed, "y", "govdx-chart--tolerance"),
        ]
        against = (
            f", against the board's tolerance of at most {allowed:g}% of losing more than {shown}"
        )
    return line_chart(
        ident="loss-exceedance",
        title="Loss exceedance curve",
        description=(
            "The chance, in a simulated year, that the total loss is more than each amount, "
            f"from {_amount(low, report.currency)} to {_amount(high, report.currency)}{against}. "
            "The table below gives the same figures."
        ),
        x=Axis(
            f"Loss in a year, {report.currency} (log scale)",
            low,
            high,
            log_ticks(low, high, short_amount),
            log=True,
        ),
        y=Axis("Chance of losing more", 0, 100, [(v, f"{v}%") for v in range(0, 101, 20)]),
        series=[Series("Loss exceedance", points, "govdx-chart--curve")],
        guides=guides,
    )


def _tolerance_shown(report: Any) -> dict[str, Any] | None:
    """The board's loss tolerance and where the simulation puts the register against it."""
    judged = report.as_dict()["loss_tolerance"]
    if judged is None:
        return None
    return {
        "amount": _amount(judged["amount"], report.currency),
        "allowed": f"{judged['probability']:.1%}",
        "exceeding": f"{judged['probability_of_exceeding']:.1%}",
        "within": judged["within_tolerance"],
        "effective_from": report.tolerance.effective_from,
    }


def exposure(request: HttpRequest) -> HttpResponse:
    """A Monte Carlo of the open quantified risks' total loss in a year, against the board's
    loss tolerance."""
    require(request.user, Action.VIEW, Risk)
    today = _today()
    risks = visible(request.user, Risk.objects.all())
    report = selectors.exposure_report(
        on=today, iterations=EXPOSURE_ITERATIONS, seed=EXPOSURE_SEED, risks=risks
    )
    result = report.result
    currency = report.currency
    figures = [
        ("Expected annual loss", "The mean of the simulated years", result.expected_annual_loss),
        ("P50", "Half the years lose more than this", result.p50),
        ("P80", "One year in five loses more", result.p80),
        ("P95", "One year in twenty loses more", result.p95),
        ("VaR 99", "One year in a hundred loses more", result.var_99),
        ("Expected shortfall 99", "The mean loss of the worst 1% of years",
         result.expected_shortfall_99),
    ]  # fmt: skip
    context = {
        "title": "Quantified exposure",
        "today": today,
        "report": report,
        "figures": [(label, hint, _amount(value, currency)) for label, hint, value in figures],
        "curve": [
            (_amount(p.loss, currency), f"{p.probability:.1%}") for p in result.exceedance_curve
        ],
        "chart": _exceedance_chart(report) if report.references else None,
        "tolerance": _tolerance_shown(report),
        "may_set_tolerance": services.role_may_approve(request.user),
    }
    return render(request, "risk/exposure.html", context)


class LossToleranceAdd(FormPage):
    title = "Set the board's loss tolerance"
    submit_label = "Set tolerance"
    intro = (
        "The most the board accepts: at most this chance, in a year, of losing more than this "
        "amount. The exposure page draws it against the loss exceedance curve."
    )

    def target(self, request: HttpRequest, pk: int) -> None:
        if not services.role_may_approve(request.user):
            raise PermissionDenied("Only a board member or an administrator sets the tolerance.")
        require(request.user, Action.ADD, LossTolerance)

    def back_url(self, target: Any) -> str:
        return reverse("risk:exposure")

    def make_form(self, request: HttpRequest, target: None, data: Any = None) -> Any:
        return forms.LossToleranceForm(data, initial={"effective_from": _today()})

    def save(self, request: HttpRequest, target: None, form: Any) -> str:
        data = form.cleaned_data
        services.loss_tolerance_create(
            amount=int(data["amount"] * 100),
            probability=(data["probability"] / Decimal(100)).quantize(Decimal("0.0001")),
            effective_from=data["effective_from"],
            user=request.user,
        )
        return "The board's loss tolerance is set."

    def get(self, request: HttpRequest, pk: int = 0) -> HttpResponse:
        return super().get(request, pk)

    def post(self, request: HttpRequest, pk: int = 0) -> HttpResponse:
        return super().post(request, pk)


@require_POST
def statement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The board withdraws an approved statement; anyone else is refused (403)."""
    statement = AppetiteStatement.objects.select_related("category").filter(pk=pk).first()
    if statement is None:
        raise Http404("No appetite statement with that number.")
    if not services.role_may_approve(request.user):
        raise PermissionDenied("Only a board member or an administrator withdraws statements.")
    try:
        services.statement_withdraw(statement=statement, user=request.user)
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Withdrawn: {statement}.")
    return HttpResponseRedirect(reverse("risk:appetite") + "#history")


# Configuration: categories and the matrix


def category_list(request: HttpRequest) -> HttpResponse:
    """The organisation's risk categories, with how many risks each holds."""
    require(request.user, Action.VIEW, RiskCategory)
    may_change = can(request.user, Action.CHANGE, RiskCategory)
    context = {
        "title": "Risk categories",
        "categories": list(selectors.category_list()),
        "may_add": can(request.user, Action.ADD, RiskCategory),
        "may_change": may_change,
    }
    return render(request, "risk/riskcategory_list.html", context)


class CategoryEdit(RecordEditView):
    """Add or change a category; the change page shows the category's history."""

    model = RiskCategory
    form_class = forms.CategoryForm
    selector = selectors.category_get
    create_service = services.category_create
    update_service = services.category_update
    template_name = "risk/riskcategory_edit.html"

    def render_form(
        self, request: HttpRequest, form: Any, obj: Any, status: int = 200
    ) -> HttpResponse:
        context = {
            "form": form,
            "object": obj,
            "title": f"Change the category {obj}" if obj else "Add a risk category",
            "noun": self.noun,
            "cancel_url": reverse("risk:riskcategory_list"),
            "history": history_for(obj) if obj is not None else [],
        }
        return render(request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        response = super().post(request, pk)
        if response.status_code == 302:
            return HttpResponseRedirect(reverse("risk:riskcategory_list"))
        return response


def _matrix_shown(matrix: Matrix) -> dict[str, Any]:
    """A matrix for a page: its size, labels lowest first, and bands with their colours."""
    return {
        "size": matrix.size,
        "likelihood": list(enumerate(matrix.likelihood_labels, start=1)),
        "impact": list(enumerate(matrix.impact_labels, start=1)),
        "bands": matrix.bands,
    }


def _matrix_page(request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
    today = _today()
    versions = []
    for row in selectors.matrix_versions():
        try:
            shown: dict[str, Any] | None = _matrix_shown(
                selectors.matrix_from_definition(row.definition)
            )
        except Invalid:  # pragma: no cover - saved through matrix_save, which checks it
            shown = None
        versions.append(
            {
                "row": row,
                "matrix": shown,
                "in_force": row.effective_from <= today,
                "history": history_for(row),
            }
        )
    current = next((v for v in versions if v["in_force"]), None)
    context = {
        "title": "Risk matrix",
        "today": today,
        "matrix": _matrix_shown(selectors.matrix_on(today)),
        "current": current["row"] if current else None,
        "versions": versions,
        "form": form,
    }
    return render(request, "risk/matrix.html", context, status=status)


def matrix(request: HttpRequest) -> HttpResponse:
    """The matrix in force today, its versions, and (for those who may) a form for a new one."""
    require(request.user, Action.VIEW, RiskMatrix)
    may_save = can(request.user, Action.ADD, RiskMatrix)
    form: forms.MatrixForm | None = None
    if request.method == "POST":
        require(request.user, Action.ADD, RiskMatrix)
        form = forms.MatrixForm(request.POST)
        if form.is_valid():
            try:
                saved = services.matrix_save(
                    effective_from=form.cleaned_data["effective_from"],
                    definition=form.definition(),
                    user=request.user,
                )
            except Invalid as error:
                refuse_form(form, error)
            else:
                messages.success(
                    request,
                    f"Risk matrix saved: in force from {saved.effective_from.isoformat()}.",
                )
                return HttpResponseRedirect(reverse("risk:matrix"))
        return _matrix_page(request, form, status=422)
    if may_save:
        today_matrix = selectors.matrix_on(_today())
        form = forms.MatrixForm(
            initial={
                "likelihood_labels": "\n".join(today_matrix.likelihood_labels),
                "impact_labels": "\n".join(today_matrix.impact_labels),
                "bands": forms.band_lines(today_matrix),
                "effective_from": _today(),
            }
        )
        form.style_widgets()
    return _matrix_page(request, form)


# A risk's links to other records


class RiskLinkAdd(RiskFormPage):
    title = "Link the risk to a record"
    submit_label = "Add link"
    intro = "Link the risk to a supplier or a contract it concerns."

    def back_url(self, target: Any) -> str:
        return str(target.get_absolute_url()) + "#links"

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target)}

    def make_form(self, request: HttpRequest, target: Risk, data: Any = None) -> Any:
        form = forms.RiskLinkForm(data, user=request.user)
        form.style_widgets()
        return form

    def save(self, request: HttpRequest, target: Risk, form: Any) -> str:
        linked = form.cleaned_data["target"]
        services.risk_link_add(
            risk=target, target=linked, note=form.cleaned_data["note"], user=request.user
        )
        return f"{target.reference} linked to {linked}."


@require_POST
def risk_link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of a risk's links; only those who may change the risk may (else 403)."""
    link = RiskLink.objects.select_related("risk").filter(pk=pk).first()
    if link is None:
        raise Http404("No link with that number.")
    risk = _risk_for(request, link.risk_id)
    services.risk_link_remove(link=link, user=request.user)
    messages.success(request, f"Link removed from {risk.reference}.")
    return HttpResponseRedirect(risk.get_absolute_url() + "#links")
