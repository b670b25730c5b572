"""Creating and upgrading a govdx database: what `govdx init` and `govdx createadmin` do."""

from __future__ import annotations

import io
import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from govdx.domain.errors import Invalid

DEFAULT_ORGANISATION_NAME = "Your organisation"


def database_is_ready() -> bool:
    """True when every migration has been applied."""
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _static_is_built() -> bool:
    return (settings.PACKAGE_DIR / "static" / "dist" / "govdx.css").exists()


def initialise(*, demo: bool, seed: int, quiet: bool = False) -> dict[str, Any]:
    """Migrate, gather static files, name the organisation and, with `demo`, load the demo."""
    from govdx.org.models import Organisation

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        db_path = settings.DATABASES["default"]["NAME"]
        os.makedirs(os.path.dirname(os.path.abspath(db_path)), exist_ok=True)
    out = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    static = _static_is_built()
    if static:
        call_command("collectstatic", interactive=False, verbosity=0, stdout=out)
    with transaction.atomic():
        if not Organisation.objects.exists():
            Organisation.objects.create(
                name=os.environ.get("GOVDX_ORGANISATION_NAME", DEFAULT_ORGANISATION_NAME)
            )
    report: dict[str, Any] = {
        "database": str(settings.DATABASES["default"]["NAME"]),
        "engine": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "static_files": static,
        "demo": None,
    }
    if demo:
        from govdx.demo.generator import load_demo

        report["demo"] = load_demo(seed=seed)
    message = f"The database is ready ({report['engine']}: {report['database']})."
    if not static:
        message += " Front-end assets are not built: run `make assets` for styled pages."
    if report["demo"]:
        counts = report["demo"]
        message += (
            f" Demo organisation loaded: {counts['departments']} departments, "
            f"{counts['people']} people, {counts['suppliers']} suppliers, "
            f"{counts['contracts']} contracts, {counts['users']} demo users."
        )
        estate = counts.get("estate")
        if estate:
            message += (
                f" Estate: {estate['devices']} devices from {estate['sources']} sources, "
                f"{estate['applications']} applications, {estate['estate_risks']} end-of-life "
                "risks."
            )
            message += "".join(f" Note: {note}." for note in estate["notes"])
    report["message"] = message
    return report


@transaction.atomic
def administrator_create(*, username: str, email: str, password: str) -> Any:
    """Create an administrator, or reset an existing one's password."""
    username = username.strip()
    if not username:
        raise Invalid("Give the administrator a user name.")
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid("That password is too weak: " + " ".join(error.messages)) from error
    user.email = email or user.email
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(password)
    user.save()
    return user
