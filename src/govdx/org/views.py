"""The organisation's pages: configured generic views, nothing more."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdx.core.history import history_for
from govdx.core.permissions import Action, can, require, visible
from govdx.core.views import RecordDeleteView, RecordDetailView, RecordEditView, RecordListView
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.tabular import ImportProblems
from govdx.org import filtersets, forms, selectors, services, tables
from govdx.org.forms import UserRoleForm
from govdx.org.importers import COLUMNS, import_departments_and_people
from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier


def organisation_detail(request: HttpRequest) -> HttpResponse:
    organisation = selectors.organisation_get()
    if organisation is None:
        return render(request, "org/organisation_missing.html", {"title": "Organisation"})
    require(request.user, Action.VIEW, organisation)
    context = {
        "title": str(organisation),
        "object": organisation,
        "noun": "organisation",
        "change_url": reverse("org:organisation_change")
        if can(request.user, Action.CHANGE, organisation)
        else None,
        "history": history_for(organisation),
        "counts": {
            "departments": visible(request.user, Department.objects.all()).count(),
            "people": visible(request.user, Person.objects.all()).count(),
            "suppliers": visible(request.user, Supplier.objects.all()).count(),
        },
    }
    return render(request, "org/organisation_detail.html", context)


class OrganisationEditView(RecordEditView):
    model = Organisation
    form_class = forms.OrganisationForm
    update_service = services.organisation_update

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        organisation = selectors.organisation_get()
        if organisation is None:
            return redirect("org:organisation_detail")
        return super().get(request, organisation.pk)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        organisation = selectors.organisation_get()
        if organisation is None:
            return redirect("org:organisation_detail")
        return super().post(request, organisation.pk)

    @staticmethod
    def selector(pk: int) -> Organisation:
        return Organisation.objects.get(pk=pk)


class DepartmentList(RecordListView):
    model = Department
    selector = selectors.department_list
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable
    help_text = "Directorates, divisions and teams. Everything that is owned belongs to one."


class DepartmentDetail(RecordDetailView):
    model = Department
    selector = selectors.department_get
    template_name = "org/department_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        people = obj.people.select_related("department").order_by("full_name")
        return {
            "children": selectors.department_children(obj),
            "people": people[:100],
            "people_count": people.count(),
            "add_team_url": reverse("org:department_add") + f"?parent={obj.pk}"
            if can(request.user, Action.CHANGE, obj)
            else None,
        }


class DepartmentEdit(RecordEditView):
    model = Department
    form_class = forms.DepartmentForm
    selector = selectors.department_get
    create_service = services.department_create
    update_service = services.department_update


class DepartmentDelete(RecordDeleteView):
    model = Department
    selector = selectors.department_get
    delete_service = services.department_delete


class PersonList(RecordListView):
    model = Person
    selector = selectors.person_list
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable
    help_text = "Members of staff. Filtering by a department includes the teams below it."

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.ADD, Person):
            return [("Import a staff list", reverse("org:staff_list_import"))]
        return []


class PersonDetail(RecordDetailView):
    model = Person
    selector = selectors.person_get
    template_name = "org/person_detail.html"


class PersonEdit(RecordEditView):
    model = Person
    form_class = forms.PersonForm
    selector = selectors.person_get
    create_service = services.person_create
    update_service = services.person_update


class PersonDelete(RecordDeleteView):
    model = Person
    selector = selectors.person_get
    delete_service = services.person_delete


class SupplierList(RecordListView):
    model = Supplier
    selector = selectors.supplier_list
    filterset_class = filtersets.SupplierFilterSet
    table_class = tables.SupplierTable
    help_text = "Outsourced providers and the contracts you hold with them."


class SupplierDetail(RecordDetailView):
    model = Supplier
    selector = selectors.supplier_get
    template_name = "org/supplier_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "contracts": visible(request.user, selectors.contract_list().filter(supplier=obj)),
            "today": timezone.localdate(),
            "add_contract_url": reverse("org:contract_add") + f"?supplier={obj.pk}"
            if can(request.user, Action.ADD, Contract)
            else None,
        }


class SupplierEdit(RecordEditView):
    model = Supplier
    form_class = forms.SupplierForm
    selector = selectors.supplier_get
    create_service = services.supplier_create
    update_service = services.supplier_update


class SupplierDelete(RecordDeleteView):
    model = Supplier
    selector = selectors.supplier_get
    delete_service = services.supplier_delete


class ContractList(RecordListView):
    model = Contract
    selector = selectors.contract_list
    filterset_class = filtersets.ContractFilterSet
    table_class = tables.ContractTable
    help_text = "Contracts with suppliers: reference, dates and whole-life value."


class ContractDetail(RecordDetailView):
    model = Contract
    selector = selectors.contract_get
    template_name = "org/contract_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {"status": obj.status_on(timezone.localdate())}


class ContractEdit(RecordEditView):
    model = Contract
    form_class = forms.ContractForm
    selector = selectors.contract_get
    create_service = services.contract_create
    update_service = services.contract_update


class ContractDelete(RecordDeleteView):
    model = Contract
    selector = selectors.contract_get
    delete_service = services.contract_delete


class UserList(RecordListView):
    model = get_user_model()
    url_namespace = "org"
    selector = selectors.user_list
    filterset_class = filtersets.UserFilterSet
    table_class = tables.UserTable
    help_text = "Who signs in to govdx, and the roles that decide what each may see and change."


class UserDetail(RecordDetailView):
    model = get_user_model()
    url_namespace = "org"
    selector = selectors.user_get
    template_name = "org/user_detail.html"
    deletable = False  # users who leave are stopped from signing in; their history stays

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "role_form": UserRoleForm(user=request.user)
            if can(request.user, Action.ADD, RoleAssignment)
            else None,
            "can_remove_roles": can(request.user, Action.DELETE, RoleAssignment),
        }


class UserEdit(RecordEditView):
    model = get_user_model()
    url_namespace = "org"
    form_class = forms.UserForm
    selector = selectors.user_get
    update_service = services.user_update

    def form_kwargs(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        if obj is None:
            self.form_class = forms.UserCreateForm
        return super().form_kwargs(request, obj)

    @staticmethod
    def create_service(*, data: dict[str, Any], user: Any) -> Any:
        password = data.pop("password")
        return services.user_create(data=data, password=password, user=user)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            self.form_class = forms.UserCreateForm
        return super().post(request, pk)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            self.form_class = forms.UserCreateForm
        return super().get(request, pk)


@require_POST
def user_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user_or_404(request, pk)
    form = UserRoleForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.role_assignment_create(
                data={**form.changes(), "user": target}, user=request.user
            )
        except Invalid as error:
            for field, problems in error.field_errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            if not error.field_errors:
                form.add_error(None, error.message)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from error
    if form.errors:
        form.style_widgets()
        return UserDetail().page(request, target, status=422, role_form=form, form=form)
    messages.success(request, f"{target} now holds the role {form.instance.get_role_display()}.")
    return redirect("org:user_detail", pk=target.pk)


@require_POST
def user_role_remove(request: HttpRequest, pk: int, assignment: int) -> HttpResponse:
    target = _user_or_404(request, pk)
    found = RoleAssignment.objects.filter(pk=assignment, user=target).first()
    if found is None:
        raise Http404("That user does not hold that role.")
    try:
        services.role_assignment_delete(instance=found, user=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except Invalid as error:
        messages.error(request, error.message)
        return redirect("org:user_detail", pk=target.pk)
    messages.success(request, f"{target} no longer holds the role {found}.")
    return redirect("org:user_detail", pk=target.pk)


def _user_or_404(request: HttpRequest, pk: int) -> Any:
    target = get_user_model().objects.filter(pk=pk).first()
    if target is None or not can(request.user, Action.VIEW, target):
        raise Http404("No such user.")
    return target


def staff_list_import(request: HttpRequest) -> HttpResponse:
    """Upload a staff list: every problem named by row and column, or what was imported."""
    try:
        require(request.user, Action.ADD, Person)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    form = forms.StaffListImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"title": "Import a staff list", "form": form, "columns": COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_departments_and_people(
                upload,
                user=request.user,
                sheet=form.cleaned_data["sheet"] or None,
                dry_run=form.cleaned_data["dry_run"],
                filename=upload.name,
            )
        except ImportProblems as error:
            context["problems"] = error.problems
            context["filename"] = upload.name
            return render(request, "org/staff_list_import.html", context, status=422)
        except Invalid as error:
            form.add_error("file", error.message)
            form.style_widgets()
            return render(request, "org/staff_list_import.html", context, status=422)
        context["result"] = result
        context["summary"] = result.summary(dry_run=form.cleaned_data["dry_run"])
        context["form"] = forms.StaffListImportForm()
    return render(request, "org/staff_list_import.html", context)
