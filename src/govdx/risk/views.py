"""The risk pages: thin, calling selectors and services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from govdx.core.permissions import Action, require, visible
from govdx.core.views import RecordDetailView, RecordEditView, RecordListView
from govdx.risk import filtersets, forms, selectors, services, tables
from govdx.risk.models import Register, Risk


def home(request: HttpRequest) -> HttpResponse:
    """The breaches dashboard: what sits outside the appetite today, by category."""
    require(request.user, Action.VIEW, Risk)
    today = timezone.localdate()
    risks = visible(request.user, Risk.objects.all())
    check = selectors.register_check(as_of=today, risks=risks)
    by_category: dict[str, dict[str, int]] = {}
    for judgement in check.judgements:
        counts = by_category.setdefault(
            judgement.category, {"risks": 0, "above": 0, "unmanaged": 0, "overdue": 0}
        )
        counts["risks"] += 1
        counts["above"] += judgement.above_appetite
        counts["unmanaged"] += judgement.unmanaged
        counts["overdue"] += judgement.overdue_review
    names = dict(selectors.category_list().values_list("key", "name"))
    rows = [
        {"category": names.get(key, key), **counts}
        for key, counts in sorted(by_category.items(), key=lambda item: names.get(item[0], item[0]))
    ]
    context = {"title": "Risk appetite breaches", "check": check, "rows": rows, "today": today}
    return render(request, "risk/home.html", context)


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
        return {"risks": visible(request.user, selectors.risk_list().filter(register=obj))}


class RiskList(RecordListView):
    model = Risk
    selector = selectors.risk_list
    filterset_class = filtersets.RiskFilterSet
    table_class = tables.RiskTable
    help_text = "Every risk on every register you may see."


class RiskDetail(RecordDetailView):
    model = Risk
    selector = selectors.risk_get
    template_name = "risk/risk_detail.html"
    deletable = False


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
