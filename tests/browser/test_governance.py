"""The governance pages in a real Chromium against a live govdx holding the Northshire demo: a
board member reads the boards, their meetings and papers (a restricted one included, which a
viewer outside the board is refused), the decision and action logs; a programme manager edits a
RACI grid, sees the live check change and saves it; the governance check report and a
department's maturity radar. Every page passes the page checks (one h1, a title, GOV.UK Frontend
and htmx running, the CSP held, no serious or critical WCAG 2.2 AA violation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import ConsoleLog, page_problems, visit

pytestmark = pytest.mark.browser

TRANSFORMATION_BOARD = "Transformation board"
RESTRICTED_PAPER = "Data centre exit: supplier negotiation position"


def test_a_board_member_reads_the_boards_their_meetings_and_a_restricted_paper(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("board")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/governance/") == 200
    expect(page.locator("h1")).to_have_text("Governance")
    expect(page.locator("main")).to_contain_text("Overdue actions")
    expect(page.locator("main")).to_contain_text("Roles defined")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name=TRANSFORMATION_BOARD).first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(TRANSFORMATION_BOARD)
    expect(page.locator("main")).to_contain_text("You sit on this board")
    meetings = page.locator("#meetings ~ table").first
    expect(meetings).to_contain_text(RESTRICTED_PAPER)
    expect(meetings.locator("a[href*='/governance/meetings/']")).to_have_count(13)
    problems += page_problems(page, console)

    console.clear()
    page.locator("#meetings ~ table tr", has_text=RESTRICTED_PAPER).locator(
        "a[href*='/governance/meetings/']"
    ).click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-caption-l")).to_contain_text(TRANSFORMATION_BOARD)
    expect(page.locator("main")).to_contain_text("Agenda")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name=RESTRICTED_PAPER).click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(RESTRICTED_PAPER)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Restricted")
    expect(page.get_by_role("link", name="Download negotiation-position.txt")).to_be_visible()
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_viewer_outside_the_board_is_refused_the_restricted_paper(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    member = page_as("board")
    visit(member, "/governance/papers/")
    member.get_by_role("link", name=RESTRICTED_PAPER).click()
    member.wait_for_load_state()
    paper_url = member.url.split("#")[0]

    viewer = page_as("viewer")
    console.clear()
    assert visit(viewer, paper_url) == 404
    expect(viewer.locator("main")).to_contain_text("Page not found")
    expect(viewer.locator("main")).not_to_contain_text(RESTRICTED_PAPER)
    problems = page_problems(viewer, console, status=404)
    assert visit(viewer, paper_url + "file/") == 404

    console.clear()
    assert visit(viewer, "/governance/papers/") == 200
    expect(viewer.locator("main")).not_to_contain_text(RESTRICTED_PAPER)
    problems += page_problems(viewer, console)

    console.clear()
    visit(viewer, "/governance/boards/")
    viewer.get_by_role("link", name=TRANSFORMATION_BOARD).click()
    viewer.wait_for_load_state()
    expect(viewer.locator("main")).to_contain_text("shown only to the board's members")
    expect(viewer.locator("main")).not_to_contain_text(RESTRICTED_PAPER)
    problems += page_problems(viewer, console)
    assert not problems, "\n\n".join(problems)


def test_a_board_member_reads_the_decision_and_action_logs(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("board")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/governance/decisions/") == 200
    expect(page.locator("h1")).to_have_text("Decisions")
    expect(page.locator("main")).to_contain_text("Exit the council data centre")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="Exit the council data centre by moving to public cloud").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Options considered")
    expect(page.locator("main")).to_contain_text("Follow-up actions")
    expect(page.get_by_role("link", name="Data centre exit")).to_be_visible()
    problems += page_problems(page, console)

    console.clear()
    page.locator("main table a[href*='/governance/actions/']").first.click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Follows from")
    problems += page_problems(page, console)

    console.clear()
    assert visit(page, "/governance/actions/") == 200
    expect(page.locator("main table")).to_contain_text("Report back on")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_programme_manager_edits_a_raci_grid_and_sees_the_check_change_live(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("programme")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/governance/check/") == 200
    expect(page.locator("h1")).to_have_text("Governance check")
    report = page.locator("main table").first
    expect(report.locator("tr", has_text="Data centre exit")).to_contain_text("No accountable")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="RACI of Data centre exit").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("RACI grid")
    live = page.locator("#raci-live-check")
    expect(live).to_contain_text("Go live: no accountable")
    problems += page_problems(page, console)

    # The Go live row's Accountable was left out on purpose: give it to the person informed.
    go_live = page.locator("main form tbody tr", has=page.locator("input[value='Go live']"))
    informed = go_live.locator("input[value='I']")
    expect(informed).to_have_count(1)
    informed.fill("A")
    informed.dispatch_event("change")
    expect(live).to_contain_text("Go live: meets the rules")
    problems += page_problems(page, console)

    console.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the grid").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("#raci-live-check")).to_contain_text("Go live: meets the rules")
    go_live = page.locator("main form tbody tr", has=page.locator("input[value='Go live']"))
    expect(go_live.locator("input[value='A']")).to_have_count(1)
    problems += page_problems(page, console)

    console.clear()
    visit(page, "/governance/check/")
    expect(page.locator("main table").first.locator("tr", has_text="Go live")).to_have_count(0)
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_board_member_reads_the_maturity_radar_of_a_department(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("board")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/governance/maturity/") == 200
    expect(page.locator("h1")).to_have_text("Digital maturity")
    expect(page.locator("svg title#spread-title")).to_have_count(1)
    problems += page_problems(page, console)

    console.clear()
    page.locator("main table a[href*='/governance/maturity/departments/']").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Digital maturity of")
    radar = page.locator("svg.govdx-radar")
    expect(radar).to_have_count(1)
    expect(radar.locator("title#radar-title")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Data-driven public sector")
    expect(page.locator("main")).to_contain_text("Trend")
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_board_member_reads_the_strategy_and_records_an_actual_of_a_kpi(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("board")
    problems: list[str] = []
    console.clear()
    assert visit(page, "/governance/objectives/") == 200
    expect(page.locator("h1")).to_have_text("Objectives")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("link", name="Services online by default").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Services online by default")
    main = page.locator("main")
    expect(main).to_contain_text("Share of transactions completed online (%)")
    expect(page.locator("svg.govdx-chart")).to_have_count(2)
    expect(main).to_contain_text("Actuals of Calls to the contact centre a month")
    expect(page.get_by_role("link", name="Online revenues and benefits")).to_be_visible()
    expect(main).to_contain_text("Fewer calls to the contact centre")
    problems += page_problems(page, console)
    objective_url = page.url

    console.clear()
    page.get_by_role("link", name="Record an actual of Calls to the contact centre a month").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Record an actual")
    problems += page_problems(page, console)
    page.get_by_label("Date measured").fill("2026-02-02")
    page.get_by_label("Value measured").fill("19750")
    console.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the actual").click()
    assert page.url.split("#")[0] == objective_url
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2026-02-02")
    expect(page.locator("main")).to_contain_text("19,750")
    problems += page_problems(page, console)

    console.clear()
    page.get_by_role("button", name="Change Services online by default").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Change")
    expect(page.get_by_label("Online revenues and benefits", exact=False).first).to_be_checked()
    problems += page_problems(page, console)
    assert not problems, "\n\n".join(problems)


def test_a_viewer_reads_the_strategy_but_is_offered_no_change(
    page_as: Callable[[str], Any], console: ConsoleLog
) -> None:
    page = page_as("viewer")
    visit(page, "/governance/objectives/")
    page.get_by_role("link", name="A digitally confident workforce").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Record an actual", exact=False)).to_have_count(0)
    assert not page_problems(page, console)
