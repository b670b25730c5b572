"""The estate pages in a real Chromium against a live govdx holding the Northshire demo: every
page passes the page checks (one h1, a title, GOV.UK Frontend and htmx running, the CSP held,
no serious or critical WCAG 2.2 AA violation) for the estate manager and a supplier contact,
a refused upload shows its error summary, and a name mapped in the browser is matched."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import ConsoleLog, page_problems, visit

pytestmark = pytest.mark.browser

COMMON_PAGES = (
    "/estate/",
    "/estate/devices/",
    "/estate/devices/?stale=true",
    "/estate/devices/?status=end_of_life&sort=-last_seen",
    "/estate/products/",
    "/estate/products/?show=all&q=windows",
    "/estate/unmatched/",
    "/estate/sources/",
    "/estate/imports/",
    "/estate/applications/",
    "/estate/applications/?criticality=critical",
    "/estate/returns/",
)
MANAGER_FORMS = (
    "/estate/imports/new/",
    "/estate/applications/add/",
    "/estate/settings/",
    "/estate/supplements/add/",
)


def _first_link(page: Any, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no link matches {selector} on {page.url}"
    return str(href)


def _record_pages(page: Any) -> list[str]:
    """Pages that need a record, found by following the links a user follows."""
    visit(page, "/estate/devices/?q=NSC-SQL")
    device = _first_link(page, "main table tbody a[href*='/estate/devices/']")
    visit(page, "/estate/products/")
    product = _first_link(page, "main table tbody a[href*='/estate/products/']")
    visit(page, product)
    cycle = _first_link(page, "main table tbody a[href*='/estate/products/']")
    visit(page, device)
    software = page.locator("main a[href*='/estate/software/']")
    pages = [device, product, cycle]
    if software.count():
        pages.append(str(software.first.get_attribute("href")))
    visit(page, "/estate/sources/")
    pages.append(_first_link(page, "main table tbody a[href*='/estate/sources/']"))
    visit(page, "/estate/imports/")
    pages.append(_first_link(page, "main table tbody a[href*='/estate/imports/']"))
    visit(page, "/estate/applications/")
    pages.append(_first_link(page, "main table tbody a[href*='/estate/applications/']"))
    return pages


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


def test_every_estate_page_passes_the_page_checks_for_the_estate_manager(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("estate")
    found = _record_pages(page)
    device = found[0]
    visit(page, "/estate/unmatched/")
    mapping = _first_link(page, "main table tbody a[href*='/estate/unmatched/map/']")
    forms = [*MANAGER_FORMS, f"{device}change/", mapping]
    problems = _check_all(page, console, [*COMMON_PAGES, *found, *forms])
    assert not problems, "\n\n".join(problems)


def test_the_overview_shows_the_lifecycle_chart_exposure_and_coverage(
    page_as: Callable[[str], Any],
) -> None:
    page = page_as("estate")
    visit(page, "/estate/")
    main = page.locator("main")
    expect(main.locator("svg.govdx-chart")).not_to_have_count(0)
    expect(main).to_contain_text("End of life")
    expect(main).to_contain_text("Northgate Managed IT Ltd")
    expect(main).to_contain_text("In-house")
    # every chart has its table alternative
    assert main.locator("table caption").count() >= 3


def test_a_supplier_contact_sees_only_its_suppliers_estate(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("supplier")
    problems = _check_all(page, console, ["/estate/", "/estate/devices/"])
    assert not problems, "\n\n".join(problems)
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0
    visit(page, _first_link(page, "main table tbody a[href*='/estate/devices/']"))
    expect(page.locator("main")).to_contain_text("Northgate Managed IT Ltd")
    assert visit(page, "/estate/imports/new/") == 403


def test_a_refused_upload_shows_its_error_summary_and_writes_nothing(
    page_as: Callable[[str], Any], console: ConsoleLog, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Host Name,Software,Last Seen\n,7-Zip,01/11/2026\nPC9,Notepad,31/02/2026\n")
    page = page_as("estate")
    visit(page, "/estate/imports/new/")
    page.get_by_label("Inventory file").set_input_files(str(bad))
    page.get_by_label("Source", exact=True).fill("Browser test upload")
    console.clear()
    with page.expect_navigation() as sent:
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert sent.value.status == 422
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("row 2")
    expect(summary).to_contain_text("row 3")
    assert page.title().startswith("Error: ")
    problems = page_problems(page, console, status=422)
    assert not problems, "\n\n".join(problems)
    visit(page, "/estate/devices/?q=PC9")
    expect(page.locator("main")).to_contain_text("No devices match these filters")
    visit(page, "/estate/imports/?outcome=refused")
    expect(page.locator("main table tbody")).to_contain_text("bad.csv")


def test_a_name_mapped_in_the_browser_is_matched_for_all_its_installations(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("estate")
    visit(page, "/estate/unmatched/?q=MS+SQL+2014")
    expect(page.locator("main table tbody")).to_contain_text("MS SQL 2014 Std")
    page.locator("main table tbody a[href*='/estate/unmatched/map/']").first.click()
    page.wait_for_load_state()
    page.get_by_label("Product").select_option("mssqlserver")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    page.get_by_label("Release cycle").select_option(index=1)
    console.clear()
    page.get_by_role("button", name="Map the name").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("it now matches")
    problems = page_problems(page, console)
    assert not problems, "\n\n".join(problems)
    visit(page, "/estate/unmatched/?q=MS+SQL+2014")
    expect(page.locator("main")).to_contain_text("No unmatched name contains")


def test_a_product_endoflife_date_lacks_is_added_with_a_release_cycle_in_the_browser(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("estate")
    slug = f"northshire-cms-{uuid.uuid4().hex[:6]}"
    visit(page, "/estate/supplements/add/")
    page.get_by_label("Short name").fill(slug)
    page.get_by_label("Name", exact=True).fill("Northshire Case Management")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Added by a person")
    page.get_by_role("button", name="Add a release cycle").click()
    page.wait_for_load_state()
    console.clear()
    problems = page_problems(page, console)
    # sent empty, the form is refused with its error summary first
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save release cycle").click()
    assert sent.value.status == 422
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    problems += page_problems(page, console, status=422)
    page.get_by_label("Release cycle").fill("4")
    page.get_by_label("Released on").fill("2019-04-01")
    end_of_life = page.get_by_role("group", name="End of life")
    end_of_life.get_by_label("On a date").check()
    page.get_by_label("Date of end of life").fill("2025-03-31")
    console.clear()
    with page.expect_navigation() as saved:
        page.get_by_role("button", name="Save release cycle").click()
    assert saved.value.status == 200
    expect(page.locator("main")).to_contain_text("it is end of life")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)
