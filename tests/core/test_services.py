"""The shared writes: create, change and delete with permission, validation, version and history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from govdx.core.permissions import SYSTEM
from govdx.core.services import invalid_from, record_create, record_delete, record_update
from govdx.domain.errors import Conflict, Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.org.models import Contract, Department, Person, Supplier
from tests.factories import ContractFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="ada")


def test_create_records_who_created_it_and_why(admin: Any) -> None:
    supplier = record_create(
        model=Supplier, data={"name": "Newco Ltd"}, user=admin, reason="tender won"
    )

    row = supplier.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        admin,
        "tender won",
    )
    assert supplier.version == 1


def test_create_refuses_a_user_who_may_not_add(make_user: Callable[..., Any]) -> None:
    with pytest.raises(NotAllowed, match="You may not add this supplier"):
        record_create(model=Supplier, data={"name": "Newco Ltd"}, user=make_user(Role.VIEWER))

    assert not Supplier.objects.exists()


def test_create_refuses_a_record_outside_the_users_department(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    record_create(model=Person, data={"full_name": "In", "department": org["finance"]}, user=lead)
    with pytest.raises(NotAllowed):
        record_create(
            model=Person, data={"full_name": "Out", "department": org["highways"]}, user=lead
        )

    assert list(Person.objects.values_list("full_name", flat=True)) == ["In"]


def test_create_validates_the_model_and_names_each_field(admin: Any) -> None:
    with pytest.raises(Invalid) as error:
        record_create(model=Supplier, data={"name": "", "contact_email": "nope"}, user=admin)

    assert set(error.value.field_errors) == {"name", "contact_email"}
    assert error.value.field_errors["contact_email"] == ["Enter a valid email address."]
    assert not Supplier.objects.exists()


def test_update_bumps_the_version_and_records_who_changed_what(
    org: dict[str, Any], admin: Any
) -> None:
    supplier = org["supplier_a"]

    saved = record_update(
        instance=supplier,
        data={"contact_name": "Rita Ray"},
        user=admin,
        expected_version=1,
        reason="new account manager",
    )

    assert saved.version == 2
    assert saved.updated_at > saved.created_at
    latest = saved.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        admin,
        "new account manager",
    )
    assert latest.contact_name == "Rita Ray"


def test_update_with_a_stale_version_is_a_conflict_and_writes_nothing(
    org: dict[str, Any], admin: Any
) -> None:
    supplier = org["supplier_a"]
    record_update(instance=supplier, data={"contact_name": "First"}, user=admin, expected_version=1)

    with pytest.raises(Conflict) as conflict:
        record_update(
            instance=supplier, data={"contact_name": "Second"}, user=admin, expected_version=1
        )

    assert "changed by someone else while you were editing it" in str(conflict.value)
    supplier.refresh_from_db()
    assert (supplier.contact_name, supplier.version, supplier.history.count()) == ("First", 2, 2)


def test_update_without_a_version_does_not_check_it(org: dict[str, Any], admin: Any) -> None:
    supplier = org["supplier_a"]
    record_update(instance=supplier, data={"contact_name": "First"}, user=admin, expected_version=1)

    saved = record_update(
        instance=supplier, data={"contact_name": "Second"}, user=admin, expected_version=None
    )

    assert (saved.contact_name, saved.version) == ("Second", 3)


def test_update_that_changes_nothing_saves_nothing(org: dict[str, Any], admin: Any) -> None:
    supplier = org["supplier_a"]

    saved = record_update(
        instance=supplier, data={"name": "Acme Hosting"}, user=admin, expected_version=1
    )

    assert saved.version == 1
    assert supplier.history.count() == 1


def test_update_reads_the_row_afresh_so_an_old_copy_does_not_undo_a_change(
    org: dict[str, Any], admin: Any
) -> None:
    old_copy = Supplier.objects.get(pk=org["supplier_a"].pk)
    record_update(
        instance=org["supplier_a"], data={"contact_name": "Rita"}, user=admin, expected_version=1
    )

    saved = record_update(
        instance=old_copy, data={"website": "https://acme.example"}, user=admin, expected_version=2
    )

    assert (saved.contact_name, saved.website, saved.version) == (
        "Rita",
        "https://acme.example",
        3,
    )


def test_update_checks_permission_again_after_the_change(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    person = PersonFactory(department=org["finance"])

    with pytest.raises(NotAllowed):
        record_update(
            instance=person,
            data={"department": org["highways"]},
            user=lead,
            expected_version=None,
        )

    person.refresh_from_db()
    assert person.department == org["finance"]


def test_update_validates_and_keeps_the_row_as_it_was(org: dict[str, Any], admin: Any) -> None:
    contract = ContractFactory(supplier=org["supplier_a"])

    with pytest.raises(Invalid) as error:
        record_update(
            instance=contract,
            data={"end_date": date(2020, 1, 1)},
            user=admin,
            expected_version=1,
        )

    assert error.value.field_errors == {
        "end_date": ["The end date must be on or after the start date."]
    }
    contract.refresh_from_db()
    assert contract.end_date == date(2027, 3, 31)
    assert contract.version == 1


def test_delete_records_who_deleted_it(org: dict[str, Any], admin: Any) -> None:
    person = PersonFactory(department=org["finance"])
    pk = person.pk

    record_delete(instance=person, user=admin)

    assert not Person.objects.filter(pk=pk).exists()
    row = Person.history.filter(id=pk).order_by("-history_id").first()
    assert (row.history_type, row.history_user) == ("-", admin)


def test_delete_of_a_record_others_still_point_at_names_them(
    org: dict[str, Any], admin: Any
) -> None:
    PersonFactory(department=org["highways"])
    ContractFactory(supplier=org["supplier_b"], department=org["highways"])

    with pytest.raises(Invalid) as error:
        record_delete(instance=org["highways"], user=admin)

    assert str(error.value) == (
        "This department cannot be deleted while contracts, people still refer to it. "
        "Move or remove those first."
    )
    assert Department.objects.filter(pk=org["highways"].pk).exists()


def test_delete_refuses_a_user_who_may_not(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    with pytest.raises(NotAllowed, match="You may not delete this contract"):
        record_delete(
            instance=ContractFactory(supplier=org["supplier_a"]),
            user=make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"]),
        )

    assert Contract.objects.count() == 1


def test_the_system_writes_and_its_history_says_so(org: dict[str, Any]) -> None:
    supplier = record_create(model=Supplier, data={"name": "Batch Ltd"}, user=SYSTEM)

    assert supplier.history.get().history_user is None


def test_invalid_from_keeps_messages_per_field_or_as_one_sentence() -> None:
    per_field = invalid_from(ValidationError({"name": ["Too short.", "Taken."], "code": "Bad."}))
    plain = invalid_from(ValidationError(["One.", "Two."]))

    assert per_field.field_errors == {"name": ["Too short.", "Taken."], "code": ["Bad."]}
    assert str(per_field) == "name: Too short. Taken.; code: Bad."
    assert (str(plain), plain.field_errors) == ("One. Two.", {})
