"""Generic record views: a list, a page, an edit form and a delete confirmation, configured per
model by naming its selector, filterset, table, form and services (NetBox's way, thin)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.decorators.http import require_POST

from govdx.core.forms import GovukPasswordChangeForm, RecordForm, SignInForm, TokenForm
from govdx.core.history import history_for
from govdx.core.models import ApiToken
from govdx.core.permissions import Action, can, require, visible
from govdx.core.selectors import home_summary
from govdx.core.services import api_token_create, api_token_revoke
from govdx.core.tables import PER_PAGE_CHOICES, Table
from govdx.domain.errors import Conflict, Invalid, NotAllowed


def refuse_form(form: Any, error: Invalid) -> None:
    """Show a service's refusal on the form: on its fields where it names them, else above
    them, with the widgets styled for the errors."""
    for field, problems in error.field_errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    if not error.field_errors:
        form.add_error(None, error.message)
    form.style_widgets()


class FormPage(View):
    """A small form about one record, on a page of its own. GET shows the form; POST calls
    the service and, saved, goes on with a message (post/redirect/get); a form the service
    refuses comes back with its error summary (422), one someone else's change overtook
    with the conflict (409).

    `save` answers the message to show, going back to the record, or the message and the
    page to go to."""

    template_name: ClassVar[str] = "core/form_page.html"
    title: ClassVar[str]
    submit_label: ClassVar[str]
    intro: ClassVar[str] = ""

    def target(self, request: HttpRequest, pk: int) -> Any:
        raise NotImplementedError

    def make_form(self, request: HttpRequest, target: Any, data: Any = None) -> Any:
        raise NotImplementedError

    def save(self, request: HttpRequest, target: Any, form: Any) -> str | tuple[str, str]:
        raise NotImplementedError

    def back_url(self, target: Any) -> str:
        return str(target.get_absolute_url())

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {}

    def form_context(self, form: Any) -> Mapping[str, Any]:
        """What the template needs of the form beyond `form` itself (radios with hints)."""
        return {}

    def render_form(
        self, request: HttpRequest, target: Any, form: Any, status: int = 200
    ) -> HttpResponse:
        context = {
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "form": form,
            "target": target,
            "cancel_url": self.back_url(target),
            **self.context(request, target),
            **self.form_context(form),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.target(request, pk)
        return self.render_form(request, target, self.make_form(request, target))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = self.target(request, pk)
        form = self.make_form(request, target, request.POST)
        if form.is_valid():
            try:
                answer = self.save(request, target, form)
            except Invalid as error:
                refuse_form(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                return self.render_form(request, target, form, status=409)
            else:
                message, url = (
                    (answer, self.back_url(target)) if isinstance(answer, str) else answer
                )
                messages.success(request, message)
                return HttpResponseRedirect(url)
        return self.render_form(request, target, form, status=422)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


class RecordView(View):
    model: ClassVar[type[models.Model]]
    url_namespace: ClassVar[str] = ""  # the app whose URLs serve this model, if not its own

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = super().dispatch(request, *args, **kwargs)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from error
        if not isinstance(response, HttpResponse):  # pragma: no cover - our handlers render
            raise TypeError("a record view must answer with an HttpResponse")
        return response

    @property
    def noun(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def noun_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def url(self, action: str, *args: Any) -> str:
        namespace = self.url_namespace or self.model._meta.app_label
        return reverse(f"{namespace}:{self.model._meta.model_name}_{action}", args=args)


class RecordListView(RecordView):
    """A register page: filters, a sortable table, pagination; htmx swaps only the results."""

    selector: ClassVar[Callable[[], models.QuerySet[Any]]]
    filterset_class: ClassVar[Any]
    table_class: ClassVar[type[Table]]
    template_name = "core/record_list.html"
    results_template = "core/partials/record_results.html"
    help_text: ClassVar[str] = ""
    can_add_here: ClassVar[bool] = True

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        """(label, url) of further actions beside "Add", for those who may take them."""
        return []

    def queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        """The records the user may see; a model with a rule beyond its access rule (a
        restricted paper) narrows it further here."""
        return visible(request.user, type(self).selector())

    def get(self, request: HttpRequest) -> HttpResponse:
        require(request.user, Action.VIEW, self.model)
        queryset = self.queryset(request)
        filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        filterset.form.style_widgets()
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        table = self.table_class(results, request)
        context = {
            "title": self.noun_plural.capitalize(),
            "noun": self.noun,
            "help_text": self.help_text,
            "filterset": filterset,
            "filtered": bool(filterset.is_bound and filterset.form.has_changed()),
            "table": table,
            "per_page_choices": PER_PAGE_CHOICES,
            "add_url": self.url("add")
            if self.can_add_here and can(request.user, Action.ADD, self.model)
            else None,
            "list_url": self.url("list"),
            "extra_actions": self.extra_actions(request),
        }
        if _is_htmx(request) and request.headers.get("HX-Target") == "results":
            return render(request, self.results_template, context)
        return render(request, self.template_name, context)


class RecordDetailView(RecordView):
    """A record's page: its facts, its links and its change history."""

    selector: ClassVar[Callable[[int], models.Model]]
    template_name: ClassVar[str]
    deletable: ClassVar[bool] = True  # False where records are switched off, never deleted

    def get_object(self, request: HttpRequest, pk: int) -> models.Model:
        try:
            obj = type(self).selector(pk)
        except ObjectDoesNotExist as error:
            raise Http404(f"No {self.noun} with that number.") from error
        if not can(request.user, Action.VIEW, obj):
            raise Http404(f"No {self.noun} with that number.")
        return obj

    def extra_context(self, request: HttpRequest, obj: Any) -> Mapping[str, Any]:
        return {}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.get_object(request, pk))

    def page(
        self, request: HttpRequest, obj: Any, *, status: int = 200, **overrides: Any
    ) -> HttpResponse:
        """The record's page; a form posted from it and refused comes back in `overrides`."""
        context = {
            "object": obj,
            "title": str(obj),
            "noun": self.noun,
            "noun_plural": self.noun_plural,
            "list_url": self.url("list"),
            "change_url": self.url("change", obj.pk)
            if can(request.user, Action.CHANGE, obj)
            else None,
            "delete_url": self.url("delete", obj.pk)
            if self.deletable and can(request.user, Action.DELETE, obj)
            else None,
            "history": history_for(obj),
            **self.extra_context(request, obj),
            **overrides,
        }
        return render(request, self.template_name, context, status=status)


class RecordEditView(RecordView):
    """Add or change a record through its services; a concurrent edit is refused, not lost."""

    form_class: ClassVar[type[RecordForm]]
    selector: ClassVar[Callable[[int], models.Model]]
    create_service: ClassVar[Callable[..., models.Model]]
    update_service: ClassVar[Callable[..., models.Model]]
    template_name = "core/record_edit.html"

    def get_object(self, request: HttpRequest, pk: int | None) -> models.Model | None:
        if pk is None:
            require(request.user, Action.ADD, self.model)
            return None
        try:
            obj = type(self).selector(pk)
        except ObjectDoesNotExist as error:
            raise Http404(f"No {self.noun} with that number.") from error
        if not can(request.user, Action.VIEW, obj):
            raise Http404(f"No {self.noun} with that number.")
        require(request.user, Action.CHANGE, obj)
        return obj

    def form_kwargs(self, request: HttpRequest, obj: models.Model | None) -> dict[str, Any]:
        return {"instance": obj, "user": request.user}

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        return {
            key: value for key, value in request.GET.items() if key in self.form_class.base_fields
        }

    def render_form(
        self, request: HttpRequest, form: RecordForm, obj: models.Model | None, status: int = 200
    ) -> HttpResponse:
        context = {
            "form": form,
            "object": obj,
            "title": f"Change {obj}" if obj else f"Add a {self.noun}",
            "noun": self.noun,
            "cancel_url": obj.get_absolute_url() if obj else self.url("list"),  # type: ignore[attr-defined]
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(request, pk)
        form = self.form_class(initial=self.initial(request), **self.form_kwargs(request, obj))
        return self.render_form(request, form, obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(request, pk)
        form = self.form_class(request.POST, **self.form_kwargs(request, obj))
        if not form.is_valid():
            return self.render_form(request, form, obj, status=422)
        service = type(self).update_service if obj else type(self).create_service
        try:
            if obj is None:
                saved = service(user=request.user, data=form.changes())
            else:
                saved = service(
                    instance=obj,
                    user=request.user,
                    data=form.changes(),
                    expected_version=form.cleaned_data.get("version"),
                )
        except Invalid as error:
            refuse_form(form, error)
            return self.render_form(request, form, obj, status=422)
        except Conflict as error:
            form.add_error(None, error.message)
            return self.render_form(request, form, obj, status=409)
        messages.success(request, f"{self.noun.capitalize()} ‘{saved}’ saved.")
        return HttpResponseRedirect(saved.get_absolute_url())  # type: ignore[attr-defined]


class RecordDeleteView(RecordView):
    selector: ClassVar[Callable[[int], models.Model]]
    delete_service: ClassVar[Callable[..., None]]
    template_name = "core/record_delete.html"

    def get_object(self, request: HttpRequest, pk: int) -> models.Model:
        try:
            obj = type(self).selector(pk)
        except ObjectDoesNotExist as error:
            raise Http404(f"No {self.noun} with that number.") from error
        if not can(request.user, Action.VIEW, obj):
            raise Http404(f"No {self.noun} with that number.")
        require(request.user, Action.DELETE, obj)
        return obj

    def render_page(
        self, request: HttpRequest, obj: models.Model, error: str | None = None
    ) -> HttpResponse:
        context = {
            "object": obj,
            "title": f"Delete {obj}",
            "noun": self.noun,
            "error": error,
            "cancel_url": obj.get_absolute_url(),  # type: ignore[attr-defined]
        }
        return render(request, self.template_name, context, status=422 if error else 200)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, self.get_object(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        name = str(obj)
        try:
            type(self).delete_service(instance=obj, user=request.user)
        except Invalid as error:
            return self.render_page(request, obj, error.message)
        messages.success(request, f"{self.noun.capitalize()} ‘{name}’ deleted.")
        return HttpResponseRedirect(self.url("list"))


# Pages of the shell itself: sign-in, home, the user's account and API tokens.


class PasswordChange(PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("core:account")
    extra_context = {"title": "Change your password"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


class SignInView(LoginView):
    template_name = "core/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have signed out.")
    return HttpResponseRedirect(reverse("core:login"))


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/home.html", {"title": "Home", "summary": home_summary(request.user)}
    )


def _account_context(request: HttpRequest, form: TokenForm) -> dict[str, Any]:
    user: Any = request.user  # signed in: the middleware let only signed-in users through
    return {
        "title": "Your account",
        "grants": user.role_assignments.select_related("department", "supplier"),
        "tokens": ApiToken.objects.filter(user=user),
        "form": form,
    }


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "core/account.html", _account_context(request, TokenForm()))


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    context = _account_context(request, form)
    if not form.is_valid():
        return render(request, "core/account.html", context, status=422)
    try:
        token, key = api_token_create(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
    except Invalid as error:
        form.add_error(None, error.message)
        return render(request, "core/account.html", context, status=422)
    context.update({"new_key": key, "new_token": token, "form": TokenForm()})
    return render(request, "core/account.html", context)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404("No such token.")
    try:
        api_token_revoke(token=token, user=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, f"Token ‘{token.name}’ revoked: scripts using it will be refused.")
    return HttpResponseRedirect(reverse("core:account"))


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
