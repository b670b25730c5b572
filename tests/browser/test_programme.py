"""The programme pages in a real Chromium against a live govdx holding the Northshire demo: a
programme manager imports a plan through the upload form (a dry run first), sees its Gantt
chart with the critical path, saves a baseline and opens the simulation results; every page
passes the page checks (one h1, a title, GOV.UK Frontend and htmx running, the CSP held, no
serious or critical WCAG 2.2 AA violation), and a refused file shows every problem."""

from __future__ import annotations

import csv
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import ConsoleLog, page_problems, visit

pytestmark = pytest.mark.browser

PLAN = [
    ["id", "name", "optimistic", "most_likely", "pessimistic", "predecessors", "milestone"],
    ["A", "Discovery", 2, 4, 6, "", ""],
    ["B", "Build the new service", 3, 5, 13, "A", ""],
    ["C", "User acceptance testing", 1, 2, 3, "B FS+1", ""],
    ["D", "Train staff", 2, 3, 4, "A SS", ""],
    ["M", "Go live", 0, 0, 0, "C, D", "yes"],
]


def _write(rows: list[list[Any]]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="govdx-plan-"))
    path = folder / "plan.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _import(page: Any, project: str, path: Path, *, dry_run: bool = False) -> Any:
    visit(page, "/programme/import/")
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_label("Project").fill(project)
    page.get_by_label("Start date").fill("2026-01-05")
    if dry_run:
        page.get_by_label("Dry run").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Import").click()
    return sent.value


def test_a_programme_manager_imports_a_plan_and_every_programme_page_passes_the_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    project = f"Online revenues and benefits {uuid.uuid4().hex[:6]}"
    path = _write(PLAN)
    problems: list[str] = []

    for start in ("/programme/", "/programme/projects/", "/programme/import/"):
        console.clear()
        assert visit(page, start) == 200
        problems += page_problems(page, console)

    console.clear()
    dry = _import(page, project, path, dry_run=True)
    assert dry.status == 200
    expect(page.locator(".govuk-inset-text")).to_contain_text("Dry run: nothing was written")
    problems += page_problems(page, console)

    console.clear()
    _import(page, project, path)
    expect(page.locator("h1")).to_have_text(project)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("5 activities read")
    gantt = page.locator("svg.govdx-gantt")
    expect(gantt).to_be_visible()
    expect(gantt.locator("text.govdx-gantt__mark")).to_have_count(4)
    expect(gantt.locator("polygon")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("A → B → C")
    problems += page_problems(page, console)
    project_url = page.url

    page.get_by_label("Baseline name").fill("Business case")
    console.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Save a baseline").click()
    assert page.url == project_url
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Business case")
    expect(page.locator("svg.govdx-gantt rect.govdx-gantt__baseline")).to_have_count(5)
    expect(page.locator("#milestones ~ table").first).to_contain_text("On time")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="Schedule risk: the Monte Carlo of the finish").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Schedule risk")
    for ident in ("histogram", "s-curve", "tornado"):
        expect(page.locator(f"svg title#{ident}-title")).to_have_count(1)
    problems += page_problems(page, console)

    console.clear()
    page.get_by_label("Iterations").fill("2000")
    page.get_by_label("Distribution").select_option("triangular")
    with page.expect_navigation():
        page.get_by_role("button", name="Run again").click()
    assert "distribution=triangular" in page.url
    expect(page.locator("main")).to_contain_text("2,000 iterations")
    problems += page_problems(page, console)

    console.clear()
    visit(page, "/programme/")
    expect(page.get_by_role("link", name=project, exact=True)).to_be_visible()
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_refused_plan_lists_every_problem_and_passes_the_page_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    path = _write([PLAN[0], ["A", "x", 1, 2, 3, "B", ""], ["B", "y", 1, 2, 3, "A", ""],
                   ["C", "z", 5, 2, 1, "", ""]])  # fmt: skip
    console.clear()
    refused = _import(page, f"Refused {uuid.uuid4().hex[:6]}", path)

    assert refused.status == 422
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file was refused: nothing was imported")
    expect(summary).to_contain_text("A → B → A")
    expect(summary).to_contain_text("row 4")
    assert page.title().startswith("Error: ")
    problems = page_problems(page, console, status=422)
    assert not problems, "\n\n".join(problems)


def test_a_viewer_reads_the_dashboard_but_is_offered_no_import(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("viewer")
    assert visit(page, "/programme/") == 200
    expect(page.get_by_role("button", name="Import a plan")).to_have_count(0)
    assert not page_problems(page, console)
    console.clear()
    assert visit(page, "/programme/import/") == 403


def test_a_programme_manager_reads_delivery_confidence_and_adds_a_status_report(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/programme/") == 200
    expect(page.locator("main")).to_contain_text("Delivery confidence by project")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="Social care case management replacement").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Social care case management replacement")
    expect(page.locator("main")).to_contain_text("Status history")
    expect(page.locator("main")).to_contain_text("Gate 3: investment decision")
    expect(page.locator("main")).to_contain_text("Overdue")
    problems += page_problems(page, console)
    project_url = page.url.split("#")[0]

    console.clear()
    page.locator("#status ~ table a").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Given by")
    problems += page_problems(page, console)

    console.clear()
    visit(page, project_url)
    page.get_by_role("link", name="Add a status report").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Delivery is in doubt")
    problems += page_problems(page, console)
    console.clear()
    page.get_by_label("Narrative").fill("Testing is behind plan.")
    page.get_by_label("Delivery confidence", exact=True).select_option("amber")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the status report").click()
    # The senior responsible owner has reported this month already: refused, nothing lost
    expect(page.locator(".govuk-error-summary")).to_contain_text("already has a status report")
    problems += page_problems(page, console, status=422)
    console.clear()
    page.get_by_label("Independent assurance review").check()
    page.get_by_label("Delivery confidence", exact=True).select_option("amber_red")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the status report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Amber/red")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_programme_manager_reads_the_benefits_register_and_records_an_actual(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/programme/") == 200
    expect(page.locator("main")).to_contain_text("Benefits by type")
    expect(page.locator("main")).to_contain_text("Benefits at risk")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="Online revenues and benefits").first.click()
    page.wait_for_load_state()
    register = page.locator("#benefits ~ table").first
    expect(register).to_contain_text("Postage and printing saved")
    expect(register).to_contain_text("R22: Live service has slipped")
    problems += page_problems(page, console)
    project_url = page.url.split("#")[0]

    console.clear()
    page.get_by_role("link", name="Add a benefit").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Add a benefit")
    problems += page_problems(page, console)

    console.clear()
    visit(page, project_url)
    page.get_by_role("link", name="Record an actual of Benefits claims made online").click()
    page.wait_for_load_state()
    page.get_by_label("Value measured").fill("2.5")
    page.get_by_label("Date measured").fill("2026-01-05")
    problems += page_problems(page, console)
    console.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the actual").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2026-01-05")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_programme_manager_deletes_a_benefit_after_confirming_it(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    name = f"Letters avoided {uuid.uuid4().hex[:6]}"
    problems: list[str] = []
    visit(page, "/programme/")
    page.get_by_role("link", name="Online revenues and benefits").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Add a benefit").click()
    page.wait_for_load_state()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Non-cashable").check()
    page.get_by_label("Measure").fill("Letters a month")
    page.get_by_label("Baseline").fill("1000")
    page.get_by_label("Target", exact=True).fill("400")
    page.get_by_label("Start date").fill("2026-04-01")
    page.get_by_label("Target date").fill("2027-04-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the benefit").click()

    console.clear()
    page.get_by_role("link", name=f"Delete the benefit {name}").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(f"Delete benefit ‘{name}’?")
    problems += page_problems(page, console)
    console.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Delete benefit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(name)
    expect(page.locator("#benefits ~ table").first).not_to_contain_text(name)
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_programme_manager_reads_earned_value_and_records_costs_and_progress(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/programme/") == 200
    expect(page.locator("main")).to_contain_text("Earned value by project, programme and portfolio")
    expect(page.locator("svg#earned-value, svg[aria-labelledby^='earned-value']")).to_have_count(1)
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="Online revenues and benefits").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Earned value of the project today")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="The project's money").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Money of Online revenues and benefits")
    expect(page.locator("svg.govdx-chart")).to_have_count(1)
    problems += page_problems(page, console)
    money_url = page.url

    console.clear()
    page.get_by_role("link", name="Record an actual cost").click()
    page.wait_for_load_state()
    page.get_by_label("Month").fill("2026-01-01")
    page.get_by_label("Amount spent").fill("12345")
    problems += page_problems(page, console)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the cost").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("January 2026")

    console.clear()
    page.locator("a[href$='/progress/']").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Record progress")
    problems += page_problems(page, console)

    console.clear()
    visit(page, money_url)
    page.get_by_role("link", name="Import actual costs").click()
    page.wait_for_load_state()
    bad = _write([["month", "activity", "amount"], ["2026-13", "NOPE", "x"]])
    page.get_by_label("Actual costs file").set_input_files(str(bad))
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Import").click()
    assert sent.value.status == 422
    expect(page.locator(".govuk-error-summary")).to_contain_text("row 2, column month")
    assert page.title().startswith("Error: ")
    problems += page_problems(page, console, status=422)
    assert not problems, "\n\n".join(problems)
