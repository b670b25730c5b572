"""The organisation's rules, enforced by its services whoever calls them: the tree has no loops,
contracts end after they start, roles are held in a sensible scope, moves stay in scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from govdx.core.models import User
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.org.models import Department, Person, RoleAssignment
from govdx.org.services import (
    contract_create,
    contract_update,
    department_create,
    department_delete,
    department_update,
    person_create,
    person_delete,
    person_update,
    role_assignment_create,
    role_assignment_delete,
    supplier_delete,
    user_create,
    user_update,
)
from tests.factories import ContractFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="ada")


# The department tree.


def test_a_department_cannot_sit_inside_one_of_its_own_teams(
    org: dict[str, Any], admin: Any
) -> None:
    payroll = department_create(
        data={"code": "payroll", "name": "Payroll", "parent": org["finance"]}, user=admin
    )

    with pytest.raises(Invalid) as error:
        department_update(
            instance=org["resources"], data={"parent": payroll}, user=admin, expected_version=1
        )

    assert error.value.field_errors == {
        "parent": ["A department cannot sit inside itself or one of its own teams."]
    }
    org["resources"].refresh_from_db()
    assert org["resources"].parent is None


def test_a_department_cannot_sit_inside_itself(org: dict[str, Any], admin: Any) -> None:
    with pytest.raises(Invalid):
        department_update(
            instance=org["place"], data={"parent": org["place"]}, user=admin, expected_version=1
        )


def test_two_teams_of_one_name_in_one_department_are_refused_whatever_the_case(
    org: dict[str, Any], admin: Any
) -> None:
    department_create(data={"code": "tax", "name": "Tax", "parent": org["finance"]}, user=admin)

    with pytest.raises(Invalid):
        department_create(
            data={"code": "tax-2", "name": "TAX", "parent": org["finance"]}, user=admin
        )
    department_create(data={"code": "tax-3", "name": "Tax", "parent": org["highways"]}, user=admin)

    assert Department.objects.filter(name__iexact="tax").count() == 2


def test_a_department_with_people_cannot_be_deleted_and_says_why(
    org: dict[str, Any], admin: Any
) -> None:
    PersonFactory(department=org["finance"])

    with pytest.raises(Invalid) as error:
        department_delete(instance=org["finance"], user=admin)

    assert str(error.value) == (
        "This department cannot be deleted while people still refer to it. "
        "Move or remove those first."
    )


def test_a_department_with_teams_cannot_be_deleted(org: dict[str, Any], admin: Any) -> None:
    with pytest.raises(Invalid, match="while departments still refer to it"):
        department_delete(instance=org["place"], user=admin)


def test_an_empty_team_is_deleted(org: dict[str, Any], admin: Any) -> None:
    department_delete(instance=org["highways"], user=admin)

    assert not Department.objects.filter(code="highways").exists()


def test_department_lead_adds_a_team_inside_their_department_only(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    team = department_create(
        data={"code": "payroll", "name": "Payroll", "parent": org["finance"]}, user=lead
    )
    with pytest.raises(NotAllowed):
        department_create(
            data={"code": "roads", "name": "Roads", "parent": org["place"]}, user=lead
        )
    with pytest.raises(NotAllowed):
        department_create(data={"code": "new", "name": "New directorate"}, user=lead)

    assert team.history.get().history_user == lead
    assert not Department.objects.filter(code__in=["roads", "new"]).exists()


def test_department_lead_cannot_move_a_team_out_of_their_department(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    with pytest.raises(NotAllowed, match="You may not move this department there"):
        department_update(
            instance=org["finance"],
            data={"parent": org["place"]},
            user=lead,
            expected_version=1,
        )
    with pytest.raises(NotAllowed):
        department_update(
            instance=org["finance"], data={"parent_id": None}, user=lead, expected_version=1
        )

    org["finance"].refresh_from_db()
    assert org["finance"].parent == org["resources"]


def test_department_lead_renames_their_department_without_moving_it(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    saved = department_update(
        instance=org["resources"],
        data={"name": "Resources and Finance", "parent": None},
        user=lead,
        expected_version=1,
    )

    assert saved.name == "Resources and Finance"


def test_an_administrator_moves_a_department_anywhere(org: dict[str, Any], admin: Any) -> None:
    saved = department_update(
        instance=org["finance"], data={"parent_id": org["place"].pk}, user=admin, expected_version=1
    )

    assert saved.parent == org["place"]


# People.


def test_a_persons_email_is_kept_in_lower_case_and_blanks_are_empty(
    org: dict[str, Any], admin: Any
) -> None:
    person = person_create(
        data={
            "full_name": "Aisha Ahmed",
            "department": org["finance"],
            "email": "Aisha.Ahmed@Example.ORG",
            "staff_number": "",
        },
        user=admin,
    )

    assert person.email == "aisha.ahmed@example.org"
    assert person.staff_number is None


def test_two_people_cannot_share_an_email_or_a_staff_number(
    org: dict[str, Any], admin: Any
) -> None:
    PersonFactory(department=org["finance"], email="a@example.org", staff_number="S1")

    with pytest.raises(Invalid) as error:
        person_create(
            data={
                "full_name": "Copy",
                "department": org["finance"],
                "email": "a@example.org",
                "staff_number": "S1",
            },
            user=admin,
        )

    assert set(error.value.field_errors) == {"email", "staff_number"}


def test_department_lead_moves_a_person_only_within_their_department(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    person = PersonFactory(department=org["finance"])

    moved = person_update(
        instance=person, data={"department": org["resources"]}, user=lead, expected_version=1
    )
    with pytest.raises(NotAllowed):
        person_update(
            instance=moved, data={"department": org["highways"]}, user=lead, expected_version=2
        )

    assert Person.objects.get().department == org["resources"]


def test_department_lead_removes_a_person_of_their_department_only(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    ours = PersonFactory(department=org["finance"])
    theirs = PersonFactory(department=org["highways"])

    person_delete(instance=ours, user=lead)
    with pytest.raises(NotAllowed):
        person_delete(instance=theirs, user=lead)

    assert list(Person.objects.all()) == [theirs]


# Suppliers and contracts.


def contract_data(org: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "supplier": org["supplier_a"],
        "reference": "C-1",
        "title": "Hosting",
        "start_date": date(2025, 4, 1),
        "end_date": date(2028, 3, 31),
        "value_minor": 100_00,
        **changes,
    }


def test_a_contract_cannot_end_before_it_starts(org: dict[str, Any], admin: Any) -> None:
    with pytest.raises(Invalid) as error:
        contract_create(data=contract_data(org, end_date=date(2025, 3, 31)), user=admin)

    assert error.value.field_errors == {
        "end_date": ["The end date must be on or after the start date."]
    }


def test_a_contract_may_start_and_end_on_the_same_day(org: dict[str, Any], admin: Any) -> None:
    contract = contract_create(data=contract_data(org, end_date=date(2025, 4, 1)), user=admin)

    assert contract.status_on(date(2025, 4, 1)) == "active"
    assert contract.status_on(date(2025, 3, 31)) == "not_started"
    assert contract.status_on(date(2025, 4, 2)) == "ended"


def test_a_contract_cannot_be_worth_less_than_nothing(org: dict[str, Any], admin: Any) -> None:
    contract = contract_create(data=contract_data(org), user=admin)

    with pytest.raises(Invalid, match="The value cannot be negative"):
        contract_update(instance=contract, data={"value_minor": -1}, user=admin, expected_version=1)


def test_a_supplier_with_contracts_cannot_be_deleted(org: dict[str, Any], admin: Any) -> None:
    ContractFactory(supplier=org["supplier_a"])

    with pytest.raises(Invalid, match="while contracts still refer to it"):
        supplier_delete(instance=org["supplier_a"], user=admin)


# Roles.


@pytest.mark.parametrize(
    ("role", "scope", "field", "message"),
    [
        ("supplier_contact", {}, "supplier", "A supplier contact must name their supplier."),
        (
            "viewer",
            {"supplier": "supplier_a"},
            "supplier",
            "Only a supplier contact is tied to a supplier.",
        ),
        ("department_lead", {}, "department", "A department lead must name their department."),
    ],
)
def test_a_role_is_held_in_a_scope_that_makes_sense(
    role: str,
    scope: dict[str, str],
    field: str,
    message: str,
    org: dict[str, Any],
    admin: Any,
    make_user: Callable[..., Any],
) -> None:
    target = make_user(None)

    with pytest.raises(Invalid) as error:
        role_assignment_create(
            data={"user": target, "role": role, **{k: org[v] for k, v in scope.items()}},
            user=admin,
        )

    assert error.value.field_errors == {field: [message]}
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_an_unknown_role_is_refused(admin: Any, make_user: Callable[..., Any]) -> None:
    with pytest.raises(Invalid) as error:
        role_assignment_create(data={"user": make_user(None), "role": "emperor"}, user=admin)

    assert list(error.value.field_errors) == ["role"]


def test_the_same_role_in_the_same_scope_twice_is_refused(
    org: dict[str, Any], admin: Any, make_user: Callable[..., Any]
) -> None:
    target = make_user(None)
    data = {"user": target, "role": "department_lead", "department": org["place"]}
    role_assignment_create(data=data, user=admin)

    with pytest.raises(Invalid, match="already holds that role in that scope"):
        role_assignment_create(data=data, user=admin)
    role_assignment_create(data={**data, "department": org["resources"]}, user=admin)

    assert RoleAssignment.objects.filter(user=target).count() == 2


def test_only_an_administrator_gives_roles(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    with pytest.raises(NotAllowed):
        role_assignment_create(
            data={"user": make_user(None), "role": "viewer"},
            user=lead,
        )


def test_the_last_administrator_keeps_the_role(admin: Any) -> None:
    only = RoleAssignment.objects.get(user=admin)

    with pytest.raises(Invalid, match="This is the last administrator"):
        role_assignment_delete(instance=only, user=admin)

    assert RoleAssignment.objects.filter(pk=only.pk).exists()


def test_an_administrator_role_goes_once_another_administrator_remains(
    admin: Any, make_user: Callable[..., Any]
) -> None:
    other = make_user(Role.ADMINISTRATOR)

    role_assignment_delete(instance=RoleAssignment.objects.get(user=admin), user=other)

    assert not RoleAssignment.objects.filter(user=admin).exists()


# Users.


def test_a_user_name_is_taken_whatever_its_case(admin: Any) -> None:
    with pytest.raises(Invalid) as error:
        user_create(data={"username": "ADA"}, password="a-long-enough-passphrase", user=admin)

    assert list(error.value.field_errors) == ["username"]


def test_nobody_switches_themself_off(admin: Any) -> None:
    with pytest.raises(Invalid, match="You cannot stop yourself signing in"):
        user_update(instance=admin, data={"is_active": False}, user=admin)

    assert User.objects.get(pk=admin.pk).is_active


def test_a_persons_email_is_stored_trimmed_and_in_lower_case(org: dict[str, Any]) -> None:
    from govdx.core.permissions import SYSTEM
    from govdx.org.services import person_create

    person = person_create(
        data={
            "full_name": "Zoe Young",
            "email": "  Zoe.Young@Example.ORG ",
            "department": org["finance"],
        },
        user=SYSTEM,
    )

    assert person.email == "zoe.young@example.org"
