"""API tokens: made on the account page, shown once, stored as a hash, refused once revoked or
expired, and acting with their owner's roles."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govdx.core.models import ApiToken
from govdx.core.services import api_token_create, api_token_revoke
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.org.models import Supplier

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_new_token_is_stored_only_as_a_hash_with_a_hint(make_user: Callable[..., Any]) -> None:
    user = make_user(Role.VIEWER)

    token, key = api_token_create(user=user, name="  nightly import  ", days=30)

    assert key.startswith("govdx_")
    assert len(key) > 40
    assert token.name == "nightly import"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash
    assert token.key_hint == key[6:12]
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert token.is_usable
    assert str(token) == f"nightly import ({key[6:12]}…)"


def test_a_token_may_never_expire(make_user: Callable[..., Any]) -> None:
    token, _ = api_token_create(user=make_user(Role.VIEWER), name="forever", days=None)

    assert token.expires_at is None
    assert token.is_usable


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [("", 30, "name"), ("   ", 30, "name"), ("x", 0, "days"), ("x", 3651, "days")],
)
def test_a_token_needs_a_name_and_a_sensible_lifetime(
    name: str, days: int, field: str, make_user: Callable[..., Any]
) -> None:
    with pytest.raises(Invalid) as error:
        api_token_create(user=make_user(Role.VIEWER), name=name, days=days)

    assert list(error.value.field_errors) == [field]
    assert not ApiToken.objects.exists()


def test_a_bearer_token_acts_as_its_owner_with_their_roles(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    estate = make_user(Role.ESTATE_MANAGER)
    _, key = api_token_create(user=estate, name="script")

    listed = Client().get("/api/suppliers", headers=bearer(key))
    created = Client().post(
        "/api/suppliers",
        json.dumps({"name": "Newco Ltd"}),
        content_type="application/json",
        headers=bearer(key),
    )
    people = Client().post(
        "/api/people",
        json.dumps({"full_name": "X", "department_id": org["finance"].pk}),
        content_type="application/json",
        headers=bearer(key),
    )

    assert listed.status_code == 200
    assert listed.json()["count"] == 2
    assert created.status_code == 201
    assert Supplier.objects.get(name="Newco Ltd").history.get().history_user == estate
    assert people.status_code == 403  # an estate manager keeps suppliers, not people
    assert ApiToken.objects.get().last_used_at is not None


def test_a_bearer_token_needs_no_csrf_token(make_user: Callable[..., Any]) -> None:
    _, key = api_token_create(user=make_user(Role.ADMINISTRATOR), name="script")

    response = Client(enforce_csrf_checks=True).post(
        "/api/suppliers",
        json.dumps({"name": "Newco Ltd"}),
        content_type="application/json",
        headers=bearer(key),
    )

    assert response.status_code == 201


def test_a_supplier_contacts_token_sees_only_their_supplier(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    _, key = api_token_create(
        user=make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_b"]), name="portal"
    )

    suppliers = Client().get("/api/suppliers", headers=bearer(key)).json()

    assert [s["name"] for s in suppliers["items"]] == ["Brightwater Software"]


def test_a_revoked_token_is_refused(make_user: Callable[..., Any]) -> None:
    user = make_user(Role.VIEWER)
    token, key = api_token_create(user=user, name="script")

    api_token_revoke(token=token, user=user)

    response = Client().get("/api/suppliers", headers=bearer(key))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert not ApiToken.objects.get().is_usable


def test_an_expired_token_is_refused(make_user: Callable[..., Any]) -> None:
    token, key = api_token_create(user=make_user(Role.VIEWER), name="script", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert Client().get("/api/suppliers", headers=bearer(key)).status_code == 401
    assert not ApiToken.objects.get().is_usable


def test_the_token_of_a_user_who_may_no_longer_sign_in_is_refused(
    make_user: Callable[..., Any],
) -> None:
    user = make_user(Role.VIEWER)
    _, key = api_token_create(user=user, name="script")
    user.is_active = False
    user.save()

    assert Client().get("/api/suppliers", headers=bearer(key)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer govdx_not-a-real-key", "Bearer ", "Basic dXNlcjpwYXNz", "govdx_no-scheme"],
)
def test_an_unknown_or_malformed_authorization_is_refused(
    header: str, make_user: Callable[..., Any]
) -> None:
    api_token_create(user=make_user(Role.VIEWER), name="script")

    response = Client().get("/api/suppliers", headers={"Authorization": header})

    assert response.status_code == 401


def test_only_the_owner_or_an_administrator_revokes_a_token(
    make_user: Callable[..., Any],
) -> None:
    owner = make_user(Role.VIEWER)
    token, _ = api_token_create(user=owner, name="script")

    with pytest.raises(NotAllowed, match="only your own tokens"):
        api_token_revoke(token=token, user=make_user(Role.BOARD_MEMBER))
    assert ApiToken.objects.get().revoked_at is None
    api_token_revoke(token=token, user=make_user(Role.ADMINISTRATOR))

    revoked_at = ApiToken.objects.get().revoked_at
    assert revoked_at is not None
    api_token_revoke(token=token, user=owner)  # again: nothing changes
    assert ApiToken.objects.get().revoked_at == revoked_at


def test_the_account_page_creates_a_token_and_shows_its_key_once(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.VIEWER))

    created = client.post("/account/tokens/new/", {"name": "nightly import", "days": 30})
    key = created.context["new_key"]
    again = client.get("/account/")

    assert created.status_code == 200
    assert key in created.content.decode()
    assert "it is shown only once" in created.content.decode()
    assert key not in again.content.decode()
    assert "nightly import" in again.content.decode()
    assert Client().get("/api/suppliers", headers=bearer(key)).status_code == 200


def test_the_account_page_refuses_a_token_without_a_name(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    response = client_for(make_user(Role.VIEWER)).post(
        "/account/tokens/new/", {"name": "", "days": 30}
    )

    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_account_page_stops_the_token_at_once(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    user = make_user(Role.VIEWER)
    token, key = api_token_create(user=user, name="script")

    response = client_for(user).post(f"/account/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert Client().get("/api/suppliers", headers=bearer(key)).status_code == 401


def test_someone_elses_token_cannot_be_revoked_from_the_account_page(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    token, _ = api_token_create(user=make_user(Role.VIEWER), name="script")
    client = client_for(make_user(Role.VIEWER))

    refused = client.post(f"/account/tokens/{token.pk}/revoke/")
    missing = client.post("/account/tokens/999999/revoke/")

    assert (refused.status_code, missing.status_code) == (403, 404)
    assert ApiToken.objects.get().revoked_at is None
