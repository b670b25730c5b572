"""factory_boy factories for the organisation; tests build what they need, nothing more."""

from __future__ import annotations

from datetime import date

import factory

from govdx.core.models import User
from govdx.org.models import Contract, Department, Organisation, Person, RoleAssignment, Supplier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = "Testshire Council"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Department {n}")
    code = factory.Sequence(lambda n: f"department-{n}")
    kind = "team"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    job_title = "Officer"
    department = factory.SubFactory(DepartmentFactory)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Supplier {n} Ltd")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    supplier = factory.SubFactory(SupplierFactory)
    reference = factory.Sequence(lambda n: f"C-{n:04d}")
    title = "Managed service"
    start_date = date(2024, 4, 1)
    end_date = date(2027, 3, 31)
    value_minor = 100_000_00


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "viewer"


# Risk management (appended; keep additions at the end so concurrent appends merge cleanly).

from govdx.risk.models import (  # noqa: E402
    Acceptance,
    Action,
    AppetiteStatement,
    Register,
    Risk,
    RiskCategory,
)


class RiskCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskCategory
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda c: c.key.replace("-", " ").capitalize())


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Register

    name = factory.Sequence(lambda n: f"Register {n}")
    kind = "department"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    reference = factory.Sequence(lambda n: f"R-{n:04d}")
    register = factory.SubFactory(RegisterFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = factory.SubFactory(RiskCategoryFactory, key="technology", name="Technology")
    identified_on = date(2025, 1, 6)
    inherent_likelihood = 3
    inherent_impact = 3


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    risk = factory.SubFactory(RiskFactory)
    description = "Agree and fund a plan to reduce the risk."


class AcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acceptance

    risk = factory.SubFactory(RiskFactory)
    reason = "Full protection would cost more than the benefit."
    submitted_on = date(2025, 1, 6)


class AppetiteStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppetiteStatement

    category = factory.SubFactory(RiskCategoryFactory, key="technology", name="Technology")
    level = "cautious"
    effective_from = date(2025, 1, 1)


# The programme (appended; keep additions at the end so concurrent appends merge cleanly).

from govdx.programme.models import Activity as PlanActivity  # noqa: E402
from govdx.programme.models import Programme, Project, PublicHoliday  # noqa: E402


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("name",)

    name = "Transformation programme"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Project {n}")
    start_date = date(2026, 1, 5)


class PlanActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    name = factory.Sequence(lambda n: f"Activity {n}")
    optimistic = 2.0
    most_likely = 3.0
    pessimistic = 4.0


class PublicHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicHoliday

    day = date(2026, 1, 7)
    name = "Closure day"
