"""Sign-in, throttling and the security headers every page carries."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from govdx.domain.governance.access import Role

pytestmark = pytest.mark.django_db


def test_every_page_but_sign_in_requires_a_signed_in_user() -> None:
    client = Client()

    for path in ("/", "/org/", "/org/people/", "/account/", "/org/users/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/sign-in/?next="), path
    assert client.get("/sign-in/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_sign_in_with_a_wrong_password_says_so_and_signs_nobody_in(
    make_user: Callable[..., Any],
) -> None:
    make_user(Role.VIEWER, username="ruth")

    response = Client().post("/sign-in/", {"username": "ruth", "password": "not-it"})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_sign_in_is_throttled_after_five_failures(make_user: Callable[..., Any]) -> None:
    make_user(Role.VIEWER, username="ruth")
    client = Client(REMOTE_ADDR="203.0.113.7")

    for _ in range(5):
        client.post("/sign-in/", {"username": "ruth", "password": "guess"})
    locked = client.post("/sign-in/", {"username": "ruth", "password": "a-long-test-password"})

    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in_and_sign_out_needs_a_post(
    make_user: Callable[..., Any],
) -> None:
    make_user(Role.VIEWER, username="ruth")
    client = Client()

    signed_in = client.post("/sign-in/", {"username": "ruth", "password": "a-long-test-password"})
    refused = client.get("/sign-out/")
    signed_out = client.post("/sign-out/")

    assert signed_in.status_code == 302
    assert refused.status_code == 405
    assert signed_out.status_code == 302
    assert client.get("/").status_code == 302


def test_pages_carry_a_strict_content_security_policy_and_frame_denial(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    response = client_for(make_user(Role.VIEWER)).get("/org/people/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()


def test_forms_refuse_a_post_without_the_csrf_token(
    make_user: Callable[..., Any],
) -> None:
    user = make_user(Role.ADMINISTRATOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post("/org/suppliers/add/", {"name": "Sneaky Ltd"})

    assert response.status_code == 403


def test_the_project_passes_django_checks_and_has_every_migration() -> None:
    call_command("check", stdout=StringIO())
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
