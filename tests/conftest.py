"""Shared fixtures: the real database (SQLite, or PostgreSQL through DATABASE_URL), users for
every role, and a demo-like organisation built with factories."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from tests.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    SupplierFactory,
    UserFactory,
)


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="govdx-static-")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Parallel runs send each module's tests to one worker, and the whole of tests/demo too, so
    that a module's and the package's shared fixtures (the demo, loaded once) are made once."""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/demo/"):
                return "tests/demo"
            return str(super()._split_scope(nodeid))

    return ModuleScheduling(config, log)


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """A user holding `role`, optionally limited to a department or tied to a supplier."""

    def make(
        role: Role | None, *, department: Any = None, supplier: Any = None, **kwargs: Any
    ) -> Any:
        user = UserFactory(**kwargs)
        if role is not None:
            RoleAssignmentFactory(
                user=user, role=role.value, department=department, supplier=supplier
            )
        return user

    return make


@pytest.fixture
def org(db: Any) -> dict[str, Any]:
    """Two directorates with a team each, and two suppliers."""
    resources = DepartmentFactory(name="Resources", code="resources", kind="directorate")
    finance = DepartmentFactory(name="Finance", code="finance", parent=resources)
    place = DepartmentFactory(name="Place", code="place", kind="directorate")
    highways = DepartmentFactory(name="Highways", code="highways", parent=place)
    return {
        "resources": resources,
        "finance": finance,
        "place": place,
        "highways": highways,
        "supplier_a": SupplierFactory(name="Acme Hosting"),
        "supplier_b": SupplierFactory(name="Brightwater Software"),
    }


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    """A test client signed in as `user`."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def user_in_scope(make_user: Callable[..., Any], org: dict[str, Any]) -> Callable[..., Any]:
    """A user holding `role` in the scope the permission matrices use: a department lead leads
    Resources (and Finance below it), a supplier contact works for Acme Hosting."""

    def make(role: Role, **kwargs: Any) -> Any:
        if role is Role.DEPARTMENT_LEAD:
            return make_user(role, department=org["resources"], **kwargs)
        if role is Role.SUPPLIER_CONTACT:
            return make_user(role, supplier=org["supplier_a"], **kwargs)
        return make_user(role, **kwargs)

    return make
