"""Users and roles pages, the staff-list upload page and the password change, as people use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govdx.core.models import User
from govdx.domain.governance.access import Role
from govdx.org.models import Person, RoleAssignment

pytestmark = pytest.mark.django_db

STAFF_CSV = (
    "Directorate,Team,Name,Email,Job title\n"
    "Resources,Finance,Aisha Ahmed,aisha@example.org,Accountant\n"
    "Place,Highways,Ben Baker,ben@example.org,Engineer\n"
)


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="boss")


def test_administrator_creates_a_user_who_can_then_sign_in(
    admin: Any, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(admin)

    response = client.post(
        "/org/users/add/",
        {
            "username": "newstarter",
            "first_name": "New",
            "last_name": "Starter",
            "email": "new@example.org",
            "password": "a-sufficiently-long-passphrase",
        },
    )

    user = User.objects.get(username="newstarter")
    assert response.status_code == 302
    assert response["Location"] == f"/org/users/{user.pk}/"
    assert user.check_password("a-sufficiently-long-passphrase")
    signed_in = Client().post(
        "/sign-in/", {"username": "newstarter", "password": "a-sufficiently-long-passphrase"}
    )
    assert signed_in.status_code == 302


def test_a_weak_password_is_refused_and_no_user_is_made(
    admin: Any, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(admin).post(
        "/org/users/add/", {"username": "weak", "password": "password"}
    )

    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_administrator_gives_and_removes_a_scoped_role(
    admin: Any,
    org: dict[str, Any],
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    target = make_user(None, username="target")
    client = client_for(admin)

    given = client.post(
        f"/org/users/{target.pk}/roles/add/",
        {"role": "department_lead", "department": org["resources"].pk},
    )
    assignment = RoleAssignment.objects.get(user=target)
    page = client.get(f"/org/users/{target.pk}/").content.decode()
    removed = client.post(f"/org/users/{target.pk}/roles/{assignment.pk}/remove/")

    assert given.status_code == 302
    assert assignment.role == "department_lead"
    assert assignment.department == org["resources"]
    assert "Resources and the teams below it" in page
    assert removed.status_code == 302
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_a_department_lead_role_without_a_department_is_refused(
    admin: Any, make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    target = make_user(None, username="target")

    response = client_for(admin).post(
        f"/org/users/{target.pk}/roles/add/", {"role": "department_lead"}
    )

    assert response.status_code == 422
    assert "must name their department" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_the_last_administrator_role_cannot_be_removed(
    admin: Any, client_for: Callable[[Any], Client]
) -> None:
    assignment = RoleAssignment.objects.get(user=admin)

    response = client_for(admin).post(
        f"/org/users/{admin.pk}/roles/{assignment.pk}/remove/", follow=True
    )

    assert "last administrator" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize(
    "role",
    [r for r in Role if r is not Role.ADMINISTRATOR and r is not Role.SUPPLIER_CONTACT],
)
def test_only_administrators_see_or_change_users(
    role: Role,
    org: dict[str, Any],
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    user = make_user(role, department=org["resources"] if role is Role.DEPARTMENT_LEAD else None)
    client = client_for(user)

    assert client.get("/org/users/").status_code == 403
    assert client.get(f"/org/users/{user.pk}/").status_code == 404
    assert client.post("/org/users/add/", {"username": "x"}).status_code == 403
    assert client.post(
        f"/org/users/{user.pk}/roles/add/", {"role": "administrator"}
    ).status_code in {403, 404}
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_user_page_shows_the_history_of_changes(
    admin: Any, make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    target = make_user(None, username="target", email="old@example.org")
    client = client_for(admin)

    client.post(
        f"/org/users/{target.pk}/change/",
        {"username": "target", "first_name": "", "last_name": "", "email": "new@example.org",
         "is_active": "on"},
    )  # fmt: skip
    page = client.get(f"/org/users/{target.pk}/").content.decode()

    assert "old@example.org" in page
    assert "new@example.org" in page
    assert "boss" in page


def test_staff_list_upload_imports_and_reports(
    admin: Any, client_for: Callable[[Any], Client]
) -> None:
    upload = SimpleUploadedFile("staff.csv", STAFF_CSV.encode(), content_type="text/csv")

    response = client_for(admin).post("/org/import/", {"file": upload})

    assert response.status_code == 200
    assert "2 people added" in response.content.decode()
    assert Person.objects.count() == 2


def test_staff_list_upload_with_a_bad_row_lists_the_problem_and_writes_nothing(
    admin: Any, client_for: Callable[[Any], Client]
) -> None:
    bad = STAFF_CSV.replace("ben@example.org", "ben-at-example")
    upload = SimpleUploadedFile("staff.csv", bad.encode(), content_type="text/csv")

    response = client_for(admin).post("/org/import/", {"file": upload})

    page = response.content.decode()
    assert response.status_code == 422
    assert "staff.csv was not imported" in page
    assert "row 3, column Email:" in page
    assert Person.objects.count() == 0


def test_a_department_lead_cannot_import_people_into_another_department(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    upload = SimpleUploadedFile("staff.csv", STAFF_CSV.encode(), content_type="text/csv")

    response = client_for(lead).post("/org/import/", {"file": upload})

    page = response.content.decode()
    assert response.status_code == 422
    assert "row 3, column Directorate: you may not add or change people" in page
    assert Person.objects.count() == 0


def test_a_viewer_may_not_open_the_import_page(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    assert client_for(make_user(Role.VIEWER)).get("/org/import/").status_code == 403


def test_a_user_changes_their_own_password(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    user = make_user(Role.VIEWER)

    response = client_for(user).post(
        "/account/password/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.check_password("another-long-passphrase")


def test_an_administrator_links_a_member_of_staff_to_their_user_account(
    admin: Any,
    org: dict[str, Any],
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    from tests.factories import PersonFactory

    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    account = make_user(Role.VIEWER, username="aisha")

    response = client_for(admin).post(
        f"/org/people/{person.pk}/change/",
        {
            "full_name": "Aisha Ahmed",
            "job_title": person.job_title,
            "department": org["finance"].pk,
            "email": person.email,
            "staff_number": person.staff_number,
            "user": account.pk,
            "is_active": "on",
            "version": person.version,
        },
    )

    person.refresh_from_db()
    assert response.status_code == 302
    assert person.user == account


def test_a_department_lead_is_not_offered_user_accounts(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    page = client_for(lead).get("/org/people/add/").content.decode()

    assert 'name="user"' not in page
    assert 'name="department"' in page
