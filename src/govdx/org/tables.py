"""The organisation's tables: columns, headings and how each sorts."""

from __future__ import annotations

from govdx.core.tables import Column, Table


class DepartmentTable(Table):
    caption = "Departments"
    default_sort = "name"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("code", "Code", order_by="code"),
        Column("kind", "Kind", order_by="kind"),
        Column("parent", "Inside", order_by="parent__name"),
        Column("people_count", "People", order_by="people_count", numeric=True),
        Column("is_active", "Active", order_by="is_active"),
    )


class PersonTable(Table):
    caption = "People"
    default_sort = "full_name"
    columns = (
        Column("full_name", "Name", order_by="full_name", link=True),
        Column("job_title", "Job title", order_by="job_title"),
        Column("department", "Department", order_by="department__name"),
        Column("email", "Email", order_by="email"),
        Column("is_active", "Still working here", order_by="is_active"),
    )


class SupplierTable(Table):
    caption = "Suppliers"
    default_sort = "name"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("services_provided", "Services provided"),
        Column("contact_name", "Contact", order_by="contact_name"),
        Column("contract_count", "Contracts", order_by="contract_count", numeric=True),
    )


def _money(contract: object) -> str:
    from govdx.core.templatetags.govdx import money

    return money(getattr(contract, "value_minor", None), getattr(contract, "currency", "GBP"))


class ContractTable(Table):
    caption = "Contracts"
    default_sort = "end_date"
    columns = (
        Column("reference", "Reference", order_by="reference", link=True),
        Column("title", "Title", order_by="title"),
        Column("supplier", "Supplier", order_by="supplier__name"),
        Column("start_date", "Starts", order_by="start_date"),
        Column("end_date", "Ends", order_by="end_date"),
        Column("value", "Value", order_by="value_minor", numeric=True, render=_money),
    )


def _roles(user: object) -> str:
    assignments = getattr(user, "role_assignments").all()  # noqa: B009  # reverse relation
    return ", ".join(str(a) for a in assignments) or "(no role)"


class UserTable(Table):
    caption = "Users"
    default_sort = "username"
    columns = (
        Column("username", "User name", order_by="username", link=True),
        Column("name", "Name", order_by="last_name,first_name", render=lambda u: u.get_full_name()),
        Column("email", "Email", order_by="email"),
        Column("roles", "Roles", render=_roles),
        Column("is_active", "May sign in", order_by="is_active"),
        Column("last_login", "Last signed in", order_by="last_login"),
    )
