"""A record's history as people read it: who, when, which field from what to what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govdx.core.history import history_for
from govdx.core.permissions import SYSTEM
from govdx.core.services import record_create, record_update
from govdx.domain.errors import Conflict
from govdx.domain.governance.access import Role
from govdx.governance.models import Objective
from govdx.org.models import Department, Person
from govdx.org.services import (
    department_create,
    department_update,
    person_create,
    person_update,
    supplier_create,
    supplier_update,
)
from tests.factories import ProjectFactory

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


# --- links a record tracks (governance objectives stand for any record that declares them) ---


def _objective_with_links(editor: Any) -> tuple[Any, Any, Any]:
    online, phones = ProjectFactory(name="Claims online"), ProjectFactory(name="New phones")
    objective = record_create(
        model=Objective, data={"title": "Services online", "projects": [online]}, user=editor
    )
    return objective, online, phones


def test_linking_and_unlinking_are_one_change_each_naming_the_records_who_and_why(
    editor: Any,
) -> None:

    objective, online, phones = _objective_with_links(editor)
    record_update(instance=objective, data={"projects": [online, phones]}, user=editor,
                  expected_version=1, reason="phones serve it too")  # fmt: skip
    record_update(instance=objective, data={"projects": [phones]}, user=editor,
                  expected_version=2, reason="claims moved to another objective")  # fmt: skip

    unlinked, linked, created = history_for(objective)

    assert (created.kind, created.changes) == ("Created", [])
    assert (linked.who, linked.reason) == ("Grace Hopper", "phones serve it too")
    assert [(c.label, c.linked, c.unlinked) for c in linked.changes] == [
        ("Projects", ("New phones",), ())
    ]
    assert [(c.label, c.old, c.new, c.linked, c.unlinked) for c in unlinked.changes] == [
        ("Projects", "Claims online, New phones", "New phones", (), ("Claims online",))
    ]
    assert unlinked.reason == "claims moved to another objective"
    objective.refresh_from_db()
    assert objective.version == 3


def test_the_same_links_again_change_nothing(editor: Any) -> None:

    objective, online, _ = _objective_with_links(editor)
    record_update(instance=objective, data={"projects": [online]}, user=editor, expected_version=1)

    objective.refresh_from_db()
    assert (objective.version, len(history_for(objective))) == (1, 1)


def test_a_stale_version_refuses_a_change_of_links_and_links_nothing(editor: Any) -> None:
    objective, online, phones = _objective_with_links(editor)
    record_update(instance=objective, data={"title": "All online"}, user=editor,
                  expected_version=1)  # fmt: skip

    with pytest.raises(Conflict):
        record_update(instance=objective, data={"projects": [phones]}, user=editor,
                      expected_version=1)  # fmt: skip

    assert list(objective.projects.all()) == [online]


def test_history_reads_links_in_a_fixed_number_of_queries(editor: Any) -> None:
    objective, online, _ = _objective_with_links(editor)

    def queries_after(changes: int) -> int:
        for _ in range(changes):
            objective.refresh_from_db()
            record_update(instance=objective, data={"projects": [online, ProjectFactory()]},
                          user=editor, expected_version=objective.version)  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            history_for(objective)
        return len(queries)

    assert queries_after(2) == queries_after(10)
