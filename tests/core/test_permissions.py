"""Permission checks on real users and records: grants read from role assignments, decisions on
records and kinds, what a user's lists hold and where they may write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from govdx.core.models import ApiToken, User
from govdx.core.permissions import (
    SYSTEM,
    AccessRule,
    Action,
    can,
    forget_grants,
    grants_for,
    is_administrator,
    require,
    visible,
    writable_departments,
)
from govdx.domain.errors import NotAllowed
from govdx.domain.governance.access import Grant, Policy, Role, Subject
from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier
from tests.factories import (
    ContractFactory,
    DepartmentFactory,
    PersonFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def test_grants_come_from_role_assignments_with_the_department_subtree(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    RoleAssignmentFactory(user=lead, role="viewer")

    grants = grants_for(lead)

    assert set(grants) == {
        Grant(Role.DEPARTMENT_LEAD, frozenset({org["resources"].pk, org["finance"].pk})),
        Grant(Role.VIEWER),
    }


def test_a_supplier_contacts_grant_names_their_supplier(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    contact = make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_b"])

    assert grants_for(contact) == [Grant(Role.SUPPLIER_CONTACT, supplier=org["supplier_b"].pk)]


def test_a_superuser_is_an_administrator_without_a_role_assignment(
    make_user: Callable[..., Any],
) -> None:
    superuser = make_user(None, is_superuser=True)

    assert grants_for(superuser) == [Grant(Role.ADMINISTRATOR)]
    assert is_administrator(superuser)


def test_nobody_signed_out_or_switched_off_has_a_grant(make_user: Callable[..., Any]) -> None:
    switched_off = make_user(Role.ADMINISTRATOR, is_active=False)

    assert grants_for(AnonymousUser()) == []
    assert grants_for(None) == []
    assert grants_for(switched_off) == []
    assert not can(switched_off, Action.VIEW, Person)


def test_a_user_without_a_role_may_do_nothing(make_user: Callable[..., Any]) -> None:
    nobody = make_user(None)

    for model in (Organisation, Department, Person, Supplier, Contract, RoleAssignment):
        for action in Action:
            assert not can(nobody, action, model)


def test_the_system_acts_as_an_administrator() -> None:
    assert grants_for(SYSTEM) == [Grant(Role.ADMINISTRATOR)]
    assert can(SYSTEM, Action.DELETE, Person)
    assert str(SYSTEM) == "the system"


def test_grants_are_read_once_per_user_object_until_forgotten(
    org: dict[str, Any], make_user: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    user = make_user(Role.VIEWER)
    grants_for(user)

    RoleAssignmentFactory(user=user, role="estate_manager")
    with django_assert_num_queries(0):
        assert not can(user, Action.ADD, Supplier)
    forget_grants(user)

    assert can(user, Action.ADD, Supplier)


def test_a_department_leads_grant_is_one_query_for_the_roles_and_one_for_the_tree(
    org: dict[str, Any], make_user: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    lead = User.objects.get(pk=make_user(Role.DEPARTMENT_LEAD, department=org["place"]).pk)

    with django_assert_num_queries(2):
        grants_for(lead)


def test_a_record_is_judged_by_its_department(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    inside = PersonFactory(department=org["finance"])
    outside = PersonFactory(department=org["highways"])

    assert can(lead, Action.CHANGE, inside)
    assert can(lead, Action.DELETE, inside)
    assert not can(lead, Action.CHANGE, outside)
    assert can(lead, Action.VIEW, outside)
    assert can(lead, Action.CHANGE, org["resources"])
    assert not can(lead, Action.CHANGE, org["place"])


def test_a_new_team_belongs_to_the_department_it_is_added_in(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    assert can(lead, Action.ADD, Department(parent=org["finance"]))
    assert not can(lead, Action.ADD, Department(parent=org["place"]))
    assert not can(lead, Action.ADD, Department(parent=None))
    assert Department.access.subject(org["finance"]) == Subject(department=org["finance"].pk)


def test_a_contract_is_judged_by_its_supplier(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    contact = make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"])
    ours = ContractFactory(supplier=org["supplier_a"])
    theirs = ContractFactory(supplier=org["supplier_b"])

    assert Contract.access.subject(ours) == Subject(supplier=org["supplier_a"].pk)
    assert can(contact, Action.VIEW, ours)
    assert not can(contact, Action.VIEW, theirs)
    assert not can(contact, Action.CHANGE, ours)
    assert can(contact, Action.VIEW, Contract)
    assert not can(contact, Action.VIEW, Person)


def test_require_says_what_was_refused_and_what_to_do(make_user: Callable[..., Any]) -> None:
    viewer = make_user(Role.VIEWER)
    nobody = make_user(None)

    with pytest.raises(NotAllowed) as change:
        require(viewer, Action.CHANGE, Supplier)
    with pytest.raises(NotAllowed) as view:
        require(nobody, Action.VIEW, Person)
    require(viewer, Action.VIEW, Person)

    assert str(change.value) == (
        "You may not change this supplier. Ask an administrator if you need to."
    )
    assert str(view.value) == "You do not have access to this person."


def test_a_model_without_an_access_rule_is_refused_loudly(make_user: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match="ApiToken names no access rule"):
        can(make_user(Role.ADMINISTRATOR), Action.VIEW, ApiToken)


@pytest.mark.parametrize(
    ("role", "people", "suppliers", "contracts"),
    [
        (Role.ADMINISTRATOR, 2, 2, 2),
        (Role.BOARD_MEMBER, 2, 2, 2),
        (Role.PROGRAMME_MANAGER, 2, 2, 2),
        (Role.RISK_MANAGER, 2, 2, 2),
        (Role.ESTATE_MANAGER, 2, 2, 2),
        (Role.CHANGE_MANAGER, 2, 2, 2),
        (Role.DEPARTMENT_LEAD, 2, 2, 2),
        (Role.SUPPLIER_CONTACT, 0, 1, 1),
        (Role.VIEWER, 2, 2, 2),
    ],
)
def test_visible_records_by_role(
    role: Role,
    people: int,
    suppliers: int,
    contracts: int,
    org: dict[str, Any],
    user_in_scope: Callable[..., Any],
) -> None:
    PersonFactory(department=org["finance"])
    PersonFactory(department=org["highways"])
    ContractFactory(supplier=org["supplier_a"])
    ContractFactory(supplier=org["supplier_b"])
    user = user_in_scope(role)

    assert visible(user, Person.objects.all()).count() == people
    assert visible(user, Supplier.objects.all()).count() == suppliers
    assert visible(user, Contract.objects.all()).count() == contracts


def test_a_supplier_contact_sees_their_own_supplier_and_its_contracts(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    ours = ContractFactory(supplier=org["supplier_a"])
    ContractFactory(supplier=org["supplier_b"])
    contact = make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"])

    assert list(visible(contact, Supplier.objects.all())) == [org["supplier_a"]]
    assert list(visible(contact, Contract.objects.all())) == [ours]
    assert not visible(contact, Department.objects.all()).exists()


def test_only_administrators_see_users(make_user: Callable[..., Any]) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    board = make_user(Role.BOARD_MEMBER)

    assert visible(admin, User.objects.all()).count() == 2
    assert not visible(board, User.objects.all()).exists()


def test_writable_departments_are_everywhere_the_subtree_or_nowhere(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["place"])
    viewer = make_user(Role.VIEWER)
    estate = make_user(Role.ESTATE_MANAGER)

    assert writable_departments(admin, Person) is None
    assert writable_departments(lead, Person) == {org["place"].pk, org["highways"].pk}
    assert writable_departments(viewer, Person) == frozenset()
    assert writable_departments(estate, Person) == frozenset()
    assert writable_departments(estate, Contract) is None
    assert writable_departments(lead, Contract) == frozenset()


def test_two_leads_grants_add_up(org: dict[str, Any], make_user: Callable[..., Any]) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["finance"])
    RoleAssignmentFactory(user=lead, role="department_lead", department=org["highways"])

    assert writable_departments(lead, Person) == {org["finance"].pk, org["highways"].pk}
    assert not is_administrator(lead)


def test_a_scoped_administrator_writes_only_in_their_department(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    scoped = make_user(Role.ADMINISTRATOR, department=org["place"])

    assert not is_administrator(scoped)
    assert can(scoped, Action.CHANGE, PersonFactory(department=org["highways"]))
    assert not can(scoped, Action.CHANGE, PersonFactory(department=org["finance"]))
    assert not can(scoped, Action.CHANGE, org["supplier_a"])


def test_an_access_rule_follows_a_path_and_stops_at_an_empty_step() -> None:
    rule = AccessRule(Policy(), department_field="supplier__department")

    assert rule.subject(Contract(supplier=None)) == Subject()
    assert AccessRule(Policy()).subject(None) == Subject(record=False)
    assert AccessRule(Policy(), department_field="pk").subject(Department()) == Subject()


def test_an_unsaved_person_is_judged_by_the_department_they_would_join(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    team = DepartmentFactory(parent=org["finance"])

    assert can(lead, Action.ADD, Person(department=team))
    assert not can(lead, Action.ADD, Person(department=org["highways"]))
