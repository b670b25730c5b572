"""The people pages in a real Chromium against a live govdx holding the Northshire demo: a
change manager reads the groups, the impact heat map, the surveys and the gates; imports a
survey through the upload form (a dry run first) and sees the go-live gate of the online
revenues project turn from met to not met on the project's page, and back; a refused file
shows every problem. Every page passes the page checks (one h1, a title, GOV.UK Frontend and
htmx running, the CSP held, no serious or critical WCAG 2.2 AA violation)."""

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

BENEFITS = "Revenues and Benefits / Benefits assessors"
HEADINGS = ["respondent", "group", "awareness", "desire", "knowledge", "ability", "reinforcement"]


def _write(rows: list[list[Any]]) -> Path:
    path = Path(tempfile.mkdtemp(prefix="govdx-survey-")) / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADINGS, *rows])
    return path


def _survey(ready: int, of: int) -> Path:
    return _write([[f"b{n}", BENEFITS, *([5] * 5 if n < ready else [5, 2, 5, 5, 5])]
                   for n in range(of)])  # fmt: skip


def _import(page: Any, survey: str, path: Path, *, dry_run: bool = False) -> Any:
    visit(page, "/people/surveys/import/")
    page.get_by_label("Survey file").set_input_files(str(path))
    page.get_by_label("Survey", exact=True).fill(survey)
    if dry_run:
        page.get_by_label("Dry run").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Import").click()
    return sent.value


def _gate_row(page: Any) -> Any:
    visit(page, "/people/gates/")
    page.get_by_role("link", name="Online revenues and benefits").first.click()
    page.wait_for_load_state()
    return page.locator("#readiness-gates ~ div table tr", has_text=BENEFITS)


def test_a_change_manager_reads_the_people_pages_and_every_one_passes_the_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("change")
    problems: list[str] = []
    for path, text in (
        ("/people/", "People groups"),
        ("/people/groups/", "Benefits assessors"),
        ("/people/impact/", "Online revenues and benefits"),
        ("/people/impacts/", "Social workers"),
        ("/people/surveys/", "Readiness after training"),
        ("/people/gates/", "New website live"),
        ("/people/gates/add/", "Share ready needed"),
        ("/people/surveys/import/", "Survey file"),
    ):
        console.clear()
        assert visit(page, path) == 200, path
        expect(page.locator("main")).to_contain_text(text)
        problems += page_problems(page, console)

    console.clear()
    visit(page, "/people/surveys/")
    page.get_by_role("link", name="Readiness after training").click()
    page.wait_for_load_state()
    expect(page.locator("svg title#ready-share-title")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Barrier: Knowledge")
    problems += page_problems(page, console)

    console.clear()
    visit(page, "/people/groups/")
    page.get_by_role("link", name="Benefits assessors").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Readiness before training")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_the_go_live_gate_turns_as_new_survey_results_arrive(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("change")
    problems: list[str] = []
    survey = f"Pulse {uuid.uuid4().hex[:6]}"

    console.clear()
    dry = _import(page, survey, _survey(5, 10), dry_run=True)
    assert dry.status == 200
    expect(page.locator(".govuk-inset-text")).to_contain_text("Dry run: nothing was written")
    problems += page_problems(page, console)

    console.clear()
    _import(page, survey, _survey(5, 10))
    expect(page.locator("h1")).to_have_text(survey)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("10 responses")
    problems += page_problems(page, console)

    console.clear()
    row = _gate_row(page)
    expect(row).to_contain_text("Not met")
    expect(row).to_contain_text(f"5 of 10 in {BENEFITS} are ready (50%) in {survey}")
    problems += page_problems(page, console)

    _import(page, survey, _survey(8, 10))
    row = _gate_row(page)
    expect(row.locator(".govuk-tag")).to_have_text("Met")
    expect(row).to_contain_text("8 of 10")
    assert not problems, "\n\n".join(problems)


def test_a_refused_survey_lists_every_problem_and_passes_the_page_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("change")
    path = _write([["x1", "Nowhere / Nobody", 5, 5, 5, 5, 5]])
    console.clear()
    refused = _import(page, f"Refused {uuid.uuid4().hex[:6]}", path)
    assert refused.status == 422
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file was refused: nothing was imported")
    expect(summary).to_contain_text("row 2, column group")
    assert page.title().startswith("Error: ")
    problems = page_problems(page, console, status=422)
    assert not problems, "\n\n".join(problems)


def test_a_viewer_reads_the_gates_but_is_offered_no_import(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("viewer")
    assert visit(page, "/people/surveys/") == 200
    expect(page.get_by_role("link", name="Import survey responses")).to_have_count(0)
    assert not page_problems(page, console)
    console.clear()
    assert visit(page, "/people/surveys/import/") == 403


def test_a_change_manager_reads_the_skills_and_training_pages_and_each_passes_the_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("change")
    problems: list[str] = []
    for path, text in (
        ("/people/skills/", "Government digital and data (demo subset)"),
        ("/people/skills/gaps/", "mean gap"),
        ("/people/skills/roles/", "Delivery manager"),
        ("/people/skills/assessments/", "Data visualisation"),
        ("/people/training/", "Training plans"),
        ("/people/training/add/", "Target level"),
        ("/people/skills/import/", "Framework file"),
    ):
        console.clear()
        assert visit(page, path) == 200, path
        expect(page.locator("main")).to_contain_text(text)
        problems += page_problems(page, console)

    console.clear()
    visit(page, "/people/skills/roles/")
    page.locator("main table tbody a").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Gap against the role")
    problems += page_problems(page, console)

    console.clear()
    visit(page, "/people/skills/")
    page.get_by_role("link", name="Government digital and data (demo subset)").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Senior data analyst")
    problems += page_problems(page, console)
    assert problems == []


def test_a_change_manager_reads_the_culture_pulse_pages_and_every_one_passes_the_checks(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("change")
    problems: list[str] = []
    for path, text in (
        ("/people/pulses/", "Culture pulse: spring"),
        ("/people/pulses/import/", "Pulse file"),
        ("/people/pulses/trends/", "Benefits assessors"),
    ):
        console.clear()
        assert visit(page, path) == 200, path
        expect(page.locator("main")).to_contain_text(text)
        problems += page_problems(page, console)

    console.clear()
    visit(page, "/people/pulses/")
    page.get_by_role("link", name="Culture pulse: spring").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Too few responses")
    expect(page.locator("main")).to_contain_text("Comments by group")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)
