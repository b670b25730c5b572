"""What the programme's permission matrices expect of each role."""

from __future__ import annotations

from govdx.domain.governance.access import Role

WRITERS = {Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.DEPARTMENT_LEAD}
"""Who may change a project: a department lead only inside their own department."""


def expected_status(role: Role, scope: str, success: int) -> int:
    """The answer a page about a project gives `role`, for a project inside or outside the
    role's department: 404 for a supplier contact (who may not know it exists), 403 for a
    role that may read but not change it, else `success`."""
    if role is Role.SUPPLIER_CONTACT:
        return 404
    if role not in WRITERS or (role is Role.DEPARTMENT_LEAD and scope == "outside"):
        return 403
    return success
