"""The risk configuration pages on the real database: categories, the matrix and its versions,
withdrawing an appetite statement, and linking a risk to a supplier or a contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.risk import selectors, services
from govdx.risk.models import AppetiteStatement, Risk, RiskCategory, RiskLink, RiskMatrix
from tests.factories import ContractFactory, RegisterFactory, RiskCategoryFactory

pytestmark = pytest.mark.django_db

BANDS = "Low | 1-4 | green | Routine\nMedium | 5-9 | yellow | Watch\nHigh | 10-16 | red | Act"


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def users(user_in_scope: Callable[..., Any]) -> dict[str, Any]:
    return {
        role: user_in_scope(role, username=role.value)
        for role in (Role.ADMINISTRATOR, Role.RISK_MANAGER, Role.BOARD_MEMBER, Role.VIEWER,
                     Role.DEPARTMENT_LEAD)
    }  # fmt: skip


@pytest.fixture
def technology() -> RiskCategory:
    return RiskCategoryFactory(key="technology", name="Technology", order=10)


@pytest.fixture
def risk(technology: RiskCategory) -> Risk:
    register = RegisterFactory(name="Corporate risk register", kind="corporate")
    return services.risk_create(
        data={"reference": "R-1", "register": register, "title": "Data centre fails",
              "category": technology, "inherent_likelihood": 4, "inherent_impact": 4},
        user=SYSTEM,
    )  # fmt: skip


def as_user(client_for: Callable[[Any], Client], users: dict[str, Any], role: Role) -> Client:
    return client_for(users[role])


def matrix_post(**overrides: Any) -> dict[str, Any]:
    return {
        "likelihood_labels": "seldom, sometimes, often, always",
        "impact_labels": "small\nnoticeable\nserious\ngrave",
        "bands": BANDS,
        "effective_from": today().isoformat(),
        **overrides,
    }


# Categories


def test_category_list_shows_each_category_with_its_risk_count_and_whether_in_use(
    client_for: Callable[[Any], Client], users: dict[str, Any], risk: Risk
) -> None:
    RiskCategoryFactory(key="legacy", name="Legacy", is_active=False)
    response = as_user(client_for, users, Role.VIEWER).get(reverse("risk:riskcategory_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Technology" in text and "Not in use" in text
    assert f"?category={risk.category_id}" in text
    assert reverse("risk:riskcategory_add") not in text


def test_risk_manager_adds_and_renames_a_category_and_its_history_is_shown(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    client = as_user(client_for, users, Role.RISK_MANAGER)
    response = client.post(
        reverse("risk:riskcategory_add"),
        {"name": "Climate", "key": "climate", "description": "Weather and adaptation",
         "order": "140", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:riskcategory_list")
    category = RiskCategory.objects.get(key="climate")
    change = reverse("risk:riskcategory_change", args=[category.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="key"' not in page.content.decode()
    response = client.post(
        change,
        {"name": "Climate and environment", "description": "", "order": "140",
         "version": category.version},
    )  # fmt: skip
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.key, category.is_active) == (
        "Climate and environment",
        "climate",
        False,
    )
    text = client.get(change).content.decode()
    assert "History" in text and "Climate and environment" in text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DEPARTMENT_LEAD, Role.BOARD_MEMBER])
def test_only_administrators_and_risk_managers_add_or_change_categories(
    client_for: Callable[[Any], Client], users: dict[str, Any], technology: RiskCategory,
    role: Role,
) -> None:  # fmt: skip
    client = as_user(client_for, users, role)
    change = reverse("risk:riskcategory_change", args=[technology.pk])
    assert client.get(reverse("risk:riskcategory_add")).status_code == 403
    new = {"name": "X", "key": "x", "order": "1"}
    assert client.post(reverse("risk:riskcategory_add"), new).status_code == 403
    assert client.get(change).status_code == 403
    assert client.post(change, {"name": "Renamed", "order": "1"}).status_code == 403
    technology.refresh_from_db()
    assert technology.name == "Technology"
    assert not RiskCategory.objects.filter(key="x").exists()


def test_appetite_page_links_to_categories_and_matrix(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    text = as_user(client_for, users, Role.VIEWER).get(reverse("risk:appetite")).content.decode()
    assert reverse("risk:riskcategory_list") in text
    assert reverse("risk:matrix") in text


# The matrix


def test_matrix_page_shows_the_default_matrix_with_bands_and_meanings(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    response = as_user(client_for, users, Role.VIEWER).get(reverse("risk:matrix"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Almost certain" in text and "Very high" in text
    assert "report to the board" in text
    assert "Save a new version" not in text


def test_risk_manager_saves_a_four_by_four_matrix_used_from_today(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    client = as_user(client_for, users, Role.RISK_MANAGER)
    assert "Save a new version" in client.get(reverse("risk:matrix")).content.decode()
    response = client.post(reverse("risk:matrix"), matrix_post())
    assert response.status_code == 302
    matrix = selectors.matrix_on(today())
    assert matrix.size == 4
    assert matrix.likelihood_labels == ("seldom", "sometimes", "often", "always")
    assert matrix.impact_labels == ("small", "noticeable", "serious", "grave")
    assert [b.name for b in matrix.bands] == ["Low", "Medium", "High"]
    heat = client.get(reverse("risk:heat_map")).content.decode()
    assert "Seldom" in heat and "Grave" in heat


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ("Low | 1-4 | green | a\nHigh | 6-16 | red | b", "No band holds scores 5 to 5"),
        ("Low | 1-5 | green | a\nHigh | 5-16 | red | b", "inside the band below it"),
    ],
)
def test_a_band_set_with_a_gap_or_an_overlap_is_refused_and_nothing_saved(
    client_for: Callable[[Any], Client], users: dict[str, Any], bands: str, message: str
) -> None:
    client = as_user(client_for, users, Role.ADMINISTRATOR)
    response = client.post(reverse("risk:matrix"), matrix_post(bands=bands))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not RiskMatrix.objects.exists()


def test_labels_of_different_counts_are_refused(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    client = as_user(client_for, users, Role.ADMINISTRATOR)
    response = client.post(reverse("risk:matrix"), matrix_post(impact_labels="a, b, c"))
    assert response.status_code == 422
    assert "The matrix needs 4 impact labels" in response.content.decode()
    assert not RiskMatrix.objects.exists()


def test_a_matrix_from_a_future_date_leaves_todays_in_force_until_then(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    client = as_user(client_for, users, Role.ADMINISTRATOR)
    later = today() + timedelta(days=30)
    response = client.post(reverse("risk:matrix"), matrix_post(effective_from=later.isoformat()))
    assert response.status_code == 302
    assert selectors.matrix_on(today()).size == 5
    assert selectors.matrix_on(later).size == 4
    text = client.get(reverse("risk:matrix")).content.decode()
    assert "Future" in text and later.isoformat() in text
    assert "The default matrix" in text


def test_saving_again_from_the_same_date_replaces_that_version_keeping_its_history(
    client_for: Callable[[Any], Client], users: dict[str, Any]
) -> None:
    client = as_user(client_for, users, Role.RISK_MANAGER)
    client.post(reverse("risk:matrix"), matrix_post())
    client.post(reverse("risk:matrix"), matrix_post(likelihood_labels="w, x, y, z"))
    row = RiskMatrix.objects.get()
    assert row.definition["likelihood_labels"] == ["w", "x", "y", "z"]
    assert row.history.count() == 2
    text = client.get(reverse("risk:matrix")).content.decode()
    assert "matrix replaced" in text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DEPARTMENT_LEAD, Role.BOARD_MEMBER])
def test_only_administrators_and_risk_managers_save_a_matrix(
    client_for: Callable[[Any], Client], users: dict[str, Any], role: Role
) -> None:
    response = as_user(client_for, users, role).post(reverse("risk:matrix"), matrix_post())
    assert response.status_code == 403
    assert not RiskMatrix.objects.exists()


# Withdrawing a statement


@pytest.fixture
def approved(technology: RiskCategory) -> AppetiteStatement:
    statement = services.statement_create(
        data={"category": technology, "level": "open", "effective_from": date(2026, 1, 1)},
        user=SYSTEM,
    )
    return services.statement_approve(statement=statement, user=SYSTEM, on=date(2026, 1, 1))


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.ADMINISTRATOR])
def test_an_approver_withdraws_an_approved_statement(
    client_for: Callable[[Any], Client], users: dict[str, Any], approved: AppetiteStatement,
    role: Role,
) -> None:  # fmt: skip
    client = as_user(client_for, users, role)
    url = reverse("risk:statement_withdraw", args=[approved.pk])
    assert url in client.get(reverse("risk:appetite")).content.decode()
    assert client.post(url).status_code == 302
    approved.refresh_from_db()
    assert approved.state == "withdrawn"


@pytest.mark.parametrize("role", [Role.RISK_MANAGER, Role.VIEWER, Role.DEPARTMENT_LEAD])
def test_others_see_no_withdraw_button_and_are_refused(
    client_for: Callable[[Any], Client], users: dict[str, Any], approved: AppetiteStatement,
    role: Role,
) -> None:  # fmt: skip
    client = as_user(client_for, users, role)
    url = reverse("risk:statement_withdraw", args=[approved.pk])
    assert url not in client.get(reverse("risk:appetite")).content.decode()
    assert client.post(url).status_code == 403
    approved.refresh_from_db()
    assert approved.state == "approved"


# A risk's links


def test_risk_manager_links_a_risk_to_a_supplier_and_a_contract_then_removes_one(
    client_for: Callable[[Any], Client], users: dict[str, Any], risk: Risk, org: dict[str, Any]
) -> None:
    contract = ContractFactory(supplier=org["supplier_a"], reference="C-77", title="Hosting")
    client = as_user(client_for, users, Role.RISK_MANAGER)
    detail = reverse("risk:risk_detail", args=[risk.pk])
    add = reverse("risk:risklink_add", args=[risk.pk])
    page = client.get(detail).content.decode()
    assert add in page and "Acme Hosting" in page
    supplier = org["supplier_a"]
    assert client.post(add, {"target": f"supplier:{supplier.pk}"}).status_code == 302
    assert (
        client.post(add, {"target": f"contract:{contract.pk}", "note": "runs it"}).status_code
        == 302
    )
    page = client.get(detail).content.decode()
    assert supplier.get_absolute_url() in page and contract.get_absolute_url() in page
    assert "C-77: Hosting" in page and "runs it" in page
    link = RiskLink.objects.get(target_id=supplier.pk, target_type__model="supplier")
    response = client.post(reverse("risk:risklink_remove", args=[link.pk]))
    assert response.status_code == 302
    assert list(RiskLink.objects.values_list("target_id", flat=True)) == [contract.pk]


def test_linking_the_same_record_twice_is_refused_with_a_clear_message(
    client_for: Callable[[Any], Client], users: dict[str, Any], risk: Risk, org: dict[str, Any]
) -> None:
    client = as_user(client_for, users, Role.RISK_MANAGER)
    add = reverse("risk:risklink_add", args=[risk.pk])
    target = {"target": f"supplier:{org['supplier_b'].pk}"}
    client.post(add, target)
    response = client.post(add, target)
    assert response.status_code == 422
    assert "R-1 is already linked to Brightwater Software." in response.content.decode()
    assert RiskLink.objects.count() == 1


def test_a_viewer_cannot_add_or_remove_links(
    client_for: Callable[[Any], Client], users: dict[str, Any], risk: Risk, org: dict[str, Any]
) -> None:
    link = services.risk_link_add(risk=risk, target=org["supplier_a"], user=SYSTEM)
    client = as_user(client_for, users, Role.VIEWER)
    page = client.get(reverse("risk:risk_detail", args=[risk.pk])).content.decode()
    assert "Acme Hosting" in page
    assert reverse("risk:risklink_remove", args=[link.pk]) not in page
    add = reverse("risk:risklink_add", args=[risk.pk])
    assert client.post(add, {"target": f"supplier:{org['supplier_b'].pk}"}).status_code == 403
    assert client.post(reverse("risk:risklink_remove", args=[link.pk])).status_code == 403
    assert RiskLink.objects.count() == 1
