"""Who may do what: roles, grants and the scope of a grant.

A user holds grants. A grant is a role, optionally limited to a department (and everything below
it in the tree) or, for a supplier contact, to one supplier. A policy names, for one kind of
record, the roles that may read and the roles that may write it. A scoped grant only reaches
records of its own department subtree; records that belong to no department are written only
through organisation-wide grants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    BOARD_MEMBER = "board_member"
    PROGRAMME_MANAGER = "programme_manager"
    RISK_MANAGER = "risk_manager"
    ESTATE_MANAGER = "estate_manager"
    CHANGE_MANAGER = "change_manager"
    DEPARTMENT_LEAD = "department_lead"
    SUPPLIER_CONTACT = "supplier_contact"
    VIEWER = "viewer"


ROLE_LABELS: dict[Role, str] = {
    Role.ADMINISTRATOR: "Administrator",
    Role.BOARD_MEMBER: "Board member",
    Role.PROGRAMME_MANAGER: "Programme manager",
    Role.RISK_MANAGER: "Risk manager",
    Role.ESTATE_MANAGER: "Estate manager",
    Role.CHANGE_MANAGER: "Change manager",
    Role.DEPARTMENT_LEAD: "Department lead",
    Role.SUPPLIER_CONTACT: "Supplier contact",
    Role.VIEWER: "Viewer",
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMINISTRATOR: "Manages users, roles and every record.",
    Role.BOARD_MEMBER: "Reads everything; takes decisions and approves appetite.",
    Role.PROGRAMME_MANAGER: "Runs the programme: projects, plans, money, status, benefits.",
    Role.RISK_MANAGER: "Keeps the risk registers and the risk appetite.",
    Role.ESTATE_MANAGER: "Keeps the estate, applications and suppliers with their contracts.",
    Role.CHANGE_MANAGER: "Leads people and culture change: impact, readiness, skills.",
    Role.DEPARTMENT_LEAD: "Edits the records of their own department and the teams below it.",
    Role.SUPPLIER_CONTACT: "Works for a supplier; sees only what concerns that supplier.",
    Role.VIEWER: "Reads everything inside the organisation; changes nothing.",
}

INTERNAL_ROLES: frozenset[Role] = frozenset(Role) - {Role.SUPPLIER_CONTACT}


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


@dataclass(frozen=True)
class Grant:
    """A role held by a user; `departments` is the reached department subtree, None for all."""

    role: Role
    departments: frozenset[int] | None = None
    supplier: int | None = None


@dataclass(frozen=True)
class Policy:
    """Roles that may read and write one kind of record.

    `readers` read every record of the kind; `supplier_readers` read only records that concern
    their own supplier. `writers` add, change and delete, within the scope of their grant.
    """

    readers: frozenset[Role] = INTERNAL_ROLES
    writers: frozenset[Role] = frozenset({Role.ADMINISTRATOR})
    supplier_readers: frozenset[Role] = frozenset()
    deleters: frozenset[Role] | None = None

    def roles_for(self, action: Action) -> frozenset[Role]:
        if action is Action.VIEW:
            return self.readers
        if action is Action.DELETE and self.deleters is not None:
            return self.deleters
        return self.writers


@dataclass(frozen=True)
class Subject:
    """What a decision is about: a record's department and supplier, if it has them.

    `record=False` asks about the kind in general (may this user add one at all, or see the list).
    """

    department: int | None = None
    supplier: int | None = None
    record: bool = True


def _grant_reaches(grant: Grant, subject: Subject) -> bool:
    if not subject.record or grant.departments is None:
        return True
    if subject.department is None:
        return False
    return subject.department in grant.departments


def is_allowed(grants: Iterable[Grant], policy: Policy, action: Action, subject: Subject) -> bool:
    """True when one of the grants allows `action` on `subject` under `policy`."""
    for grant in grants:
        if grant.role is Role.ADMINISTRATOR and grant.departments is None:
            return True
        if action is Action.VIEW and grant.role in policy.supplier_readers:
            if not subject.record or (
                grant.supplier is not None and grant.supplier == subject.supplier
            ):
                return True
            continue
        if grant.role not in policy.roles_for(action):
            continue
        if action is Action.VIEW and grant.role is not Role.SUPPLIER_CONTACT:
            return True
        if _grant_reaches(grant, subject):
            return True
    return False


def subtree(root: int, parents: Mapping[int, int | None]) -> frozenset[int]:
    """The department `root` and every department below it, from a child -> parent map."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    reached = {root}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in reached:
                reached.add(child)
                stack.append(child)
    return frozenset(reached)


def ancestors(node: int, parents: Mapping[int, int | None]) -> list[int]:
    """The chain of parents above `node`, nearest first; a loop stops the walk."""
    chain: list[int] = []
    seen = {node}
    current = parents.get(node)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    return chain
