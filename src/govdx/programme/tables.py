"""The programme's tables: columns, headings and how each sorts."""

from __future__ import annotations

from govdx.core.tables import Column, Table


class ProjectTable(Table):
    caption = "Projects"
    default_sort = "name"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("programme", "Programme", order_by="programme__name"),
        Column("department", "Department", order_by="department__name"),
        Column(
            "senior_responsible_owner",
            "Senior responsible owner",
            order_by="senior_responsible_owner__full_name",
        ),
        Column("start_date", "Start", order_by="start_date"),
        Column("activity_count", "Activities", order_by="activity_count", numeric=True),
    )
