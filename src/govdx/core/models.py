"""Shared ground: the user, the base every changeable record stands on, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from govdx.core.permissions import AccessRule
from govdx.domain.governance.access import Policy, Role


class User(AbstractUser):
    """A person who signs in. Their roles are their grants (`org.RoleAssignment`)."""

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    access = AccessRule(Policy(readers=frozenset({Role.ADMINISTRATOR})))

    class Meta:
        ordering: ClassVar[list[str]] = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("org:user_detail", args=[self.pk])


RECORD_HISTORY = HistoricalRecords(inherit=True, m2m_fields_model_field_name="tracked_links")
"""The history every Record keeps (django-simple-history, shared by every concrete record)."""


class Record(models.Model):
    """A record users change: timestamps, a version for conflict detection, and its history.

    Every write goes through a service that compares `version` with the version the writer
    read, so that concurrent edits never silently overwrite each other.

    A record names in `tracked_links` the many-to-many fields whose links its history keeps:
    each history row then holds the links as they stood, so that linking and unlinking show
    in the history with who did it and why (`core.history`). The services set them
    (`core.services.record_create` and `record_update` take them in `data`).
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    tracked_links: ClassVar[tuple[str, ...]] = ()

    history = RECORD_HISTORY

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        raise NotImplementedError  # pragma: no cover - every concrete record names its page


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A token for scripts calling the API. Only its SHA-256 is stored; the key is shown once."""

    PREFIX = "govdx_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the token is for, e.g. 'nightly import'."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return _hash_token(key)

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
