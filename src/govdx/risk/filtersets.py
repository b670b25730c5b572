"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from govdx.domain.errors import Invalid
from govdx.domain.risk import RiskJudgement, band_for
from govdx.org.filtersets import FilterForm, SearchFilterSet, yes_no_filter
from govdx.org.models import Department, Person
from govdx.risk import selectors
from govdx.risk.choices import RegisterKind, RiskKind, RiskStatus
from govdx.risk.models import Register, Risk, RiskCategory

STAGE_CHOICES = [("current", "Current position"), ("inherent", "Inherent position")]
LEVEL_CHOICES = [(n, str(n)) for n in range(1, 11)]


class RegisterFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.ChoiceFilter(choices=RegisterKind.choices, empty_label="Any kind")

    class Meta:
        model = Register
        fields = ("q", "kind")
        form = FilterForm


class RiskFilterSet(SearchFilterSet):
    """The register's filters. Band, above appetite, unmanaged and overdue review are judged
    today against the appetite in force (the register check), so they find open risks only;
    stage, likelihood and impact pick a row, column or cell of the heat map."""

    search_fields = ("reference", "title", "cause", "event", "consequence")
    register = django_filters.ModelChoiceFilter(
        queryset=Register.objects.order_by("name"), empty_label="Any register"
    )
    category = django_filters.ModelChoiceFilter(
        queryset=RiskCategory.objects.order_by("order", "name"), empty_label="Any category"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), empty_label="Any department"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.filter(risks_owned__isnull=False).distinct().order_by("full_name"),
        empty_label="Anyone",
    )
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(
        choices=RiskKind.choices, empty_label="Risks and opportunities"
    )
    band = django_filters.ChoiceFilter(
        method="judged", label="Current band", choices=(), empty_label="Any band"
    )
    above = yes_no_filter("Above appetite", method="judged")
    unmanaged = yes_no_filter("Unmanaged", method="judged")
    overdue = yes_no_filter("Review overdue", method="judged")
    stage = django_filters.ChoiceFilter(
        method="at_position", choices=STAGE_CHOICES, widget=forms.HiddenInput
    )
    likelihood = django_filters.TypedChoiceFilter(
        method="at_position", choices=LEVEL_CHOICES, coerce=int, widget=forms.HiddenInput
    )
    impact = django_filters.TypedChoiceFilter(
        method="at_position", choices=LEVEL_CHOICES, coerce=int, widget=forms.HiddenInput
    )

    class Meta:
        model = Risk
        fields = (
            "q", "register", "category", "department", "owner", "status", "kind", "band",
            "above", "unmanaged", "overdue", "stage", "likelihood", "impact",
        )  # fmt: skip
        form = FilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.matrix = selectors.matrix_on(self.today)
        self.form.fields["band"].choices = [
            ("", "Any band"),
            *((band.name, band.name) for band in self.matrix.bands),
        ]
        self._judgements: list[RiskJudgement] | None = None

    def judgements(self) -> list[RiskJudgement]:
        """Today's judgements of the risks the filters start from, worked out once."""
        if self._judgements is None:
            risks = Risk.objects.filter(pk__in=self.queryset.values("pk"))
            self._judgements = list(
                selectors.register_check(as_of=self.today, risks=risks).judgements
            )
        return self._judgements

    def band_of(self, score: int) -> str | None:
        """The name of the score's band; None for a score off the matrix in force."""
        try:
            return band_for(score, self.matrix).name
        except Invalid:
            return None

    def judged(self, queryset: QuerySet[Risk], name: str, value: Any) -> QuerySet[Risk]:
        if value is None or value == "":
            return queryset
        if name == "band":
            keep = {
                j.reference for j in self.judgements() if self.band_of(j.current_score) == value
            }
        else:
            flag = {"above": "above_appetite", "unmanaged": "unmanaged"}.get(name, "overdue_review")
            keep = {j.reference for j in self.judgements() if getattr(j, flag) is value}
        return queryset.filter(reference__in=keep)

    def at_position(self, queryset: QuerySet[Risk], name: str, value: Any) -> QuerySet[Risk]:
        if name == "stage" or value is None or value == "":
            return queryset
        stage = self.form.cleaned_data.get("stage") or "current"
        return selectors.risks_at(queryset, stage=stage, **{name: value})
