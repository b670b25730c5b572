"""Every write to the organisation: validated, in one transaction, with who did it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from govdx.core.permissions import Action, can
from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid, NotAllowed
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
    """Change a department; moving it is adding it afresh under its new parent, so a department
    lead moves teams only within the departments they lead."""
    if "parent" in data:
        new_parent_id = getattr(data["parent"], "pk", None)
    else:
        new_parent_id = data.get("parent_id", instance.parent_id)
    if new_parent_id != instance.parent_id and not can(
        user, Action.ADD, Department(parent_id=new_parent_id)
    ):
        raise NotAllowed(
            "You may not move this department there: a department lead moves teams only "
            "inside the departments they lead. Ask an administrator if you need to."
        )
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def department_delete(*, instance: Department, user: Any) -> None:
    record_delete(instance=instance, user=user)


def _person_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Emails compared as people read them: no surrounding spaces, any case; blanks are none."""
    cleaned = dict(data)
    if "email" in cleaned:
        email = (cleaned["email"] or "").strip().lower()
        cleaned["email"] = email or None
    if "staff_number" in cleaned:
        cleaned["staff_number"] = (cleaned["staff_number"] or "").strip() or None
    return cleaned


def person_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Person:
    return record_create(model=Person, data=_person_data(data), user=user, reason=reason)


def person_update(
    *,
    instance: Person,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Person:
    return record_update(
        instance=instance,
        data=_person_data(data),
        user=user,
        expected_version=expected_version,
        reason=reason,
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
    """Take a role away; the last organisation-wide administrator role is kept."""
    if instance.role == "administrator" and instance.department_id is None:
        others = RoleAssignment.objects.filter(
            role="administrator", department__isnull=True, user__is_active=True
        ).exclude(pk=instance.pk)
        if not others.exists() and not instance.user.is_superuser:
            raise Invalid("This is the last administrator: give someone else the role first.")
    record_delete(instance=instance, user=user)


@transaction.atomic
def user_create(*, data: Mapping[str, Any], password: str, user: Any) -> Any:
    """Create a user who signs in with `password` (checked against the password rules)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    model = get_user_model()
    if model.objects.filter(username__iexact=str(data.get("username", "")).strip()).exists():
        raise Invalid("That user name is taken.", {"username": ["Choose another user name."]})
    candidate = model(**data)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise Invalid("The password is too weak.", {"password": list(error.messages)}) from error
    return record_create(model=model, data={**data, "password": make_password(password)}, user=user)


def user_update(
    *,
    instance: Any,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None = None,
    reason: str = "",
) -> Any:
    """Change a user's name, email or whether they may sign in; nobody switches themself off."""
    if instance.pk == getattr(user, "pk", None) and data.get("is_active") is False:
        raise Invalid(
            "You cannot stop yourself signing in.", {"is_active": ["Ask another administrator."]}
        )
    return record_update(
        instance=instance, data=data, user=user, expected_version=None, reason=reason
    )
