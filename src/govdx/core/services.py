"""Writes every app shares: create, update and delete a record with its history and version.

App services call these after checking their own rules; these check permission, validate the
model, detect concurrent edits and record who did it, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from govdx.core.permissions import Action, require
from govdx.domain.errors import Conflict, Invalid

R = TypeVar("R", bound=models.Model)


def invalid_from(error: ValidationError) -> Invalid:
    """A Django ValidationError as our Invalid, keeping messages per field."""
    if hasattr(error, "error_dict"):
        fields = {
            name: [str(m) for e in errs for m in e.messages]
            for name, errs in error.error_dict.items()
        }
        summary = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
        return Invalid(summary, fields)
    return Invalid(" ".join(error.messages))


def _validate(instance: models.Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise invalid_from(error) from error


REASON_LENGTH = 100


def _stamp(instance: models.Model, user: Any, reason: str) -> None:
    """Tell simple_history who made this change and why (None means the system)."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]  # read by simple_history
    # simple_history keeps the reason in 100 characters; a longer one is cut, not refused.
    if reason and len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    instance._change_reason = reason or None  # type: ignore[attr-defined]  # read by simple_history


def _split_links(
    model: type[models.Model], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`data` as (the record's own fields, its many-to-many links: name to records)."""
    many = {f.name for f in model._meta.get_fields() if f.many_to_many and not f.auto_created}
    values = {name: value for name, value in data.items() if name not in many}
    links = {name: value for name, value in data.items() if name in many}
    return values, links


def _set_links(instance: models.Model, links: Mapping[str, Any]) -> bool:
    """Make each link field of `instance` hold the records given; True when one changed.

    The history is not written link by link: the save that follows keeps the record and its
    links as one change."""
    changed = False
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]  # read by simple_history
    try:
        for name, chosen in links.items():
            manager = getattr(instance, name)
            wanted = list(chosen or [])
            current = set(manager.values_list("pk", flat=True))
            if current != {item.pk for item in wanted}:
                manager.set(wanted)
                changed = True
    finally:
        del instance.skip_history_when_saving  # type: ignore[attr-defined]  # set above
    return changed


@transaction.atomic
def record_create(*, model: type[R], data: Mapping[str, Any], user: Any, reason: str = "") -> R:
    """Create a record of `model` from `data` as `user`; many-to-many fields in `data` take
    the records given, kept in the creation's history where the model tracks its links."""
    require(user, Action.ADD, model)
    values, links = _split_links(model, data)
    instance = model(**values)
    require(user, Action.ADD, instance)
    _validate(instance)
    _stamp(instance, user, reason)
    instance.save()
    if _set_links(instance, links) and getattr(model, "tracked_links", None):
        from govdx.core.models import RECORD_HISTORY

        created = instance.history.latest()  # type: ignore[attr-defined]  # added by simple_history
        RECORD_HISTORY.create_historical_record_m2ms(created, instance)
    return instance


@transaction.atomic
def record_update(
    *,
    instance: R,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
    authorised: bool = False,
) -> R:
    """Apply `data` to `instance` as `user`, refusing if someone saved it since `expected_version`.

    Re-reads the row under a lock, so two writers holding the same version cannot both win.
    Many-to-many fields in `data` take the records given; a change of links alone is a change
    of the record, with a new version and its history.
    `authorised` is for a service that has already checked a rule of its own that is not the
    record's CHANGE permission (a board member approving a statement she may not edit).
    """
    model = type(instance)
    if not authorised:
        require(user, Action.CHANGE, instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    versioned = hasattr(current, "version")
    current_version: int | None = getattr(current, "version", None)
    if versioned and expected_version is not None and expected_version != current_version:
        raise Conflict(
            f"This {model._meta.verbose_name} was changed by someone else while you were "
            "editing it. Your changes were not saved: reload it to see theirs, then make "
            "yours again."
        )
    values, links = _split_links(model, data)
    changed = _set_links(current, links)
    for name, value in values.items():
        if getattr(current, name) != value:
            setattr(current, name, value)
            changed = True
    if not changed:
        return current
    if not authorised:
        require(user, Action.CHANGE, current)
    _validate(current)
    if versioned and current_version is not None:
        current.version = current_version + 1  # type: ignore[attr-defined]  # a Record
        current.updated_at = timezone.now()  # type: ignore[attr-defined]  # a Record
    _stamp(current, user, reason)
    current.save()
    return current


@transaction.atomic
def record_delete(*, instance: models.Model, user: Any) -> None:
    """Delete `instance` as `user`; what protects it (records that point at it) is named."""
    require(user, Action.DELETE, instance)
    _stamp(instance, user, "")
    try:
        instance.delete()
    except models.ProtectedError as error:
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise Invalid(
            f"This {instance._meta.verbose_name} cannot be deleted while "
            f"{', '.join(blockers)} still refer to it. Move or remove those first."
        ) from error


@transaction.atomic
def api_token_create(*, user: Any, name: str, days: int | None = 365) -> tuple[Any, str]:
    """A new API token for `user`; returns the token and its key, which is shown only once."""
    from govdx.core.models import ApiToken

    name = name.strip()
    if not name:
        raise Invalid(
            "Give the token a name that says what it is for.", {"name": ["Enter a name."]}
        )
    if days is not None and not 1 <= days <= 3650:
        raise Invalid("A token lasts from 1 to 3650 days.", {"days": ["Enter 1 to 3650."]})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=ApiToken.hash_key(key),
        key_hint=key[len(ApiToken.PREFIX) : len(ApiToken.PREFIX) + 6],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: Any, user: Any) -> None:
    """Revoke a token; only its owner or an administrator may."""
    from govdx.core.permissions import is_administrator
    from govdx.domain.errors import NotAllowed

    if token.user_id != user.pk and not is_administrator(user):
        raise NotAllowed("You may revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
