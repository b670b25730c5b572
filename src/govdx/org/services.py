"""Every write to the organisation: validated, in one transaction, with who did it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid
from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier


def organisation_update(
    *,
    instance: Organisation,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Organisation:
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def department_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Department:
    return record_create(model=Department, data=data, user=user, reason=reason)


def department_update(
    *,
    instance: Department,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Department:
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def department_delete(*, instance: Department, user: Any) -> None:
    record_delete(instance=instance, user=user)


def person_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Person:
    return record_create(model=Person, data=data, user=user, reason=reason)


def person_update(
    *,
    instance: Person,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Person:
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def person_delete(*, instance: Person, user: Any) -> None:
    record_delete(instance=instance, user=user)


def supplier_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Supplier:
    return record_create(model=Supplier, data=data, user=user, reason=reason)


def supplier_update(
    *,
    instance: Supplier,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Supplier:
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def supplier_delete(*, instance: Supplier, user: Any) -> None:
    record_delete(instance=instance, user=user)


def contract_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Contract:
    return record_create(model=Contract, data=data, user=user, reason=reason)


def contract_update(
    *,
    instance: Contract,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Contract:
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def contract_delete(*, instance: Contract, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def role_assignment_create(*, data: Mapping[str, Any], user: Any) -> RoleAssignment:
    """Give a user a role; the same role in the same scope twice is refused."""
    duplicate = RoleAssignment.objects.filter(
        user=data.get("user"),
        role=data.get("role"),
        department=data.get("department"),
        supplier=data.get("supplier"),
    ).exists()
    if duplicate:
        raise Invalid("This user already holds that role in that scope.")
    return record_create(model=RoleAssignment, data=data, user=user)


def role_assignment_delete(*, instance: RoleAssignment, user: Any) -> None:
    record_delete(instance=instance, user=user)
