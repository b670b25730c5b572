"""The people pages' tables: columns, headings and how each sorts."""

from __future__ import annotations

from govdx.core.tables import Column, Table


class PeopleGroupTable(Table):
    caption = "People groups"
    default_sort = "department"
    columns = (
        Column("role_family", "Role family", order_by="role_family", link=True),
        Column("department", "Department", order_by="department__name,role_family"),
        Column("headcount", "Headcount", order_by="headcount", numeric=True),
        Column("impact_count", "Projects impacting it", order_by="impact_count", numeric=True),
    )


class ChangeImpactTable(Table):
    caption = "Change impacts"
    default_sort = "project"
    columns = (
        Column("project", "Project", order_by="project__name,group__department__name"),
        Column("group", "People group", order_by="group__department__name,group__role_family",
               link=True),
        Column("degree", "Degree", order_by="degree"),
        Column("what_changes", "What changes for them"),
    )  # fmt: skip


class SurveyTable(Table):
    caption = "Readiness surveys"
    default_sort = "-conducted_on"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("conducted_on", "Date", order_by="conducted_on"),
        Column("project", "Project", order_by="project__name"),
        Column("response_count", "Responses", order_by="response_count", numeric=True),
    )
