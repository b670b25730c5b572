"""Reads of the organisation that pages, the API and the command line share."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet

from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier


def organisation_get() -> Organisation | None:
    return Organisation.objects.order_by("pk").first()


def department_list() -> QuerySet[Department]:
    # Meta.ordering does not apply to a query with an aggregate: ordered here, for the API's pages.
    return (
        Department.objects.select_related("parent", "head")
        .annotate(people_count=Count("people", distinct=True))
        .order_by("name", "pk")
    )


def department_get(pk: int) -> Department:
    return Department.objects.select_related("parent", "head").get(pk=pk)


def department_children(department: Department) -> QuerySet[Department]:
    return department.children.annotate(people_count=Count("people", distinct=True)).order_by(
        "name"
    )


def person_list() -> QuerySet[Person]:
    return Person.objects.select_related("department", "user").order_by("full_name", "pk")


def person_get(pk: int) -> Person:
    return Person.objects.select_related("department", "user").get(pk=pk)


def supplier_list() -> QuerySet[Supplier]:
    return Supplier.objects.annotate(contract_count=Count("contracts", distinct=True)).order_by(
        "name", "pk"
    )


def supplier_get(pk: int) -> Supplier:
    return Supplier.objects.get(pk=pk)


def contract_list() -> QuerySet[Contract]:
    return Contract.objects.select_related("supplier", "department").order_by(
        "supplier__name", "start_date", "pk"
    )


def contract_get(pk: int) -> Contract:
    return Contract.objects.select_related("supplier", "department").get(pk=pk)


def user_list() -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.select_related("person")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("department", "supplier"),
            )
        )
    )


def user_get(pk: int) -> Any:
    return user_list().get(pk=pk)


def role_assignment_list() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related("user", "department", "supplier")
