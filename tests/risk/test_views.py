"""The risk pages as people use them, on the real database: the register with its computed
filters, the heat map, a risk's page with its judgement traced and its forms, the appetite and
its approval, acceptances, the register as at a past date, the exposure and the dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.domain.risk import latest_acceptance_expiry
from govdx.risk import selectors, services
from govdx.risk.models import (
    Acceptance,
    Action,
    AppetiteStatement,
    Control,
    Escalation,
    LossTolerance,
    Register,
    Review,
    Risk,
    RiskCategory,
)
from tests.factories import (
    PersonFactory,
    RegisterFactory,
    RiskCategoryFactory,
)

pytestmark = pytest.mark.django_db

STATEMENT_FROM = date(2026, 4, 1)


def today() -> date:
    return timezone.localdate()


# What the tests build: Technology under an approved cautious statement (tolerance 10), a
# corporate register with a departmental one below it, and risks made through the services.


@pytest.fixture
def technology() -> RiskCategory:
    category = RiskCategoryFactory(key="technology", name="Technology")
    statement = services.statement_create(
        data={"category": category, "level": "cautious", "effective_from": STATEMENT_FROM},
        user=SYSTEM,
    )
    services.statement_approve(statement=statement, user=SYSTEM, on=STATEMENT_FROM)
    return category


@pytest.fixture
def people() -> RiskCategory:
    return RiskCategoryFactory(key="people", name="People")


@pytest.fixture
def corporate() -> Register:
    return RegisterFactory(name="Corporate risk register", kind="corporate")


@pytest.fixture
def departmental(corporate: Register) -> Register:
    return RegisterFactory(name="Finance risk register", kind="department", parent=corporate)


@pytest.fixture
def risk_manager(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.RISK_MANAGER, username="marek")


@pytest.fixture
def board(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.BOARD_MEMBER, username="ruth")


@pytest.fixture
def viewer(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.VIEWER, username="vic")


def make_risk(
    reference: str,
    *,
    register: Register,
    category: RiskCategory,
    inherent: tuple[int, int] = (5, 4),
    current: tuple[int, int] | None = None,
    reviewed_on: date | None = None,
    **fields: Any,
) -> Risk:
    data = {
        "reference": reference,
        "register": register,
        "title": f"Risk {reference}",
        "category": category,
        "inherent_likelihood": inherent[0],
        "inherent_impact": inherent[1],
        "last_reviewed_on": reviewed_on,
        **fields,
    }
    if current is not None:
        data["current_likelihood"], data["current_impact"] = current
    return services.risk_create(data=data, user=SYSTEM)


@pytest.fixture
def two_risks(technology: RiskCategory, corporate: Register) -> dict[str, Risk]:
    """HIGH: 16 (4 x 4), above tolerance 10, never reviewed, no action: unmanaged, overdue.
    LOW: 4 (2 x 2), reviewed today: within appetite, not overdue."""
    return {
        "high": make_risk("HIGH-1", register=corporate, category=technology, current=(4, 4)),
        "low": make_risk(
            "LOW-1",
            register=corporate,
            category=technology,
            inherent=(3, 3),
            current=(2, 2),
            reviewed_on=today(),
        ),
    }


def words(html: str) -> str:
    """HTML as words: each tag a space, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def text(response: Any) -> str:
    """The page as words."""
    return words(response.content.decode())


def row_of(response: Any, reference: str, *, seen: bool = False) -> str:
    """The words of the table row that holds `reference`; `seen`: only those shown on screen,
    without the visually hidden ones."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", response.content.decode(), re.S):
        if f">{reference}<" in row:
            if seen:
                row = re.sub(r'<span class="govuk-visually-hidden">[^<]*</span>', "", row)
            return words(row)
    raise AssertionError(f"no row for {reference}")


def listed(response: Any) -> list[str]:
    """The references in the register's results table, in order."""
    results = response.content.decode().split('id="results"', 1)[1]
    return re.findall(r'<a class="govuk-link" href="/risk/risks/\d+/">([^<]+)</a>', results)


# The register: scores, bands, tolerance, flags; sorting and the computed filters.


def test_the_register_shows_each_risks_score_band_tolerance_and_flags(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    response = client_for(viewer).get("/risk/risks/")

    assert response.status_code == 200
    high = row_of(response, "HIGH-1")
    assert "16 Very high" in high
    assert " 10 " in f" {high} "  # the tolerance
    assert "Above appetite" in high
    assert "Unmanaged" in high
    assert "Review overdue" in high
    low = row_of(response, "LOW-1")
    assert "4 Low" in low
    assert "Within appetite" in low


def test_the_register_sorts_by_current_score(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    client = client_for(viewer)

    assert listed(client.get("/risk/risks/?sort=score")) == ["LOW-1", "HIGH-1"]
    assert listed(client.get("/risk/risks/?sort=-score")) == ["HIGH-1", "LOW-1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("band=Very+high", ["HIGH-1"]),
        ("band=Low", ["LOW-1"]),
        ("band=Medium", []),
        ("above=true", ["HIGH-1"]),
        ("above=false", ["LOW-1"]),
        ("overdue=true", ["HIGH-1"]),
        ("overdue=false", ["LOW-1"]),
        ("unmanaged=true", ["HIGH-1"]),
        ("above=true&overdue=false", []),
        ("above=unknown", ["HIGH-1", "LOW-1"]),
    ],
)
def test_the_register_filters_by_band_appetite_unmanaged_and_overdue(
    client_for: Callable[[Any], Client],
    viewer: Any,
    two_risks: dict[str, Risk],
    query: str,
    expected: list[str],
) -> None:
    response = client_for(viewer).get(f"/risk/risks/?{query}")

    assert response.status_code == 200
    assert listed(response) == expected


def test_the_computed_filters_find_open_risks_only(
    client_for: Callable[[Any], Client],
    viewer: Any,
    technology: RiskCategory,
    corporate: Register,
) -> None:
    make_risk("GONE-1", register=corporate, category=technology, current=(4, 4), status="closed")

    client = client_for(viewer)
    assert listed(client.get("/risk/risks/")) == ["GONE-1"]
    assert "Closed" in row_of(client.get("/risk/risks/"), "GONE-1")
    assert listed(client.get("/risk/risks/?above=true")) == []


def test_an_owned_action_with_a_due_date_takes_a_risk_off_the_unmanaged_filter(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    services.action_create(
        data={"risk": two_risks["high"], "description": "Patch", "owner": PersonFactory(),
              "due_on": today() + timedelta(days=30)},
        user=SYSTEM,
    )  # fmt: skip

    client = client_for(viewer)
    assert listed(client.get("/risk/risks/?unmanaged=true")) == []
    assert listed(client.get("/risk/risks/?above=true")) == ["HIGH-1"]


def test_the_register_reads_a_fixed_number_of_queries_however_many_risks(
    client_for: Callable[[Any], Client],
    viewer: Any,
    technology: RiskCategory,
    corporate: Register,
) -> None:
    client = client_for(viewer)
    made = 0

    def queries_for(count: int, path: str) -> int:
        nonlocal made
        while made < count:
            made += 1
            risk = make_risk(
                f"Q-{made}", register=corporate, category=technology, current=(4, 4),
                owner=PersonFactory(),
            )  # fmt: skip
            services.action_create(
                data={"risk": risk, "description": "Act", "owner": risk.owner, "due_on": today()},
                user=SYSTEM,
            )
            services.acceptance_submit(risk=risk, reason="Costly", user=SYSTEM, on=today())
        client.get(path)  # the session and the grants, read once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    for path in ("/risk/risks/", "/risk/risks/?above=true&band=Very+high&overdue=true"):
        made_before = made
        few = queries_for(made_before + 2, path)
        many = queries_for(made_before + 25, path)
        assert few == many, f"{path}: {few} queries for a few risks, {many} for more"


def test_the_register_filter_by_owner_lists_only_owners_of_risks(
    client_for: Callable[[Any], Client],
    viewer: Any,
    technology: RiskCategory,
    corporate: Register,
) -> None:
    owner = PersonFactory(full_name="Olu Owner")
    PersonFactory(full_name="Nadia Noone")
    make_risk("OWN-1", register=corporate, category=technology, owner=owner)
    make_risk("OWN-2", register=corporate, category=technology)

    response = client_for(viewer).get(f"/risk/risks/?owner={owner.pk}")

    assert listed(response) == ["OWN-1"]
    assert "Olu Owner" in response.content.decode()
    assert "Nadia Noone" not in response.content.decode()


# The heat map.


def heat_cells(response: Any, stage: str) -> dict[tuple[int, int], tuple[int, str | None]]:
    """(likelihood, impact) -> (count, link) of the heat map table for `stage`."""
    html = response.content.decode()
    start = html.index(f'id="{stage}"')
    table = html[start : html.index("</table>", start)]
    cells = {}
    for href, count in re.findall(r'<a class="govdx-heat__count" href="([^"]+)">(\d+)<', table):
        params = parse_qs(urlsplit(unescape(href)).query)
        cells[(int(params["likelihood"][0]), int(params["impact"][0]))] = (int(count), href)
    return cells


def counts(cells: dict[tuple[int, int], tuple[int, str | None]]) -> dict[tuple[int, int], int]:
    return {cell: count for cell, (count, _) in cells.items()}


def test_the_heat_map_counts_current_and_inherent_positions_and_links_each_cell(
    client_for: Callable[[Any], Client],
    viewer: Any,
    two_risks: dict[str, Risk],
    technology: RiskCategory,
    corporate: Register,
) -> None:
    make_risk("INH-1", register=corporate, category=technology, inherent=(4, 4))  # no current
    make_risk("SHUT-1", register=corporate, category=technology, current=(4, 4), status="closed")
    client = client_for(viewer)

    response = client.get("/risk/heat-map/")

    assert response.status_code == 200
    current = heat_cells(response, "current")
    inherent = heat_cells(response, "inherent")
    assert counts(current) == {(4, 4): 2, (2, 2): 1}  # the closed risk is not counted
    assert counts(inherent) == {(5, 4): 1, (4, 4): 1, (3, 3): 1}
    href = unescape(current[(4, 4)][1])
    assert parse_qs(urlsplit(href).query) == {
        "status": ["open"], "stage": ["current"], "likelihood": ["4"], "impact": ["4"],
    }  # fmt: skip
    assert listed(client.get(href)) == ["HIGH-1", "INH-1"]
    assert listed(client.get(unescape(inherent[(4, 4)][1]))) == ["INH-1"]


def test_the_heat_map_is_an_accessible_table_naming_each_band(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    response = client_for(viewer).get("/risk/heat-map/")
    html = response.content.decode()

    assert html.count("<caption") == 2
    assert '<th scope="row" class="govuk-table__header">5 Almost certain</th>' in html
    assert (
        '<th scope="col" class="govuk-table__header govdx-heat-map__heading">5 Critical</th>'
        in html
    )
    assert 'class="govuk-table__cell govdx-heat govdx-heat--red"' in html
    page = text(response)
    assert "Very high , score 25" in page or "Very high, score 25" in page
    assert "1 risk at likelihood 4, impact 4" in page


def test_the_heat_map_filters_by_register_and_keeps_the_filter_in_its_links(
    client_for: Callable[[Any], Client],
    viewer: Any,
    two_risks: dict[str, Risk],
    technology: RiskCategory,
    departmental: Register,
) -> None:
    make_risk("DEP-1", register=departmental, category=technology, current=(4, 4))
    client = client_for(viewer)

    response = client.get(f"/risk/heat-map/?register={departmental.pk}")

    cells = heat_cells(response, "current")
    assert counts(cells) == {(4, 4): 1}
    href = unescape(cells[(4, 4)][1])
    assert parse_qs(urlsplit(href).query)["register"] == [str(departmental.pk)]
    assert listed(client.get(href)) == ["DEP-1"]


# A risk's page: its judgement traced to its inputs, its responses and its history.


def test_a_risks_page_traces_its_score_tolerance_and_review_date(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    reviewed = today() - timedelta(days=10)
    services.review_record(
        risk=two_risks["high"], reviewed_on=reviewed, likelihood=4, impact=4, comment="Checked",
        reviewer=None, user=SYSTEM,
    )  # fmt: skip

    response = client_for(viewer).get(two_risks["high"].get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    assert "16 = likelihood 4 × impact 4" in page
    assert (
        "10, from the approved ‘cautious’ statement for Technology from "
        f"{STATEMENT_FROM.isoformat()}" in page
    )
    due = reviewed + timedelta(days=30)
    assert f"{due.isoformat()}: every 30 days at a score of 16" in page
    assert "Above appetite 16 is more than 10" in page
    assert "Unmanaged" in page


def test_a_risks_page_draws_its_score_history_with_a_table_of_the_same_figures(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    risk = two_risks["high"]
    for days_ago, (likelihood, impact) in ((60, (5, 4)), (20, (3, 3))):
        services.review_record(
            risk=risk, reviewed_on=today() - timedelta(days=days_ago), likelihood=likelihood,
            impact=impact, comment=f"{days_ago} days ago", reviewer=None, user=SYSTEM,
        )  # fmt: skip

    response = client_for(viewer).get(risk.get_absolute_url())
    html = response.content.decode()

    assert '<svg class="govdx-chart"' in html
    assert f"Score history of {risk.reference}" in html
    assert html.count('<circle class="govdx-chart__marker') == 2
    assert "Tolerance 10" in html
    rows = [row_of(response, (today() - timedelta(days=d)).isoformat()) for d in (20, 60)]
    assert rows[0].endswith("3 3 9 20 days ago")
    assert rows[1].endswith("5 4 20 60 days ago")


def test_recording_a_review_updates_the_current_score_and_the_history(
    client_for: Callable[[Any], Client], risk_manager: Any, two_risks: dict[str, Risk]
) -> None:
    risk = two_risks["high"]
    client = client_for(risk_manager)
    form = client.get(f"/risk/risks/{risk.pk}/review/")
    assert form.status_code == 200
    assert 'value="4" selected' in form.content.decode()  # the current likelihood

    response = client.post(
        f"/risk/risks/{risk.pk}/review/",
        {"reviewed_on": today().isoformat(), "likelihood": "2", "impact": "3",
         "comment": "Backups tested"},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == risk.get_absolute_url()
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact) == (2, 3)
    assert risk.last_reviewed_on == today()
    assert Review.objects.get(risk=risk).comment == "Backups tested"
    page = client.get(risk.get_absolute_url())
    words = text(page)
    assert "now 6" in words
    assert "6 = likelihood 2 × impact 3" in words
    assert f"review on {today().isoformat()}" in words  # the history's reason
    assert "Current likelihood: was 4 → now 2" in words
    assert listed(client.get("/risk/risks/?above=true")) == []


def test_a_refused_review_comes_back_with_an_error_summary(
    client_for: Callable[[Any], Client], risk_manager: Any, two_risks: dict[str, Risk]
) -> None:
    risk = two_risks["low"]  # reviewed today: a review cannot be dated before it
    client = client_for(risk_manager)

    empty = client.post(f"/risk/risks/{risk.pk}/review/", {})
    earlier = client.post(
        f"/risk/risks/{risk.pk}/review/",
        {"reviewed_on": (today() - timedelta(days=1)).isoformat(), "likelihood": "2",
         "impact": "2"},
    )  # fmt: skip

    assert empty.status_code == 422
    assert "There is a problem" in text(empty)
    assert "<title>Error: Record a review" in empty.content.decode()
    assert earlier.status_code == 422
    assert "Give a date on or after the last review." in text(earlier)
    assert Review.objects.count() == 0


def test_a_viewer_may_not_record_a_review_or_add_to_a_risk(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    risk = two_risks["high"]
    client = client_for(viewer)

    page = client.get(risk.get_absolute_url())
    assert "Record a review" not in text(page)
    for step in ("review", "controls/add", "actions/add", "acceptances/add", "escalate"):
        assert client.get(f"/risk/risks/{risk.pk}/{step}/").status_code == 403, step
    response = client.post(
        f"/risk/risks/{risk.pk}/review/",
        {"reviewed_on": today().isoformat(), "likelihood": "1", "impact": "1"},
    )
    assert response.status_code == 403
    assert Review.objects.count() == 0


def test_a_control_and_an_action_are_added_and_the_action_marked_done(
    client_for: Callable[[Any], Client], risk_manager: Any, two_risks: dict[str, Risk]
) -> None:
    risk = two_risks["high"]
    owner = PersonFactory(full_name="Owen Owner")
    client = client_for(risk_manager)

    control = client.post(
        f"/risk/risks/{risk.pk}/controls/add/",
        {"description": "Nightly offline backups", "effectiveness": "effective"},
    )
    missing = client.post(f"/risk/risks/{risk.pk}/actions/add/", {"description": "Patch"})
    action = client.post(
        f"/risk/risks/{risk.pk}/actions/add/",
        {"description": "Patch the servers", "owner": owner.pk,
         "due_on": (today() + timedelta(days=14)).isoformat()},
    )  # fmt: skip

    assert (control.status_code, action.status_code) == (302, 302)
    assert missing.status_code == 422  # an action needs an owner and a due date here
    assert Control.objects.get(risk=risk).effectiveness == "effective"
    made = Action.objects.get(risk=risk)
    assert made.owner == owner
    page = text(client.get(risk.get_absolute_url()))
    assert "Nightly offline backups Effective" in page
    assert "An open action with an owner" in page

    done = client.post(f"/risk/actions/{made.pk}/done/")

    assert done.status_code == 302
    made.refresh_from_db()
    assert made.status == "done"
    assert "Patch the servers Owen Owner" in text(client.get(risk.get_absolute_url()))


def test_escalating_moves_the_risk_and_keeps_where_it_came_from(
    client_for: Callable[[Any], Client],
    risk_manager: Any,
    technology: RiskCategory,
    corporate: Register,
    departmental: Register,
) -> None:
    risk = make_risk("ESC-1", register=departmental, category=technology)
    client = client_for(risk_manager)
    form = client.get(f"/risk/risks/{risk.pk}/escalate/")
    assert f'<option value="{corporate.pk}" selected>' in form.content.decode()

    response = client.post(
        f"/risk/risks/{risk.pk}/escalate/",
        {"to_register": corporate.pk, "escalated_on": today().isoformat(),
         "reason": "Affects every directorate"},
    )  # fmt: skip

    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.register == corporate
    escalation = Escalation.objects.get(risk=risk)
    assert escalation.from_register == departmental
    assert escalation.reason == "Affects every directorate"
    assert "Finance risk register Corporate risk register Affects every directorate" in text(
        client.get(risk.get_absolute_url())
    )


# Acceptances: asked for by a risk manager, decided and revoked by an approver only.


@pytest.fixture
def asked(
    client_for: Callable[[Any], Client], risk_manager: Any, two_risks: dict[str, Risk]
) -> Acceptance:
    response = client_for(risk_manager).post(
        f"/risk/risks/{two_risks['high'].pk}/acceptances/add/",
        {"reason": "Replacing the system costs more than the risk"},
    )
    assert response.status_code == 302
    return Acceptance.objects.get()


def test_a_risk_manager_may_not_decide_or_revoke_an_acceptance(
    client_for: Callable[[Any], Client], risk_manager: Any, asked: Acceptance
) -> None:
    client = client_for(risk_manager)

    assert client.get(f"/risk/acceptances/{asked.pk}/").status_code == 200
    decide = f"/risk/acceptances/{asked.pk}/decide/"
    assert decide not in client.get(f"/risk/acceptances/{asked.pk}/").content.decode()
    assert client.get(f"/risk/acceptances/{asked.pk}/decide/").status_code == 403
    refused = client.post(f"/risk/acceptances/{asked.pk}/decide/", {"decision": "accept"})
    assert refused.status_code == 403
    assert client.post(f"/risk/acceptances/{asked.pk}/revoke/", {"note": "x"}).status_code == 403
    asked.refresh_from_db()
    assert asked.state == "submitted"


def test_accepting_sets_an_expiry_within_twelve_months_and_freezes_the_risk(
    client_for: Callable[[Any], Client], board: Any, asked: Acceptance
) -> None:
    client = client_for(board)
    latest = latest_acceptance_expiry(today())
    form = client.get(f"/risk/acceptances/{asked.pk}/decide/")
    assert form.status_code == 200
    assert f'value="{latest.isoformat()}"' in form.content.decode()  # the default: 12 months

    response = client.post(
        f"/risk/acceptances/{asked.pk}/decide/",
        {"decision": "accept", "expires_on": latest.isoformat(), "note": "For one year"},
    )

    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.state == "accepted"
    assert asked.decided_on == today()
    assert asked.expires_on is not None
    assert today() <= asked.expires_on <= latest
    assert asked.snapshot["reference"] == "HIGH-1"
    assert asked.snapshot["current_likelihood"] == 4
    page = text(client.get(f"/risk/acceptances/{asked.pk}/"))
    assert "The risk as it stood when decided" in page
    assert "Reference HIGH-1" in page
    assert "Current likelihood 4" in page
    risk_page = text(client.get(asked.risk.get_absolute_url()))
    assert f"An acceptance in force until {asked.expires_on.isoformat()}" in risk_page


def test_an_acceptance_longer_than_twelve_months_is_refused_on_the_form(
    client_for: Callable[[Any], Client], board: Any, asked: Acceptance
) -> None:
    too_late = latest_acceptance_expiry(today()) + timedelta(days=1)

    response = client_for(board).post(
        f"/risk/acceptances/{asked.pk}/decide/",
        {"decision": "accept", "expires_on": too_late.isoformat()},
    )

    assert response.status_code == 422
    assert "An acceptance lasts at most 12 months" in text(response)
    assert 'href="#id_expires_on"' in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == "submitted"


def test_rejecting_and_revoking_are_recorded(
    client_for: Callable[[Any], Client],
    board: Any,
    risk_manager: Any,
    asked: Acceptance,
) -> None:
    client = client_for(board)
    client.post(f"/risk/acceptances/{asked.pk}/decide/", {"decision": "accept"})
    asked.refresh_from_db()
    assert asked.expires_on == latest_acceptance_expiry(today())  # empty: the longest allowed

    revoked = client.post(f"/risk/acceptances/{asked.pk}/revoke/", {"note": "Risk grew"})

    assert revoked.status_code == 302
    asked.refresh_from_db()
    assert (asked.state, asked.decision_note) == ("revoked", "Risk grew")
    again = client_for(risk_manager).post(
        f"/risk/risks/{asked.risk_id}/acceptances/add/", {"reason": "Try again"}
    )
    assert again.status_code == 302
    second = Acceptance.objects.exclude(pk=asked.pk).get()
    client.post(f"/risk/acceptances/{second.pk}/decide/", {"decision": "reject", "note": "No"})
    second.refresh_from_db()
    assert (second.state, second.snapshot) == ("rejected", None)


def test_the_decision_needs_a_choice(
    client_for: Callable[[Any], Client], board: Any, asked: Acceptance
) -> None:
    response = client_for(board).post(f"/risk/acceptances/{asked.pk}/decide/", {})

    assert response.status_code == 422
    assert 'href="#id_decision_0"' in response.content.decode()


# The appetite: drafted by a risk manager, approved by the board.


def test_the_appetite_page_shows_each_category_with_its_level_definition_and_tolerance(
    client_for: Callable[[Any], Client], viewer: Any, technology: RiskCategory, people: Any
) -> None:
    response = client_for(viewer).get("/risk/appetite/")

    assert response.status_code == 200
    assert row_of(response, "Technology").startswith("Technology Cautious Prefer safe options")
    assert row_of(response, "Technology").endswith(
        f"10 Statement from {STATEMENT_FROM.isoformat()}"
    )
    assert row_of(response, "People").endswith("10 No approved statement: cautious by default")
    page = text(response)
    assert "Averse 4 Avoid risk and uncertainty" in page
    assert "Eager 20 Seek innovation" in page
    assert "Draft a statement" not in page


def test_a_risk_manager_drafts_a_statement_and_may_not_approve_it(
    client_for: Callable[[Any], Client],
    risk_manager: Any,
    board: Any,
    technology: RiskCategory,
) -> None:
    client = client_for(risk_manager)
    assert "Draft a statement" in text(client.get("/risk/appetite/"))
    form = client.get("/risk/appetite/add/")
    assert "Tolerance 15. Consider all options" in text(form)  # the level's definition

    response = client.post(
        "/risk/appetite/add/",
        {"category": technology.pk, "level": "open", "tolerance": "",
         "effective_from": "2027-01-01", "statement": "Open to new technology."},
    )  # fmt: skip

    assert response.status_code == 302
    draft = AppetiteStatement.objects.get(state="draft")
    assert (draft.level, draft.tolerance) == ("open", None)
    page = client.get("/risk/appetite/")
    assert "Open to new technology." in text(page)
    assert f"/risk/appetite/{draft.pk}/approve/" not in page.content.decode()

    refused = client.post(f"/risk/appetite/{draft.pk}/approve/")
    assert refused.status_code == 403
    draft.refresh_from_db()
    assert draft.state == "draft"

    board_client = client_for(board)
    assert "Approve the open statement for Technology" in text(board_client.get("/risk/appetite/"))
    approved = board_client.post(f"/risk/appetite/{draft.pk}/approve/")
    assert approved.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.approved_on) == ("approved", today())


def test_a_statement_without_a_level_is_refused_with_an_error_summary(
    client_for: Callable[[Any], Client], risk_manager: Any, technology: RiskCategory
) -> None:
    response = client_for(risk_manager).post(
        "/risk/appetite/add/", {"category": technology.pk, "effective_from": "2027-01-01"}
    )

    assert response.status_code == 422
    assert 'href="#id_level_0"' in response.content.decode()
    assert not AppetiteStatement.objects.filter(state="draft").exists()


def test_a_board_member_may_not_draft_a_statement(
    client_for: Callable[[Any], Client], board: Any
) -> None:
    assert client_for(board).get("/risk/appetite/add/").status_code == 403


# The register as it stood on a past date.


def test_the_register_as_at_a_past_date_shows_the_score_it_had_then(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    risk = two_risks["high"]
    long_ago = timezone.make_aware(datetime.combine(today() - timedelta(days=30), time(12)))
    Risk.history.filter(id=risk.pk).update(history_date=long_ago)
    AppetiteStatement.history.update(history_date=long_ago)
    services.review_record(
        risk=risk, reviewed_on=today(), likelihood=1, impact=2, comment="", reviewer=None,
        user=SYSTEM,
    )  # fmt: skip
    client = client_for(viewer)

    then = client.get(f"/risk/as-at/?date={(today() - timedelta(days=10)).isoformat()}")
    now = client.get(f"/risk/as-at/?date={today().isoformat()}")

    assert then.status_code == 200
    assert "16 Very high" in row_of(then, "HIGH-1")
    assert "Above appetite" in row_of(then, "HIGH-1")
    assert "LOW-1" not in text(then)  # not yet on the register
    assert "2 Low" in row_of(now, "HIGH-1")
    assert "Within appetite" in row_of(now, "HIGH-1")


def test_the_register_as_at_a_date_reads_a_fixed_number_of_queries(
    client_for: Callable[[Any], Client],
    viewer: Any,
    technology: RiskCategory,
    corporate: Register,
) -> None:
    client = client_for(viewer)
    path = f"/risk/as-at/?date={today().isoformat()}"

    def queries_for(count: int) -> int:
        for n in range(Risk.objects.count(), count):
            make_risk(f"AT-{n}", register=corporate, category=technology, owner=PersonFactory())
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return len(queries)

    assert queries_for(2) == queries_for(20)


def test_a_future_date_is_refused_on_the_as_at_form(
    client_for: Callable[[Any], Client], viewer: Any
) -> None:
    response = client_for(viewer).get(
        f"/risk/as-at/?date={(today() + timedelta(days=1)).isoformat()}"
    )

    assert response.status_code == 422
    assert "Give a date on or before today" in text(response)


# Quantified exposure.


@pytest.fixture
def quantified(technology: RiskCategory, corporate: Register) -> list[Risk]:
    return [
        make_risk(
            f"Q-{n}",
            register=corporate,
            category=technology,
            probability=Decimal("0.2"),
            cost_low=100_000_00 * n,
            cost_likely=250_000_00 * n,
            cost_high=900_000_00 * n,
        )
        for n in (1, 2, 3)
    ]


def test_the_exposure_page_shows_the_simulated_figures_and_the_curve(
    client_for: Callable[[Any], Client], viewer: Any, quantified: list[Risk]
) -> None:
    response = client_for(viewer).get("/risk/exposure/")

    assert response.status_code == 200
    report = selectors.exposure_report(on=today(), iterations=10_000, seed=1)
    page = text(response)
    assert f"Expected annual loss £{round(report.result.expected_annual_loss):,}" in page
    assert f"VaR 99 £{round(report.result.var_99):,}" in page
    assert "3 quantified open risks" in page
    html = response.content.decode()
    assert '<svg class="govdx-chart"' in html
    assert "Chance of losing more than each amount in a year" in page  # the table alternative
    assert "The board has not set a loss tolerance yet." in page


def test_the_board_sets_the_loss_tolerance_and_the_page_judges_against_it(
    client_for: Callable[[Any], Client],
    board: Any,
    risk_manager: Any,
    quantified: list[Risk],
) -> None:
    assert client_for(risk_manager).get("/risk/exposure/tolerance/").status_code == 403
    client = client_for(board)

    response = client.post(
        "/risk/exposure/tolerance/",
        {"amount": "1000", "probability": "5", "effective_from": today().isoformat()},
    )

    assert response.status_code == 302
    tolerance = LossTolerance.objects.get()
    assert (tolerance.amount, tolerance.probability) == (1000_00, Decimal("0.0500"))
    page = text(client.get("/risk/exposure/"))
    assert "at most a 5.0% chance of losing more than £1,000 in a year" in page
    assert "Outside tolerance" in page
    assert "Tolerance: £1,000" in client.get("/risk/exposure/").content.decode()


# The breaches dashboard.


def test_the_dashboard_counts_breaches_by_category_and_links_to_the_filtered_register(
    client_for: Callable[[Any], Client],
    viewer: Any,
    two_risks: dict[str, Risk],
    technology: RiskCategory,
    people: RiskCategory,
    corporate: Register,
) -> None:
    make_risk("PPL-1", register=corporate, category=people, current=(1, 1), reviewed_on=today())
    client = client_for(viewer)

    response = client.get("/risk/")

    assert response.status_code == 200
    assert row_of(response, "Technology", seen=True) == "Technology Cautious, tolerance 10 2 1 1 1"
    assert row_of(response, "People", seen=True) == "People Cautious, tolerance 10 1 0 0 0"
    html = unescape(response.content.decode())
    link = f"/risk/risks/?category={technology.pk}&above=true"
    assert f'href="{link}"' in html
    assert listed(client.get(link)) == ["HIGH-1"]
    assert 'href="/risk/heat-map/"' in html
    assert "HIGH-1 Risk HIGH-1 16 10" in text(response)  # the unmanaged list
    assert "LOW-1 Risk LOW-1" not in text(response)


# Every page, for every role that reads risks, and the section's links.


@pytest.mark.parametrize("role", [Role.RISK_MANAGER, Role.BOARD_MEMBER, Role.VIEWER])
def test_every_risk_page_opens_for_those_who_read_risks(
    client_for: Callable[[Any], Client],
    make_user: Callable[..., Any],
    role: Role,
    two_risks: dict[str, Risk],
    quantified: list[Risk],
) -> None:
    client = client_for(make_user(role))
    services.acceptance_submit(risk=two_risks["high"], reason="Costly", user=SYSTEM, on=today())
    acceptance = Acceptance.objects.get()
    pages = [
        "/risk/", "/risk/risks/", "/risk/heat-map/", "/risk/appetite/", "/risk/as-at/",
        f"/risk/as-at/?date={today().isoformat()}", "/risk/exposure/",
        two_risks["high"].get_absolute_url(), f"/risk/acceptances/{acceptance.pk}/",
        f"/risk/registers/{two_risks['high'].register_id}/",
    ]  # fmt: skip
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode().count("<h1") == 1, path
    section = text(client.get("/risk/"))
    for label in ("Heat map", "Appetite", "Register as at a date", "Exposure"):
        assert label in section


def test_a_signed_out_visitor_is_sent_to_sign_in(two_risks: dict[str, Risk]) -> None:
    for path in ("/risk/heat-map/", "/risk/appetite/", "/risk/as-at/", "/risk/exposure/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]


def test_the_heat_map_filter_swaps_only_the_maps_for_htmx(
    client_for: Callable[[Any], Client], viewer: Any, two_risks: dict[str, Risk]
) -> None:
    """htmx asks the same URL and picks #heat-maps out of the full page (hx-select)."""
    html = client_for(viewer).get("/risk/heat-map/").content.decode()

    assert 'hx-get="/risk/heat-map/"' in html
    assert 'hx-select="#heat-maps"' in html
    assert 'id="heat-maps"' in html
