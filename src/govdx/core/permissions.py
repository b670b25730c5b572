"""Permission checks for pages, API and CLI, one place for all.

Each model that users see names its `access` rule: the policy (who reads, who writes) and where
its department and supplier are found. The decision itself is `govdx.domain.governance.access`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.db import models

from govdx.domain.errors import NotAllowed
from govdx.domain.governance.access import (
    INTERNAL_ROLES,
    Action,
    Grant,
    Policy,
    Role,
    Subject,
    is_allowed,
    subtree,
)

M = TypeVar("M", bound=models.Model)

__all__ = ["AccessRule", "Action", "Role", "can", "grants_for", "require", "visible"]


@dataclass(frozen=True)
class AccessRule:
    """How a model is guarded: its policy and the paths to its department and supplier.

    `new_department_field` is where a record not yet saved belongs, when that differs: a new
    team has no id yet, so it belongs to the department it is added in (its parent).
    """

    policy: Policy
    department_field: str | None = None
    supplier_field: str | None = None
    new_department_field: str | None = None

    def subject(self, obj: models.Model | None) -> Subject:
        if obj is None:
            return Subject(record=False)
        department_field = self.department_field
        if obj.pk is None and self.new_department_field is not None:
            department_field = self.new_department_field
        return Subject(
            department=_follow(obj, department_field),
            supplier=_follow(obj, self.supplier_field),
        )


def _follow(obj: models.Model, path: str | None) -> int | None:
    """The id at the end of a `a__b` path on `obj`, or None when any step is empty."""
    if path is None:
        return None
    if path == "pk":
        value: Any = obj.pk
        return int(value) if value is not None else None
    current: Any = obj
    steps = path.split("__")
    for step in steps[:-1]:
        current = getattr(current, step, None)
        if current is None:
            return None
    value = getattr(current, f"{steps[-1]}_id", None)
    if value is None:
        value = getattr(current, steps[-1], None)
        value = getattr(value, "pk", value)
    return int(value) if value is not None else None


def _department_parents() -> dict[int, int | None]:
    department = apps.get_model("org", "Department")
    return dict(department.objects.values_list("id", "parent_id"))


class SystemActor:
    """govdx itself acting, for the command line and scheduled jobs run by the operator."""

    is_authenticated = False
    is_active = True
    is_superuser = False
    pk = None
    username = "govdx"

    def __str__(self) -> str:
        return "the system"


SYSTEM = SystemActor()


def grants_for(user: Any) -> list[Grant]:
    """The user's grants, read once per user object (so once per request)."""
    if isinstance(user, SystemActor):
        return [Grant(Role.ADMINISTRATOR)]
    cached: list[Grant] | None = getattr(user, "_govdx_grants", None)
    if cached is not None:
        return cached
    grants: list[Grant] = []
    if user is None or not user.is_authenticated or not user.is_active:
        return grants
    if user.is_superuser:
        grants.append(Grant(Role.ADMINISTRATOR))
    assignment = apps.get_model("org", "RoleAssignment")
    rows = list(
        assignment.objects.filter(user=user).values_list("role", "department_id", "supplier_id")
    )
    parents: dict[int, int | None] | None = None
    for role, department_id, supplier_id in rows:
        departments: frozenset[int] | None = None
        if department_id is not None:
            if parents is None:
                parents = _department_parents()
            departments = subtree(department_id, parents)
        grants.append(Grant(Role(role), departments, supplier_id))
    user._govdx_grants = grants
    return grants


def forget_grants(user: Any) -> None:
    """Drop the cached grants after the user's roles change."""
    if hasattr(user, "_govdx_grants"):
        del user._govdx_grants


def _rule(model: type[models.Model]) -> AccessRule:
    rule = getattr(model, "access", None)
    if not isinstance(rule, AccessRule):
        raise TypeError(f"{model.__name__} names no access rule")
    return rule


def can(user: Any, action: Action, target: models.Model | type[models.Model]) -> bool:
    """May `user` do `action` on a record, or on the kind of record when given a model class."""
    if isinstance(target, type):
        return is_allowed(grants_for(user), _rule(target).policy, action, Subject(record=False))
    rule = _rule(type(target))
    return is_allowed(grants_for(user), rule.policy, action, rule.subject(target))


def require(user: Any, action: Action, target: models.Model | type[models.Model]) -> None:
    """Raise NotAllowed unless `user` may do `action` on `target`."""
    if not can(user, action, target):
        model = target if isinstance(target, type) else type(target)
        noun = str(model._meta.verbose_name)
        if action is Action.VIEW:
            raise NotAllowed(f"You do not have access to this {noun}.")
        raise NotAllowed(
            f"You may not {action.value} this {noun}. Ask an administrator if you need to."
        )


def visible(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The records of `queryset` the user may read."""
    rule = _rule(queryset.model)
    grants = grants_for(user)
    if any(g.role is Role.ADMINISTRATOR and g.departments is None for g in grants):
        return queryset
    if any(g.role in rule.policy.readers and g.role in INTERNAL_ROLES for g in grants):
        return queryset
    suppliers = {
        g.supplier
        for g in grants
        if g.role in rule.policy.supplier_readers and g.supplier is not None
    }
    if suppliers and rule.supplier_field is not None:
        return queryset.filter(**{f"{rule.supplier_field}__in": suppliers})
    return queryset.none()


def writable_departments(user: Any, model: type[models.Model]) -> frozenset[int] | None:
    """Departments in which the user may add or change `model` records; None means all."""
    rule = _rule(model)
    reach: set[int] = set()
    for grant in grants_for(user):
        if grant.role is Role.ADMINISTRATOR and grant.departments is None:
            return None
        if grant.role in rule.policy.writers:
            if grant.departments is None:
                return None
            reach |= grant.departments
    return frozenset(reach)


def is_administrator(user: Any) -> bool:
    return any(g.role is Role.ADMINISTRATOR and g.departments is None for g in grants_for(user))


def has_role(user: Any, roles: frozenset[Role] | set[Role]) -> bool:
    """True when the user holds one of `roles` organisation-wide (or is an administrator)."""
    return any(
        g.departments is None and (g.role in roles or g.role is Role.ADMINISTRATOR)
        for g in grants_for(user)
    )
