"""The organisation's access promises written out once, for the page and the API matrices.

Who writes each kind of record; a department lead writes only inside Resources (the department
they lead); a supplier contact reads only their own supplier (Acme Hosting) and its contracts,
and nothing of the organisation inside.
"""

from __future__ import annotations

from typing import Any

from govdx.domain.governance.access import Role
from govdx.org.models import Contract, Department, Person, Supplier
from tests.factories import ContractFactory, DepartmentFactory, PersonFactory

ROLES = list(Role)
RESOURCES = ["departments", "people", "suppliers", "contracts"]
MODELS = {"departments": Department, "people": Person, "suppliers": Supplier, "contracts": Contract}
INSIDE, OUTSIDE = "inside", "outside"
SCOPES = [INSIDE, OUTSIDE]

WRITERS = {
    "departments": {Role.ADMINISTRATOR, Role.DEPARTMENT_LEAD},
    "people": {Role.ADMINISTRATOR, Role.DEPARTMENT_LEAD},
    "suppliers": {Role.ADMINISTRATOR, Role.ESTATE_MANAGER},
    "contracts": {Role.ADMINISTRATOR, Role.ESTATE_MANAGER},
}
SUPPLIER_FACING = {"suppliers", "contracts"}


def reads_list(role: Role, resource: str) -> bool:
    return role is not Role.SUPPLIER_CONTACT or resource in SUPPLIER_FACING


def reads(role: Role, resource: str, scope: str) -> bool:
    if role is Role.SUPPLIER_CONTACT:
        return resource in SUPPLIER_FACING and scope == INSIDE
    return True


def adds(role: Role, resource: str) -> bool:
    return role in WRITERS[resource]


def writes(role: Role, resource: str, scope: str) -> bool:
    if role is Role.DEPARTMENT_LEAD and scope == OUTSIDE:
        return False
    return role in WRITERS[resource]


def expected_for_record(role: Role, resource: str, scope: str, success: int = 200) -> int:
    """Changing or deleting a record: unseen records are not found, unwritable ones forbidden."""
    if not reads(role, resource, scope):
        return 404
    if not writes(role, resource, scope):
        return 403
    return success


def make_target(resource: str, scope: str, org: dict[str, Any]) -> Any:
    """A record inside the matrix user's scope (Resources, Acme) or outside (Place, Brightwater)."""
    department = org["finance"] if scope == INSIDE else org["highways"]
    supplier = org["supplier_a"] if scope == INSIDE else org["supplier_b"]
    if resource == "departments":
        name = "Payroll" if scope == INSIDE else "Roads"
        return DepartmentFactory(name=name, code=name.lower(), parent=department)
    if resource == "people":
        return PersonFactory(department=department)
    if resource == "suppliers":
        return supplier
    return ContractFactory(supplier=supplier, department=department)
