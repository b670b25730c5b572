"""The organisation's pages: configured generic views, nothing more."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from govdx.core.permissions import Action, can, require, visible
from govdx.core.views import RecordDeleteView, RecordDetailView, RecordEditView, RecordListView
from govdx.org import filtersets, forms, selectors, services, tables
from govdx.org.models import Contract, Department, Organisation, Person, Supplier


def organisation_detail(request: HttpRequest) -> HttpResponse:
    organisation = selectors.organisation_get()
    if organisation is None:
        return render(request, "org/organisation_missing.html", {"title": "Organisation"})
    require(request.user, Action.VIEW, organisation)
    from govdx.core.history import history_for

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
