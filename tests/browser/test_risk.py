"""The risk pages in a real Chromium against a live govdx holding the Northshire demo: every
page passes the page checks (one h1, a title, GOV.UK Frontend and htmx running, the CSP held,
no serious or critical WCAG 2.2 AA violation) for the risk manager and a board member, and a
review recorded in the browser shows in the risk's history."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.support import ConsoleLog, page_problems, query, sign_in, visit

pytestmark = pytest.mark.browser

EXPIRED = "NSC-003"  # the demo's risk with an expired acceptance
COMMON_PAGES = (
    "/risk/",
    "/risk/registers/",
    "/risk/risks/",
    "/risk/risks/?above=true&overdue=true",
    "/risk/risks/?band=Very+high&sort=-score",
    "/risk/heat-map/",
    "/risk/appetite/",
    "/risk/as-at/",
    "/risk/exposure/",
)


def today() -> date:
    """Today where the live server is: its pages date things in the organisation's zone."""
    return datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Europe/London"))).date()


def _risk_url(page: Any, reference: str) -> str:
    visit(page, f"/risk/risks/?q={reference}")
    href = page.locator("#results tbody a", has_text=reference).first.get_attribute("href")
    assert href, f"{reference} is not on the register"
    return str(href)


def _first_link(page: Any, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no link matches {selector} on {page.url}"
    return str(href)


def _check_all(page: Any, console: ConsoleLog, paths: list[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        console.clear()
        status = visit(page, path)
        if status != 200:
            problems.append(f"{path}: HTTP {status}")
            continue
        problems += page_problems(page, console)
    return problems


def _pages_about_the_demo(page: Any) -> list[str]:
    """The pages that need a record's number, found by following the links a user follows."""
    risk = _risk_url(page, EXPIRED)
    visit(page, risk)
    acceptance = _first_link(page, "#acceptances ~ table a[href*='/risk/acceptances/']")
    visit(page, "/risk/heat-map/")
    cell = _first_link(page, "#current ~ div a.govdx-heat__count")
    visit(page, "/risk/registers/")
    register = _first_link(page, "#results tbody a")
    return [
        risk,
        acceptance,
        cell,
        register,
        f"/risk/as-at/?date={today().isoformat()}",
    ]


def test_every_risk_page_passes_the_page_checks_for_the_risk_manager(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("risk")
    found = _pages_about_the_demo(page)
    risk = found[0]
    forms = [
        f"{risk}review/",
        f"{risk}controls/add/",
        f"{risk}actions/add/",
        f"{risk}acceptances/add/",
        f"{risk}escalate/",
        "/risk/appetite/add/",
    ]
    problems = _check_all(page, console, [*COMMON_PAGES, *found, *forms])
    assert not problems, "\n\n".join(problems)


def test_every_risk_page_passes_the_page_checks_for_a_board_member(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("board")
    found = _pages_about_the_demo(page)
    acceptance = found[1]
    visit(page, acceptance)
    expect(page.get_by_role("button", name="Revoke")).to_be_visible()
    forms = [f"{acceptance}decide/", f"{acceptance}revoke/", "/risk/exposure/tolerance/"]
    problems = _check_all(page, console, [*COMMON_PAGES, *found, *forms])
    assert not problems, "\n\n".join(problems)


def test_a_refused_form_shows_its_error_summary_and_passes_the_page_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("risk")
    visit(page, "/risk/appetite/add/")
    console.clear()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save draft").click()
    assert sent.value.status == 422
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(
        summary.get_by_role("link", name="Appetite level: This field is required.")
    ).to_be_visible()
    assert page.title().startswith("Error: ")
    problems = page_problems(page, console, status=422)
    assert not problems, "\n\n".join(problems)


def test_a_review_recorded_in_the_browser_shows_in_the_risks_history(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("risk")
    risk = _risk_url(page, "NSC-010")
    visit(page, risk)
    comment = f"Reviewed at the risk board {uuid.uuid4().hex[:6]}"

    page.get_by_role("button", name="Record a review").click()
    expect(page.locator("h1")).to_have_text("Record a review")
    page.get_by_label("Date of the review").fill(today().isoformat())
    page.get_by_label("Current likelihood").select_option("2")
    page.get_by_label("Current impact").select_option("3")
    page.get_by_label("Comment").fill(comment)
    console.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Record review").click()

    assert page.url.endswith(risk)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "the current score of NSC-010 is now 6"
    )
    judgement = page.locator("#judgement ~ dl").first
    expect(judgement).to_contain_text("6 = likelihood 2 × impact 3")
    reviews = page.locator("#score-history ~ table tbody tr").first
    expect(reviews).to_contain_text(today().isoformat())
    expect(reviews).to_contain_text(comment)
    latest = page.locator("table.govdx-history tbody tr").first
    expect(latest).to_contain_text("Marek Nowak")
    expect(latest).to_contain_text(f"review on {today().isoformat()}")
    expect(latest.locator("ins").first).to_contain_text("2")
    problems = page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_filtering_the_heat_map_swaps_the_maps_in_place(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("board")
    visit(page, "/risk/heat-map/")
    caption = page.locator("#heat-maps caption").first
    before = caption.inner_text()
    page.evaluate("window.__govdxSamePage = true")

    page.get_by_label("Register").select_option(label="Corporate risk register")
    page.wait_for_url("**/risk/heat-map/?*register=*")

    expect(caption).not_to_have_text(before)
    assert page.evaluate("window.__govdxSamePage === true"), "the whole page reloaded"
    assert not console.csp_violations(), console.csp_violations()
    assert not console.errors(), console.errors()


def test_the_heat_map_and_the_register_filters_work_without_javascript(no_js_page: Any) -> None:
    page = no_js_page
    sign_in(page, "viewer")
    visit(page, "/risk/heat-map/")
    cell = page.locator("#current ~ div a.govdx-heat__count").first
    count = int(cell.inner_text().split()[0])
    with page.expect_navigation():
        cell.click()
    assert query(page.url)["stage"] == ["current"], page.url
    expect(page.locator("#results")).to_contain_text(f"of {count} risk")
    expect(page.locator("main")).to_contain_text("Showing the heat map's current position")

    page.get_by_label("Above appetite").select_option("Yes")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    params = query(page.url)
    assert params["above"] == ["true"] and params["stage"] == ["current"], page.url
    for row in page.locator("#results tbody tr").all_inner_texts():
        assert "Above appetite" in row, row
