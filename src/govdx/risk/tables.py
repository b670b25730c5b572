"""The risk tables: columns, headings and how each sorts."""

from __future__ import annotations

from typing import Any

from govdx.core.tables import Column, Table


def _current_score(risk: Any) -> int:
    if risk.current_likelihood is not None and risk.current_impact is not None:
        return int(risk.current_likelihood * risk.current_impact)
    return int(risk.inherent_likelihood * risk.inherent_impact)


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


class RiskTable(Table):
    caption = "Risks"
    default_sort = "reference"
    columns = (
        Column("reference", "Reference", order_by="reference", link=True),
        Column("title", "Title", order_by="title"),
        Column("category", "Category", order_by="category__name"),
        Column("department", "Department", order_by="department__name"),
        Column("owner", "Owner", order_by="owner__full_name"),
        Column("score", "Current score", render=_current_score, numeric=True),
        Column("status", "Status", order_by="status"),
    )
