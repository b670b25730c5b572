"""The risk tables: columns, headings and how each sorts."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from govdx.core.tables import Column, Table
from govdx.domain.errors import Invalid
from govdx.domain.risk import Band, Matrix, RiskJudgement, band_for
from govdx.risk import selectors

FLAG_TAGS = (
    ("above_appetite", "Above appetite", "red"),
    ("unmanaged", "Unmanaged", "orange"),
    ("target_outside_appetite", "Target outside", "magenta"),
    ("overdue_review", "Review overdue", "yellow"),
)


def band_tag(band: Band) -> SafeString:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', band.tag_colour or "grey", band.name
    )


def score_with_band(score: int, matrix: Matrix) -> SafeString:
    """A score and its band as a tag: the band is named in words, never shown by colour alone."""
    try:
        band = band_for(score, matrix)
    except Invalid:  # assessed on a larger matrix than the one in force: no band to name
        return format_html("{}", score)
    return format_html('{} <span class="govdx-tags">{}</span>', score, band_tag(band))


def flag_tags(judgement: RiskJudgement | None, status_label: str) -> SafeString:
    """The judgement's flags as tags; a risk that is not open says its status instead."""
    if judgement is None:
        tags = [("grey", status_label)]
    else:
        tags = [(colour, label) for name, label, colour in FLAG_TAGS if getattr(judgement, name)]
        if judgement.expired_acceptances:
            tags.append(("grey", "Acceptance expired"))
    if not tags:
        return format_html("{}", "Within appetite")
    return format_html(
        '<span class="govdx-tags">{}</span>',
        format_html_join(" ", '<strong class="govuk-tag govuk-tag--{}">{}</strong>', tags),
    )


class RegisterTable(Table):
    caption = "Risk registers"
    default_sort = "name"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("kind", "Kind", order_by="kind"),
        Column("department", "Department", order_by="department__name"),
        Column("owner", "Owner", order_by="owner__full_name"),
        Column("risk_count", "Risks", order_by="risk_count", numeric=True),
    )


def _score(risk: Any) -> SafeString:
    return score_with_band(risk.current_score, risk.matrix)


def _tolerance(risk: Any) -> int | str:
    judgement = getattr(risk, "judgement", None)
    return judgement.tolerance if judgement is not None else ""


def _flags(risk: Any) -> SafeString:
    return flag_tags(getattr(risk, "judgement", None), risk.get_status_display())


class RiskTable(Table):
    """The register: each risk on the page judged today against the appetite in force."""

    caption = "Risks"
    default_sort = "reference"
    columns = (
        Column("reference", "Reference", order_by="reference", link=True),
        Column("title", "Title", order_by="title"),
        Column("category", "Category", order_by="category__order,category__name"),
        Column("owner", "Owner", order_by="owner__full_name"),
        Column("score", "Current score", order_by="current_score", render=_score, numeric=True),
        Column("tolerance", "Tolerance", render=_tolerance, numeric=True),
        Column("flags", "Flags", render=_flags),
    )

    def __init__(self, queryset: models.QuerySet[Any], request: HttpRequest) -> None:
        super().__init__(queryset, request)
        today = timezone.localdate()
        risks = list(self.page.object_list)  # evaluated once; the rows reuse these objects
        judgements = selectors.judgements_for(risks, as_of=today)
        matrix = selectors.matrix_on(today)
        for risk in risks:
            risk.judgement = judgements.get(risk.pk)
            risk.matrix = matrix
