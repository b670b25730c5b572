"""The organisation in the API: /api/departments, /api/people, /api/suppliers, /api/contracts."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from pydantic import Field

from govdx.core.api import crud_routes
from govdx.org import filtersets, selectors, services
from govdx.org.models import Contract, Department, Person, Supplier


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    head_id: int | None
    description: str
    is_active: bool
    version: int


class DepartmentIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    kind: str = "team"
    parent_id: int | None = None
    head_id: int | None = None
    description: str = ""
    is_active: bool = True


class DepartmentPatch(Schema):
    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=200)
    kind: str | None = None
    parent_id: int | None = None
    head_id: int | None = None
    description: str | None = None
    is_active: bool | None = None
    version: int | None = Field(None, description="The version you read; a stale one gets 409.")


class DepartmentFilters(Schema):
    q: str | None = None
    kind: str | None = None
    parent: int | None = None
    is_active: bool | None = None


class PersonOut(Schema):
    id: int
    full_name: str
    staff_number: str | None
    email: str | None
    job_title: str
    department_id: int
    is_active: bool
    version: int


class PersonIn(Schema):
    full_name: str = Field(max_length=200)
    department_id: int
    staff_number: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    job_title: str = ""
    is_active: bool = True


class PersonPatch(Schema):
    full_name: str | None = Field(None, max_length=200)
    department_id: int | None = None
    staff_number: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    job_title: str | None = None
    is_active: bool | None = None
    version: int | None = Field(None, description="The version you read; a stale one gets 409.")


class PersonFilters(Schema):
    q: str | None = None
    department: int | None = Field(None, description="Includes the teams below it.")
    is_active: bool | None = None


class SupplierOut(Schema):
    id: int
    name: str
    registration_number: str
    contact_name: str
    contact_email: str
    website: str
    services_provided: str
    version: int


class SupplierIn(Schema):
    name: str = Field(max_length=200)
    registration_number: str = ""
    contact_name: str = ""
    contact_email: str = ""
    website: str = ""
    services_provided: str = ""


class SupplierPatch(Schema):
    name: str | None = Field(None, max_length=200)
    registration_number: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    website: str | None = None
    services_provided: str | None = None
    version: int | None = Field(None, description="The version you read; a stale one gets 409.")


class SupplierFilters(Schema):
    q: str | None = None


class ContractOut(Schema):
    id: int
    supplier_id: int
    reference: str
    title: str
    start_date: date
    end_date: date
    value_minor: int = Field(description="Whole-life value in minor units (pence for GBP).")
    currency: str
    department_id: int | None
    notes: str
    version: int


class ContractIn(Schema):
    supplier_id: int
    reference: str = Field(max_length=60)
    title: str = Field(max_length=200)
    start_date: date
    end_date: date
    value_minor: int = Field(ge=0)
    currency: str = "GBP"
    department_id: int | None = None
    notes: str = ""


class ContractPatch(Schema):
    supplier_id: int | None = None
    reference: str | None = Field(None, max_length=60)
    title: str | None = Field(None, max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    value_minor: int | None = Field(None, ge=0)
    currency: str | None = None
    department_id: int | None = None
    notes: str | None = None
    version: int | None = Field(None, description="The version you read; a stale one gets 409.")


class ContractFilters(Schema):
    q: str | None = None
    supplier: int | None = None
    ends_before: date | None = None


departments = Router(tags=["Departments"])
people = Router(tags=["People"])
suppliers = Router(tags=["Suppliers"])
contracts = Router(tags=["Contracts"])

crud_routes(
    departments,
    model=Department,
    out_schema=DepartmentOut,
    in_schema=DepartmentIn,
    patch_schema=DepartmentPatch,
    list_selector=selectors.department_list,
    get_selector=selectors.department_get,
    filterset_class=filtersets.DepartmentFilterSet,
    filter_schema=DepartmentFilters,
    create=services.department_create,
    update=services.department_update,
    delete=services.department_delete,
)
crud_routes(
    people,
    model=Person,
    out_schema=PersonOut,
    in_schema=PersonIn,
    patch_schema=PersonPatch,
    list_selector=selectors.person_list,
    get_selector=selectors.person_get,
    filterset_class=filtersets.PersonFilterSet,
    filter_schema=PersonFilters,
    create=services.person_create,
    update=services.person_update,
    delete=services.person_delete,
)
crud_routes(
    suppliers,
    model=Supplier,
    out_schema=SupplierOut,
    in_schema=SupplierIn,
    patch_schema=SupplierPatch,
    list_selector=selectors.supplier_list,
    get_selector=selectors.supplier_get,
    filterset_class=filtersets.SupplierFilterSet,
    filter_schema=SupplierFilters,
    create=services.supplier_create,
    update=services.supplier_update,
    delete=services.supplier_delete,
)
crud_routes(
    contracts,
    model=Contract,
    out_schema=ContractOut,
    in_schema=ContractIn,
    patch_schema=ContractPatch,
    list_selector=selectors.contract_list,
    get_selector=selectors.contract_get,
    filterset_class=filtersets.ContractFilterSet,
    filter_schema=ContractFilters,
    create=services.contract_create,
    update=services.contract_update,
    delete=services.contract_delete,
)

ROUTERS = {
    "departments": departments,
    "people": people,
    "suppliers": suppliers,
    "contracts": contracts,
}
