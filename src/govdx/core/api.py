"""The API's shared ground: authentication, the error mapping and the CRUD routes every
resource uses (list with filters and pages, read, create, change with a version, delete)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import Field

from govdx.core.errors import http_status
from govdx.core.history import history_for
from govdx.core.models import ApiToken
from govdx.core.permissions import Action, can, require, visible
from govdx.domain.errors import GovdxError, Invalid, NotFound


class TokenAuth(HttpBearer):
    """`Authorization: Bearer govdx_...`: a token created on the account page."""

    openapi_description = "A token from your account page, sent as 'Authorization: Bearer KEY'."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session; unsafe methods need the CSRF token."""

    param_name = "sessionid"
    openapi_description = "The session of a user signed in to the web pages (browser use)."

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="govdx API",
        version="1",
        description=(
            "The same records and permissions as the govdx pages. Lists are paginated "
            "(`page`, `page_size`) and filtered with the same filters as the pages. "
            "Changes carry the `version` you read: a stale version gets 409 Conflict."
        ),
        auth=[TokenAuth(), SessionAuth(csrf=True)],
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs",
    )

    @api.exception_handler(GovdxError)
    def govdx_error(request: HttpRequest, error: GovdxError) -> HttpResponse:
        body: dict[str, Any] = {"detail": error.message}
        if isinstance(error, Invalid) and error.field_errors:
            body["errors"] = error.field_errors
        problems = getattr(error, "problems", None)
        if problems is not None:  # a file refused: every problem, placed, one per line
            body["problems"] = [str(problem) for problem in problems]
        return api.create_response(request, body, status=http_status(error))

    return api


class Deleted(Schema):
    deleted: bool


class FieldChangeOut(Schema):
    label: str = Field(..., description="The field, as the pages name it.")
    old: str
    new: str
    linked: list[str] = Field(..., description="For links: the records linked by the change.")
    unlinked: list[str] = Field(..., description="For links: the records unlinked.")


class HistoryEntryOut(Schema):
    when: datetime
    who: str = Field(..., description="Who made the change; “the system” for none.")
    kind: str = Field(..., description="Created, Changed or Deleted.")
    reason: str = Field(..., description="Why, where the change said.")
    changes: list[FieldChangeOut]


def history_route(
    router: Router, *, get_selector: Callable[[int], models.Model], noun: str, slug: str
) -> None:
    """`GET /{pk}/history` on `router`: the record's history as its page shows it."""

    @router.get(
        "/{pk}/history",
        response=list[HistoryEntryOut],
        summary=f"Read a {noun}'s history",
        description="Every change, newest first: who, when, why, each field from what to "
        "what, and the records linked and unlinked.",
        operation_id=f"{slug}_history",
    )
    def read_history(request: HttpRequest, pk: int) -> Any:
        return history_for(fetch(request, get_selector, noun, pk))


class Counts(Schema):
    """What an import did: records created, updated, left unchanged and removed."""

    created: int
    updated: int
    unchanged: int
    removed: int


def fetch(request: HttpRequest, get: Callable[[int], models.Model], noun: str, pk: int) -> Any:
    """The record, or 404 when it does not exist or the user may not know it does."""
    try:
        obj = get(pk)
    except ObjectDoesNotExist as error:
        raise NotFound(f"No {noun} {pk}.") from error
    if not can(request.user, Action.VIEW, obj):
        raise NotFound(f"No {noun} {pk}.")
    return obj


def filtered(
    filterset_class: Any, params: dict[str, Any], queryset: Any, request: HttpRequest
) -> Any:
    """The queryset narrowed by the filterset the pages use, from the filters given (empty
    ones left out); Invalid naming each filter that is not valid."""
    given = {key: value for key, value in params.items() if value not in (None, "")}
    filterset = filterset_class(given, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise Invalid(
            "Some filters are not valid.",
            {k: [str(m) for m in v] for k, v in filterset.errors.items()},
        )
    return filterset.qs


def require_version(data: dict[str, Any], noun: str) -> int:
    """Pop the `version` a change must send; Invalid when it is missing."""
    version = data.pop("version", None)
    if version is None:
        raise Invalid(
            f"Send the version of the {noun} you read, so that nobody's change is "
            "overwritten unseen.",
            {"version": [f"Required: read the {noun} and send its version."]},
        )
    return int(version)


def crud_routes(
    router: Router,
    *,
    model: type[models.Model],
    out_schema: type[Schema],
    in_schema: type[Schema],
    patch_schema: type[Schema],
    list_selector: Callable[[], models.QuerySet[Any]],
    get_selector: Callable[[int], models.Model],
    filterset_class: Any,
    filter_schema: type[Schema],
    create: Callable[..., models.Model],
    update: Callable[..., models.Model],
    delete: Callable[..., None],
) -> None:
    """List, read, create, change and delete routes for one resource on `router`."""
    noun = str(model._meta.verbose_name)
    plural = str(model._meta.verbose_name_plural)
    slug = str(model._meta.model_name)

    def fetch_record(request: HttpRequest, pk: int) -> Any:
        return fetch(request, get_selector, noun, pk)

    @router.get(
        "",
        response=list[out_schema],  # type: ignore[valid-type]  # a schema chosen per resource
        summary=f"List {plural}",
        operation_id=f"{slug}_list",
    )
    @paginate(PageNumberPagination)
    def list_records(request: HttpRequest, filters: Query[filter_schema]) -> Any:  # type: ignore[valid-type]  # a schema chosen per resource
        require(request.user, Action.VIEW, model)
        queryset = visible(request.user, list_selector())
        return filtered(filterset_class, filters.dict(), queryset, request)  # type: ignore[attr-defined]  # pydantic model of a schema chosen per resource

    @router.get("/{pk}", response=out_schema, summary=f"Read a {noun}", operation_id=f"{slug}_read")
    def read_record(request: HttpRequest, pk: int) -> Any:
        return fetch_record(request, pk)

    @router.post(
        "", response={201: out_schema}, summary=f"Create a {noun}", operation_id=f"{slug}_create"
    )
    def create_record(request: HttpRequest, payload: in_schema) -> Any:  # type: ignore[valid-type]  # a schema chosen per resource
        return Status(201, create(data=payload.dict(), user=request.user))  # type: ignore[attr-defined]  # pydantic model of a schema chosen per resource

    @router.patch(
        "/{pk}", response=out_schema, summary=f"Change a {noun}", operation_id=f"{slug}_change"
    )
    def update_record(request: HttpRequest, pk: int, payload: patch_schema) -> Any:  # type: ignore[valid-type]  # a schema chosen per resource
        obj = fetch_record(request, pk)
        require(request.user, Action.CHANGE, obj)
        data = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]  # pydantic model of a schema chosen per resource
        version = require_version(data, noun)
        return update(instance=obj, data=data, user=request.user, expected_version=version)

    @router.delete(
        "/{pk}", response=Deleted, summary=f"Delete a {noun}", operation_id=f"{slug}_delete"
    )
    def delete_record(request: HttpRequest, pk: int) -> Any:
        delete(instance=fetch_record(request, pk), user=request.user)
        return {"deleted": True}
