"""The access kernel: who may do what, decided from grants and a policy, with no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.governance.access import (
    INTERNAL_ROLES,
    ROLE_DESCRIPTIONS,
    ROLE_LABELS,
    Action,
    Grant,
    Policy,
    Role,
    Subject,
    ancestors,
    is_allowed,
    subtree,
)

# The policies of the organisation's records, written out here so that the kernel is tested
# against what the README promises, not against the models' own copies.
ORGANISATION = Policy()
DEPARTMENTAL = Policy(writers=frozenset({Role.ADMINISTRATOR, Role.DEPARTMENT_LEAD}))
SUPPLIERS = Policy(
    writers=frozenset({Role.ADMINISTRATOR, Role.ESTATE_MANAGER}),
    supplier_readers=frozenset({Role.SUPPLIER_CONTACT}),
)
ADMIN_ONLY_DELETES = Policy(
    writers=frozenset({Role.ADMINISTRATOR, Role.DEPARTMENT_LEAD}),
    deleters=frozenset({Role.ADMINISTRATOR}),
)

WRITES = (Action.ADD, Action.CHANGE, Action.DELETE)

# A small tree: 1 Resources > 2 Finance > 3 Payroll; 4 Place > 5 Highways.
PARENTS: dict[int, int | None] = {1: None, 2: 1, 3: 2, 4: None, 5: 4}
RESOURCES = subtree(1, PARENTS)

IN_RESOURCES = Subject(department=2)
IN_PLACE = Subject(department=5)
NO_DEPARTMENT = Subject()
THE_KIND = Subject(record=False)


def grant(
    role: Role, *, departments: frozenset[int] | None = None, supplier: int | None = None
) -> list[Grant]:
    return [Grant(role, departments, supplier)]


def test_every_role_has_a_label_and_a_description() -> None:
    assert set(ROLE_LABELS) == set(Role)
    assert set(ROLE_DESCRIPTIONS) == set(Role)
    assert len(Role) == 9


def test_internal_roles_are_every_role_but_the_supplier_contact() -> None:
    assert Role.SUPPLIER_CONTACT not in INTERNAL_ROLES
    assert INTERNAL_ROLES | {Role.SUPPLIER_CONTACT} == set(Role)


def test_nobody_without_a_grant_may_do_anything() -> None:
    for action in Action:
        assert not is_allowed([], DEPARTMENTAL, action, IN_RESOURCES)
        assert not is_allowed([], DEPARTMENTAL, action, THE_KIND)


@pytest.mark.parametrize("role", sorted(INTERNAL_ROLES))
@pytest.mark.parametrize("policy", [ORGANISATION, DEPARTMENTAL, SUPPLIERS])
def test_every_internal_role_reads_every_record(role: Role, policy: Policy) -> None:
    for subject in (IN_RESOURCES, IN_PLACE, NO_DEPARTMENT, THE_KIND, Subject(supplier=9)):
        assert is_allowed(grant(role), policy, Action.VIEW, subject)


# (policy, role) -> may this organisation-wide grant add, change and delete?
ORGANISATION_WIDE_WRITERS = {
    "organisation": {Role.ADMINISTRATOR},
    "departmental": {Role.ADMINISTRATOR, Role.DEPARTMENT_LEAD},
    "suppliers": {Role.ADMINISTRATOR, Role.ESTATE_MANAGER},
}
POLICIES = {"organisation": ORGANISATION, "departmental": DEPARTMENTAL, "suppliers": SUPPLIERS}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("policy_name", sorted(POLICIES))
@pytest.mark.parametrize("action", WRITES)
def test_only_the_policy_writers_write_when_the_grant_is_organisation_wide(
    role: Role, policy_name: str, action: Action
) -> None:
    expected = role in ORGANISATION_WIDE_WRITERS[policy_name]
    supplier = 1 if role is Role.SUPPLIER_CONTACT else None

    allowed = is_allowed(
        grant(role, supplier=supplier), POLICIES[policy_name], action, Subject(department=2)
    )

    assert allowed is expected


@pytest.mark.parametrize("action", WRITES)
def test_a_department_lead_writes_inside_their_subtree_only(action: Action) -> None:
    lead = grant(Role.DEPARTMENT_LEAD, departments=RESOURCES)

    assert is_allowed(lead, DEPARTMENTAL, action, Subject(department=1))
    assert is_allowed(lead, DEPARTMENTAL, action, Subject(department=3))
    assert not is_allowed(lead, DEPARTMENTAL, action, IN_PLACE)


@pytest.mark.parametrize("action", WRITES)
def test_a_scoped_grant_never_writes_records_that_belong_to_no_department(action: Action) -> None:
    lead = grant(Role.DEPARTMENT_LEAD, departments=RESOURCES)

    assert not is_allowed(lead, DEPARTMENTAL, action, NO_DEPARTMENT)


def test_a_scoped_grant_may_add_the_kind_so_the_form_can_be_shown() -> None:
    lead = grant(Role.DEPARTMENT_LEAD, departments=RESOURCES)

    assert is_allowed(lead, DEPARTMENTAL, Action.ADD, THE_KIND)
    assert not is_allowed(lead, SUPPLIERS, Action.ADD, THE_KIND)


def test_a_department_lead_reads_outside_their_subtree() -> None:
    lead = grant(Role.DEPARTMENT_LEAD, departments=RESOURCES)

    assert is_allowed(lead, DEPARTMENTAL, Action.VIEW, IN_PLACE)
    assert is_allowed(lead, SUPPLIERS, Action.VIEW, Subject(supplier=7))


def test_a_scoped_administrator_is_no_organisation_wide_administrator() -> None:
    scoped = grant(Role.ADMINISTRATOR, departments=RESOURCES)

    assert is_allowed(scoped, DEPARTMENTAL, Action.CHANGE, IN_RESOURCES)
    assert not is_allowed(scoped, DEPARTMENTAL, Action.CHANGE, IN_PLACE)
    assert not is_allowed(scoped, ORGANISATION, Action.CHANGE, NO_DEPARTMENT)


def test_deleters_narrow_who_may_delete_but_not_who_may_change() -> None:
    lead = grant(Role.DEPARTMENT_LEAD, departments=RESOURCES)

    assert is_allowed(lead, ADMIN_ONLY_DELETES, Action.CHANGE, IN_RESOURCES)
    assert not is_allowed(lead, ADMIN_ONLY_DELETES, Action.DELETE, IN_RESOURCES)
    assert is_allowed(grant(Role.ADMINISTRATOR), ADMIN_ONLY_DELETES, Action.DELETE, IN_RESOURCES)


def test_a_supplier_contact_sees_their_own_supplier_only() -> None:
    contact = grant(Role.SUPPLIER_CONTACT, supplier=7)

    assert is_allowed(contact, SUPPLIERS, Action.VIEW, THE_KIND)
    assert is_allowed(contact, SUPPLIERS, Action.VIEW, Subject(supplier=7))
    assert not is_allowed(contact, SUPPLIERS, Action.VIEW, Subject(supplier=8))
    assert not is_allowed(contact, SUPPLIERS, Action.VIEW, NO_DEPARTMENT)


def test_a_supplier_contact_without_a_supplier_sees_no_record() -> None:
    contact = grant(Role.SUPPLIER_CONTACT)

    assert not is_allowed(contact, SUPPLIERS, Action.VIEW, Subject(supplier=None))
    assert not is_allowed(contact, SUPPLIERS, Action.VIEW, Subject(supplier=7))


@pytest.mark.parametrize("action", WRITES)
def test_a_supplier_contact_writes_nothing_not_even_their_own_supplier(action: Action) -> None:
    contact = grant(Role.SUPPLIER_CONTACT, supplier=7)

    assert not is_allowed(contact, SUPPLIERS, action, Subject(supplier=7))
    assert not is_allowed(contact, SUPPLIERS, action, THE_KIND)


@pytest.mark.parametrize("policy", [ORGANISATION, DEPARTMENTAL])
def test_a_supplier_contact_sees_nothing_of_the_organisation_inside(policy: Policy) -> None:
    contact = grant(Role.SUPPLIER_CONTACT, supplier=7)

    assert not is_allowed(contact, policy, Action.VIEW, THE_KIND)
    assert not is_allowed(contact, policy, Action.VIEW, Subject(department=2, supplier=7))


def test_one_allowing_grant_among_many_is_enough() -> None:
    grants = [
        Grant(Role.VIEWER),
        Grant(Role.SUPPLIER_CONTACT, supplier=7),
        Grant(Role.DEPARTMENT_LEAD, departments=RESOURCES),
    ]

    assert is_allowed(grants, DEPARTMENTAL, Action.CHANGE, IN_RESOURCES)
    assert not is_allowed(grants, DEPARTMENTAL, Action.CHANGE, IN_PLACE)


def test_policy_roles_for_each_action() -> None:
    assert DEPARTMENTAL.roles_for(Action.VIEW) == INTERNAL_ROLES
    assert DEPARTMENTAL.roles_for(Action.ADD) == DEPARTMENTAL.writers
    assert DEPARTMENTAL.roles_for(Action.DELETE) == DEPARTMENTAL.writers
    assert ADMIN_ONLY_DELETES.roles_for(Action.DELETE) == frozenset({Role.ADMINISTRATOR})


def test_subtree_holds_the_department_and_every_team_below_it() -> None:
    assert subtree(1, PARENTS) == {1, 2, 3}
    assert subtree(2, PARENTS) == {2, 3}
    assert subtree(3, PARENTS) == {3}
    assert subtree(4, PARENTS) == {4, 5}


def test_subtree_of_an_unknown_department_is_that_department_alone() -> None:
    assert subtree(99, PARENTS) == {99}


def test_subtree_stops_at_a_loop_in_the_tree() -> None:
    assert subtree(1, {1: 2, 2: 1}) == {1, 2}


def test_ancestors_are_listed_nearest_first() -> None:
    assert ancestors(3, PARENTS) == [2, 1]
    assert ancestors(1, PARENTS) == []


def test_ancestors_stop_at_a_loop_in_the_tree() -> None:
    assert ancestors(1, {1: 2, 2: 3, 3: 1}) == [2, 3]


# Properties.


@st.composite
def forests(draw: st.DrawFn) -> dict[int, int | None]:
    """A department tree (a forest): each department's parent has a smaller number, or none."""
    size = draw(st.integers(min_value=1, max_value=25))
    parents: dict[int, int | None] = {0: None}
    for node in range(1, size):
        parents[node] = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=node - 1)))
    return parents


policies = st.builds(
    Policy,
    readers=st.frozensets(st.sampled_from(list(Role))),
    writers=st.frozensets(st.sampled_from(list(Role))),
    supplier_readers=st.frozensets(st.sampled_from(list(Role))),
    deleters=st.one_of(st.none(), st.frozensets(st.sampled_from(list(Role)))),
)
subjects = st.builds(
    Subject,
    department=st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
    supplier=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
    record=st.booleans(),
)
grants = st.builds(
    Grant,
    role=st.sampled_from(list(Role)),
    departments=st.one_of(st.none(), st.frozensets(st.integers(min_value=0, max_value=30))),
    supplier=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
)


@given(
    policy=policies, action=st.sampled_from(list(Action)), subject=subjects, others=st.lists(grants)
)
def test_an_organisation_wide_administrator_is_always_allowed(
    policy: Policy, action: Action, subject: Subject, others: list[Grant]
) -> None:
    assert is_allowed([*others, Grant(Role.ADMINISTRATOR)], policy, action, subject)


@given(
    parents=forests(),
    data=st.data(),
    role=st.sampled_from([r for r in Role if r is not Role.SUPPLIER_CONTACT]),
    action=st.sampled_from(WRITES),
)
def test_a_scoped_grant_never_writes_a_department_outside_its_subtree(
    parents: dict[int, int | None], data: st.DataObject, role: Role, action: Action
) -> None:
    root = data.draw(st.sampled_from(sorted(parents)), label="root")
    target = data.draw(st.sampled_from(sorted(parents)), label="target")
    reach = subtree(root, parents)
    policy = Policy(writers=frozenset(Role))

    allowed = is_allowed(
        [Grant(role, departments=reach)], policy, action, Subject(department=target)
    )

    assert allowed is (target in reach)
    assert allowed is (target == root or root in ancestors(target, parents))


@given(
    policy=policies,
    action=st.sampled_from(list(Action)),
    subject=subjects,
    held=st.lists(grants),
    extra=grants,
)
def test_another_grant_never_takes_a_permission_away(
    policy: Policy, action: Action, subject: Subject, held: list[Grant], extra: Grant
) -> None:
    if is_allowed(held, policy, action, subject):
        assert is_allowed([*held, extra], policy, action, subject)


@given(supplier=st.integers(0, 5), other=st.integers(0, 5), department=st.integers(0, 30))
def test_a_supplier_contact_never_sees_another_suppliers_record(
    supplier: int, other: int, department: int
) -> None:
    contact = [Grant(Role.SUPPLIER_CONTACT, supplier=supplier)]
    subject = Subject(department=department, supplier=other)

    assert is_allowed(contact, SUPPLIERS, Action.VIEW, subject) is (supplier == other)


@given(policy=policies, action=st.sampled_from(WRITES), subject=subjects)
def test_a_viewer_never_writes_where_the_policy_does_not_name_them(
    policy: Policy, action: Action, subject: Subject
) -> None:
    if Role.VIEWER in policy.roles_for(action):
        return
    assert not is_allowed([Grant(Role.VIEWER)], policy, action, subject)


@given(parents=forests(), data=st.data())
def test_a_teams_subtree_lies_inside_its_parents_subtree(
    parents: dict[int, int | None], data: st.DataObject
) -> None:
    node = data.draw(st.sampled_from(sorted(parents)))
    reach = subtree(node, parents)

    assert node in reach
    for parent in ancestors(node, parents):
        assert reach <= subtree(parent, parents)
    for member in reach - {node}:
        assert node in ancestors(member, parents)
