"""Forms for the organisation's pages; choices are limited to what the user may use."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from govdx.core.forms import PlainForm, RecordForm
from govdx.core.permissions import is_administrator, visible, writable_departments
from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier


class ScopedRecordForm(RecordForm):
    """Limits department choices to the departments the user may write in."""

    department_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        reach = writable_departments(user, self._meta.model) if user is not None else None
        for name in self.department_fields:
            if name in self.fields:
                queryset = Department.objects.order_by("name")
                if reach is not None:
                    # The record's present value stays a choice: saving without moving it is
                    # always possible; the service refuses a move out of the user's reach.
                    current = getattr(self.instance, f"{name}_id", None)
                    queryset = queryset.filter(Q(pk__in=reach) | Q(pk=current))
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if (
                isinstance(field, forms.ModelChoiceField)
                and name not in self.department_fields
                and hasattr(field.queryset.model, "access")
            ):
                field.queryset = visible(user, field.queryset)


class OrganisationForm(ScopedRecordForm):
    class Meta:
        model = Organisation
        fields = ("name", "short_name", "currency")


class DepartmentForm(ScopedRecordForm):
    department_fields = ("parent",)

    class Meta:
        model = Department
        fields = ("name", "code", "kind", "parent", "head", "description", "is_active")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PersonForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Person
        fields = (
            "full_name",
            "job_title",
            "department",
            "email",
            "staff_number",
            "user",
            "is_active",
        )
        labels = {"user": "Signs in as"}
        help_texts = {"user": "The user account of this member of staff, if they sign in."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_administrator(self.user):
            del self.fields["user"]  # only administrators see and link user accounts


class SupplierForm(ScopedRecordForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Supplier
        fields = (
            "name",
            "registration_number",
            "services_provided",
            "contact_name",
            "contact_email",
            "website",
        )
        widgets = {"services_provided": forms.Textarea(attrs={"rows": 3})}


class ContractForm(ScopedRecordForm):
    value = forms.CharField(
        label="Whole-life value",
        help_text="In the contract's currency, e.g. 1,250,000.00",
        max_length=30,
    )

    class Meta:
        model = Contract
        fields = (
            "supplier",
            "reference",
            "title",
            "start_date",
            "end_date",
            "currency",
            "department",
            "notes",
        )
        widgets = {
            "start_date": forms.DateInput(),
            "end_date": forms.DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.fields["value"].initial = f"{Decimal(self.instance.value_minor) / 100:,.2f}"
        self.order_fields(["supplier", "reference", "title", "start_date", "end_date", "value"])

    def clean_value(self) -> int:
        raw = self.cleaned_data["value"].replace(",", "").replace(" ", "").lstrip("£€$")
        try:
            amount = Decimal(raw)
        except InvalidOperation as error:
            raise forms.ValidationError("Enter an amount such as 1,250,000.00") from error
        if amount < 0:
            raise forms.ValidationError("The value cannot be negative.")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("Give the value to at most two decimal places.")
        return int(amount * 100)

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data["value_minor"] = data.pop("value")
        return data


class RoleAssignmentForm(ScopedRecordForm):
    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "department", "supplier")


class UserForm(ScopedRecordForm):
    class Meta:
        model = get_user_model()
        fields = ("username", "first_name", "last_name", "email", "is_active")
        labels = {"is_active": "May sign in"}
        help_texts = {"username": "Letters, numbers and @ . + - _ only.", "is_active": ""}


class UserCreateForm(UserForm):
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters, not a common one. They can change it on their "
        "account page.",
        strip=False,
    )

    class Meta(UserForm.Meta):
        fields = ("username", "first_name", "last_name", "email")


class UserRoleForm(ScopedRecordForm):
    """A role given to a user from their page; the user is fixed by the page."""

    class Meta:
        model = RoleAssignment
        fields = ("role", "department", "supplier")
        help_texts = {
            "department": "Leave empty for the whole organisation. A department lead needs one.",
            "supplier": "Only for a supplier contact: the supplier they work for.",
        }


class StaffListImportForm(PlainForm):
    file = forms.FileField(
        label="Staff list",
        help_text="A CSV or Excel (.xlsx) file, one row per person: directorate, team, name, "
        "email or staff number, job title.",
    )
    sheet = forms.CharField(
        required=False, max_length=100, help_text="The worksheet to read; the first if empty."
    )
    dry_run = forms.BooleanField(
        required=False, label="Only check the file", help_text="Report what would change."
    )
