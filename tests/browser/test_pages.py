"""What a user does in the browser: signing in and out, finding people, editing, and seeing only
what their role allows. A real Chromium against a live govdx holding the Northshire demo."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    DEMO_ORGANISATION,
    ConsoleLog,
    page_problems,
    query,
    sign_in,
    visit,
)

pytestmark = pytest.mark.browser

DEMO_USERS = (
    "admin",
    "board",
    "programme",
    "risk",
    "estate",
    "change",
    "lead",
    "supplier",
    "viewer",
)
PLANNED_MODULES = ("Services", "Reports")


def _mark_page(page: Any) -> None:
    """Leave a mark on the window: a full navigation loses it, an htmx swap keeps it."""
    page.evaluate("window.__govdxSamePage = true")


def _same_page(page: Any) -> bool:
    return bool(page.evaluate("window.__govdxSamePage === true"))


def _column(page: Any, heading: str) -> list[str]:
    """The cells of the results table under `heading`, top to bottom."""
    headings = [h.strip() for h in page.locator("#results thead th").all_inner_texts()]
    index = headings.index(heading) + 1
    cells = page.locator(f"#results tbody td:nth-child({index})")
    return [cell.strip() for cell in cells.all_inner_texts()]


def _first_person_in(page: Any, department: str) -> str:
    """The address of the first person listed in `department` (teams below it included)."""
    visit(page, "/org/people/")
    value = page.locator("#id_department option", has_text=department).first.get_attribute("value")
    visit(page, f"/org/people/?department={value}")
    link = page.locator("#results tbody a").first
    href = link.get_attribute("href")
    assert href, f"no person listed in {department}"
    return href


# Signing in and out


def test_signing_in_shows_the_demo_organisation(page: Any, console: ConsoleLog) -> None:
    sign_in(page, "admin")
    assert page.url.endswith("/")
    expect(page.locator(".govdx-header__organisation")).to_have_text(DEMO_ORGANISATION)
    expect(page.locator("h1")).to_have_text(DEMO_ORGANISATION)
    expect(page.locator("main")).to_contain_text("Welcome, Alex Morgan.")
    assert not page_problems(page, console)


def test_a_wrong_password_shows_an_error_summary(page: Any, console: ConsoleLog) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("board")
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Sign in").click()
    assert "/sign-in/" in page.url
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    assert page.title().startswith("Error: ")
    expect(page.locator("header")).not_to_contain_text("Sign out")
    problems = page_problems(page, console, status=sent.value.status)
    assert not problems, "\n\n".join(problems)


def test_signing_out_ends_the_session(page: Any) -> None:
    # Signs in itself: signing out ends the session that page_as shares between tests.
    sign_in(page, "change")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert "/sign-in/" in page.url
    expect(page.locator("main")).to_contain_text("You have signed out.")
    expect(page.locator("header")).not_to_contain_text("Sign out")
    visit(page, "/org/people/")
    assert "/sign-in/" in page.url, "a signed-out browser still reached the people list"
    assert query(page.url).get("next") == ["/org/people/"]


# Lists: search, sort, pages


def test_searching_people_updates_the_results_in_place(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("admin")
    visit(page, "/org/people/")
    expect(page.locator("#results")).to_contain_text("of 200 people")
    _mark_page(page)
    page.get_by_label("Search").press_sequentially("Davies")
    page.wait_for_url("**/org/people/?*q=Davies*")
    expect(page.locator("#results")).to_contain_text("matching the filters")
    assert _same_page(page), "searching reloaded the whole page instead of swapping the results"
    rows = page.locator("#results tbody tr").all_inner_texts()
    assert rows, "searching for Davies found nobody"
    assert all("davies" in row.lower() for row in rows), rows
    assert not console.csp_violations(), console.csp_violations()
    assert not console.errors(), console.errors()


def test_sorting_by_a_column_heading_orders_the_rows(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("viewer")
    visit(page, "/org/people/")
    _mark_page(page)
    heading = page.locator("#results thead th", has_text="Job title")
    heading.get_by_role("link").click()
    page.wait_for_url("**/org/people/?sort=job_title")
    expect(heading).to_have_attribute("aria-sort", "ascending")
    titles = _column(page, "Job title")
    # The live server runs on SQLite, which orders text by its bytes, as sorted() does.
    assert titles == sorted(titles), titles
    heading.get_by_role("link").click()
    page.wait_for_url("**/org/people/?sort=-job_title")
    expect(heading).to_have_attribute("aria-sort", "descending")
    titles = _column(page, "Job title")
    assert titles == sorted(titles, reverse=True), titles
    assert _same_page(page), "sorting reloaded the whole page instead of swapping the results"
    assert not console.errors(), console.errors()


def test_the_second_page_of_people_follows_the_first(page_as: Callable[[str], Any]) -> None:
    page = page_as("viewer")
    visit(page, "/org/people/")
    first = _column(page, "Name")
    page.locator(".govuk-pagination").get_by_role("link", name="Next").click()
    page.wait_for_url("**/org/people/?page=2")
    expect(page.locator("#results")).to_contain_text("Showing 51 to 100 of 200 people")
    second = _column(page, "Name")
    assert len(first) == len(second) == 50
    assert first[-1] <= second[0], (first[-1], second[0])
    expect(page.locator(".govuk-pagination__item--current")).to_have_text("2")


# Changing a record


def test_changing_a_job_title_shows_in_the_history(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("admin")
    visit(page, "/org/people/?page=3")
    page.locator("#results tbody a").first.click()
    page.wait_for_load_state()
    person_url = page.url
    name = page.locator("h1").inner_text().strip()
    new_title = f"Service designer {uuid.uuid4().hex[:6]}"

    page.get_by_role("button", name="Change").click()
    expect(page.locator("h1")).to_have_text(f"Change {name}")
    old_title = page.get_by_label("Job title").input_value()
    page.get_by_label("Job title").fill(new_title)
    with page.expect_navigation():
        page.get_by_role("button", name="Save person").click()

    assert page.url == person_url
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
    job_title = page.locator(".govuk-summary-list__row", has_text="Job title")
    expect(job_title.locator("dd")).to_have_text(new_title)
    latest = page.locator("table.govdx-history tbody tr").first
    expect(latest).to_contain_text("Alex Morgan")
    expect(latest).to_contain_text("Job title")
    expect(latest.locator("ins")).to_contain_text(new_title)
    if old_title:
        expect(latest.locator("del")).to_contain_text(old_title)
    problems = page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_the_contract_form_opens_with_the_contract_dates(page_as: Callable[[str], Any]) -> None:
    page = page_as("admin")
    visit(page, "/org/contracts/")
    page.locator("#results tbody a").first.click()
    page.wait_for_load_state()
    starts = page.locator(".govuk-summary-list__row", has_text="Starts").locator("dd").inner_text()
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.get_by_label("Start date").input_value() == starts.strip()


# Who sees what


def test_a_viewer_reads_but_is_offered_no_changes(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("viewer")
    visit(page, "/org/people/")
    expect(page.get_by_role("button", name="Add a person")).to_have_count(0)
    page.locator("#results tbody a").first.click()
    page.wait_for_load_state()
    person_url = page.url
    expect(page.locator("h1")).not_to_be_empty()
    expect(page.get_by_role("button", name="Change")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)

    console.clear()
    assert visit(page, f"{person_url}change/") == 403
    expect(page.locator("h1")).to_have_text("You cannot do that")
    problems = page_problems(page, console, status=403)
    assert not problems, "\n\n".join(problems)


def test_a_department_lead_changes_people_in_their_department_only(
    page_as: Callable[[str], Any],
) -> None:
    page = page_as("lead")
    housing = _first_person_in(page, "Housing")  # a team of Communities
    finance = _first_person_in(page, "Finance")  # a team of Resources

    assert visit(page, housing) == 200
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Change ")
    expect(page.get_by_role("button", name="Save person")).to_be_visible()

    assert visit(page, finance) == 200
    expect(page.get_by_role("button", name="Change")).to_have_count(0)
    assert visit(page, f"{finance}change/") == 403
    expect(page.locator("h1")).to_have_text("You cannot do that")


def test_a_supplier_contact_sees_only_their_supplier(page_as: Callable[[str], Any]) -> None:
    page = page_as("supplier")
    visit(page, "/org/suppliers/")
    assert _column(page, "Name") == ["Northgate Managed IT Ltd"]
    expect(page.locator("#results")).to_contain_text("Showing 1 to 1 of 1 supplier.")


def test_the_navigation_shows_built_modules_only(page_as: Callable[[str], Any]) -> None:
    page = page_as("admin")
    visit(page, "/")
    nav = page.get_by_role("navigation", name="Modules")
    labels = [label.strip() for label in nav.get_by_role("link").all_inner_texts()]
    assert "Organisation" in labels, labels
    hidden = [label for label in PLANNED_MODULES if label in labels]
    assert not hidden, f"modules not built yet are in the navigation: {hidden}"
    nav.get_by_role("link", name="Organisation").click()
    page.wait_for_load_state()
    expect(nav.get_by_role("link", name="Organisation")).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_navigation_link_opens_for_every_role(
    page_as: Callable[[str], Any], username: str
) -> None:
    page = page_as(username)
    visit(page, "/org/suppliers/")
    hrefs = page.eval_on_selector_all(
        "nav[aria-label='Modules'] a, nav.govdx-subnav a",
        "links => links.map(a => a.getAttribute('href'))",
    )
    failures = [f"{href}: HTTP {status}" for href in hrefs if (status := visit(page, href)) != 200]
    assert not failures, f"{username} follows navigation links that fail: {failures}"


def test_a_supplier_contact_is_refused_the_organisation_page(
    page_as: Callable[[str], Any],
) -> None:
    page = page_as("supplier")
    assert visit(page, "/org/") == 403


# Without JavaScript


def test_signing_in_and_filtering_work_without_javascript(no_js_page: Any) -> None:
    page = no_js_page
    sign_in(page, "viewer")
    expect(page.locator(".govdx-header__organisation")).to_have_text(DEMO_ORGANISATION)
    visit(page, "/org/people/")
    assert "govuk-frontend-supported" not in (page.get_attribute("body", "class") or "")
    page.get_by_label("Search").fill("Davies")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert query(page.url).get("q") == ["Davies"], page.url
    expect(page.locator("#results")).to_contain_text("matching the filters")
    rows = page.locator("#results tbody tr").all_inner_texts()
    assert rows and all("davies" in row.lower() for row in rows), rows
    with page.expect_navigation():
        page.locator("#results thead th", has_text="Job title").get_by_role("link").click()
    sorted_query = query(page.url)
    assert sorted_query["q"] == ["Davies"] and sorted_query["sort"] == ["job_title"], page.url
    expect(page.locator("#results")).to_contain_text("matching the filters")
