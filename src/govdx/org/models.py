"""The organisation: its departments (a tree), its people, its suppliers and their contracts, and
who holds which role."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from govdx.core.models import Record
from govdx.core.permissions import AccessRule
from govdx.domain.governance.access import ROLE_LABELS, Policy, Role
from govdx.org.choices import CURRENCIES, ContractStatus, DepartmentKind

ADMIN = Role.ADMINISTRATOR


class Organisation(Record):
    """The one public body this deployment serves."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="GBP")
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Loaded by `govdx init --demo`: fictional data."
    )

    access = AccessRule(Policy(writers=frozenset({ADMIN})))

    class Meta:
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:organisation_detail")


class Department(Record):
    """A directorate, division or team; departments form a tree through `parent`."""

    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short unique code, e.g. 'resources' or 'res-it'. Letters, numbers and dashes.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.TEAM
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The department this one sits in. Leave empty for a top-level directorate.",
    )
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments_headed",
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    access = AccessRule(
        Policy(writers=frozenset({ADMIN, Role.DEPARTMENT_LEAD})),
        department_field="pk",
        new_department_field="parent",
    )
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                Lower("name"), "parent", name="org_department_unique_name_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:department_detail", args=[self.pk])

    def clean(self) -> None:
        if self.parent_id is not None and self.pk is not None:
            node: Department | None = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError(
                        {"parent": "A department cannot sit inside itself or one of its own teams."}
                    )
                node = node.parent


class Person(Record):
    """A member of staff; optionally a user who signs in."""

    full_name = models.CharField(max_length=200)
    staff_number = models.CharField(
        max_length=40, unique=True, null=True, blank=True, help_text="As HR knows it, if any."
    )
    email = models.EmailField(unique=True, null=True, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_active = models.BooleanField(default=True, help_text="Untick when the person leaves.")

    access = AccessRule(
        Policy(writers=frozenset({ADMIN, Role.DEPARTMENT_LEAD})), department_field="department"
    )
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("org:person_detail", args=[self.pk])

    def clean(self) -> None:
        if self.staff_number == "":
            self.staff_number = None
        if self.email == "":
            self.email = None
        if self.email:
            self.email = self.email.strip().lower()


SUPPLIER_POLICY = Policy(
    writers=frozenset({ADMIN, Role.ESTATE_MANAGER}),
    supplier_readers=frozenset({Role.SUPPLIER_CONTACT}),
)


class Supplier(Record):
    """An outsourced provider: it may run devices, applications or services for the body."""

    name = models.CharField(max_length=200, unique=True)
    registration_number = models.CharField(
        max_length=40, blank=True, help_text="Company or charity registration number."
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    services_provided = models.TextField(
        blank=True, help_text="What the supplier does for you, in a sentence or two."
    )

    access = AccessRule(SUPPLIER_POLICY, supplier_field="pk")
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:supplier_detail", args=[self.pk])


class Contract(Record):
    """A supplier's contract: reference, dates and value (integer minor units, with currency)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    value_minor = models.BigIntegerField(
        help_text="Whole-life value in minor units (pence for GBP)."
    )
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="GBP")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        help_text="The department that manages the contract.",
    )
    notes = models.TextField(blank=True)

    access = AccessRule(SUPPLIER_POLICY, supplier_field="supplier")
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["supplier__name", "start_date"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("org:contract_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})
        if self.value_minor is not None and self.value_minor < 0:
            raise ValidationError({"value_minor": "The value cannot be negative."})

    def status_on(self, day: date) -> ContractStatus:
        if day < self.start_date:
            return ContractStatus.NOT_STARTED
        if day > self.end_date:
            return ContractStatus.ENDED
        return ContractStatus.ACTIVE


class RoleAssignment(Record):
    """A role held by a user, organisation-wide or limited to a department or a supplier."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=30, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="Limit the role to this department and the teams below it.",
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="For a supplier contact: the supplier they work for.",
    )

    access = AccessRule(Policy(writers=frozenset({ADMIN})))

    class Meta:
        ordering: ClassVar[list[str]] = ["user__username", "role"]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.department_id:
            return f"{label} ({self.department})"
        if self.supplier_id:
            return f"{label} ({self.supplier})"
        return label

    def clean(self) -> None:
        if self.role == Role.SUPPLIER_CONTACT and self.supplier_id is None:
            raise ValidationError({"supplier": "A supplier contact must name their supplier."})
        if self.role != Role.SUPPLIER_CONTACT and self.supplier_id is not None:
            raise ValidationError({"supplier": "Only a supplier contact is tied to a supplier."})
        if self.role == Role.DEPARTMENT_LEAD and self.department_id is None:
            raise ValidationError({"department": "A department lead must name their department."})
