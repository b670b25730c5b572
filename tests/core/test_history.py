"""A record's history as people read it: who, when, which field from what to what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from govdx.core.history import history_for
from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.org.models import Department, Person
from govdx.org.services import (
    department_create,
    department_update,
    person_create,
    person_update,
    supplier_create,
    supplier_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="ghopper", first_name="Grace", last_name="Hopper")


def test_a_new_record_has_one_created_entry_by_its_creator(editor: Any) -> None:
    supplier = supplier_create(data={"name": "Newco Ltd"}, user=editor)

    [entry] = history_for(supplier)

    assert (entry.kind, entry.who, entry.changes, entry.reason) == (
        "Created",
        "Grace Hopper",
        [],
        "",
    )


def test_a_change_lists_each_field_by_its_label_from_old_to_new(
    org: dict[str, Any], editor: Any
) -> None:
    person = person_create(
        data={"full_name": "Aisha Ahmed", "department": org["finance"], "job_title": "Clerk"},
        user=editor,
    )
    person_update(
        instance=person,
        data={"job_title": "Head of Tax", "department": org["resources"], "is_active": False},
        user=editor,
        expected_version=1,
        reason="promoted",
    )

    changed, created = history_for(person)

    assert (changed.kind, created.kind) == ("Changed", "Created")
    assert changed.reason == "promoted"
    assert {(c.label, c.old, c.new) for c in changed.changes} == {
        ("Job title", "Clerk", "Head of Tax"),
        ("Department", "Finance", "Resources"),
        ("Is active", "Yes", "No"),
    }


def test_choices_show_their_labels_and_empty_values_say_empty(
    org: dict[str, Any], editor: Any
) -> None:
    team = department_create(
        data={"code": "payroll", "name": "Payroll", "parent": org["finance"]}, user=editor
    )
    department_update(
        instance=team,
        data={"kind": "directorate", "description": "Pays everyone"},
        user=editor,
        expected_version=1,
    )

    changes = {(c.label, c.old, c.new) for c in history_for(team)[0].changes}

    assert changes == {("Kind", "Team", "Directorate"), ("Description", "(empty)", "Pays everyone")}


def test_a_link_to_a_deleted_record_says_it_was_removed(org: dict[str, Any], editor: Any) -> None:
    team = department_create(data={"code": "temp", "name": "Temporary"}, user=editor)
    person = person_create(data={"full_name": "Ben Baker", "department": team}, user=editor)
    person_update(
        instance=person, data={"department": org["finance"]}, user=editor, expected_version=1
    )
    team_pk = team.pk
    Department.objects.filter(pk=team_pk).delete()

    [change] = history_for(Person.objects.get(pk=person.pk))[0].changes

    assert (change.old, change.new) == (f"(removed record {team_pk})", "Finance")


def test_the_version_and_timestamps_are_not_shown_as_changes(
    org: dict[str, Any], editor: Any
) -> None:
    supplier = org["supplier_a"]
    supplier_update(
        instance=supplier, data={"contact_name": "Rita"}, user=editor, expected_version=1
    )

    [change] = history_for(supplier)[0].changes

    assert change.label == "Contact name"


def test_a_save_that_changed_no_shown_field_is_left_out(org: dict[str, Any], editor: Any) -> None:
    supplier = org["supplier_a"]
    supplier.version += 1
    supplier.save()

    assert [entry.kind for entry in history_for(supplier)] == ["Created"]


def test_who_is_the_user_name_when_there_is_no_full_name_and_the_system_when_none(
    make_user: Callable[..., Any],
) -> None:
    plain = make_user(Role.ADMINISTRATOR, username="ops")
    supplier = supplier_create(data={"name": "Newco Ltd"}, user=SYSTEM)
    supplier_update(
        instance=supplier, data={"website": "https://n.example"}, user=plain, expected_version=1
    )

    assert [entry.who for entry in history_for(supplier)] == ["ops", "the system"]


def test_history_is_newest_first_and_limited(org: dict[str, Any], editor: Any) -> None:
    supplier = org["supplier_a"]
    for number in range(1, 6):
        supplier_update(
            instance=supplier,
            data={"contact_name": f"Contact {number}"},
            user=editor,
            expected_version=number,
        )

    entries = history_for(supplier, limit=3)

    assert [entry.changes[0].new for entry in entries] == ["Contact 5", "Contact 4", "Contact 3"]
    assert [entry.when for entry in entries] == sorted(
        (entry.when for entry in entries), reverse=True
    )
