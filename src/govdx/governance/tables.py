"""Governance's tables: columns, headings and how each sorts."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from govdx.core.tables import Column, Table


class BoardTable(Table):
    caption = "Boards"
    default_sort = "name"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("kind", "Kind", order_by="kind"),
        Column("department", "Department", order_by="department__name"),
        Column("member_count", "Members", order_by="member_count", numeric=True),
        Column("is_active", "Active", order_by="is_active"),
    )


class PaperTable(Table):
    caption = "Papers"
    default_sort = "-held_on"
    columns = (
        Column("title", "Title", order_by="title", link=True),
        Column("board", "Board", accessor="meeting__board", order_by="meeting__board__name"),
        Column("held_on", "Meeting", accessor="meeting__held_on", order_by="meeting__held_on"),
        Column("kind", "Kind", order_by="kind"),
        Column("restricted", "Restricted", order_by="restricted"),
    )


class DecisionTable(Table):
    caption = "Decision log"
    default_sort = "-decided_on"
    columns = (
        Column("decided_on", "Date", order_by="decided_on"),
        Column("title", "Decision", order_by="title", link=True),
        Column("board", "Board", order_by="board__name"),
    )


def _state(action: Any) -> str:
    if action.completed_on is not None:
        return f"Done {action.completed_on.isoformat()}"
    return "Overdue" if action.due_on < timezone.localdate() else "Open"


class BoardActionTable(Table):
    caption = "Action log"
    default_sort = "due_on"
    columns = (
        Column("description", "Action", order_by="description", link=True),
        Column("board", "Board", order_by="board__name"),
        Column("owner", "Owner", order_by="owner__full_name"),
        Column("due_on", "Due", order_by="due_on"),
        Column("state", "State", render=_state, order_by="completed_on,due_on"),
    )


class ObjectiveTable(Table):
    caption = "Strategic objectives"
    default_sort = "title"
    columns = (
        Column("title", "Objective", order_by="title", link=True),
        Column("owner", "Owner", order_by="owner__full_name"),
        Column("kpi_count", "KPIs", order_by="kpi_count", numeric=True),
        Column("project_count", "Projects", order_by="project_count", numeric=True),
        Column("benefit_count", "Benefits", order_by="benefit_count", numeric=True),
    )
