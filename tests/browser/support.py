"""What the browser tests share: signing in, the health checks every page must pass, axe-core."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GOVDX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "northshire-demo"
DEMO_ORGANISATION = "Northshire Council"
TIMEOUT_MS = 15_000

AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# axe-core reaches the page from the page's own origin (a route the context fulfils from
# node_modules), so the strict Content-Security-Policy stays on while it runs: an inline copy,
# which add_script_tag(path=...) makes, is refused by `script-src 'self'`.
AXE_URL = "/__browser-tests__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


class ConsoleLog:
    """Console messages and uncaught errors of every page in one browser context."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("console", lambda msg: self.messages.append(f"console.{msg.type}: {msg.text}"))
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]

    def errors(self, *, status: int = 200) -> list[str]:
        """Errors, less the browser's note that the page itself answered `status`."""
        expected = f"the server responded with a status of {status}"
        return [
            m
            for m in self.messages
            if m.startswith(("console.error", "page error")) and expected not in m
        ]

    def clear(self) -> None:
        self.messages.clear()


def serve_axe(context: Any) -> None:
    if not AXE_SOURCE.exists():
        raise RuntimeError(f"axe-core is missing at {AXE_SOURCE}: run `npm ci`.")
    context.route(
        f"**{AXE_URL}",
        lambda route: route.fulfill(path=str(AXE_SOURCE), content_type="text/javascript"),
    )


def sign_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in and send the real sign-in form, and wait for the page it leads to."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    return list(
        page.evaluate(
            """async (tags) => {
              const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
              return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.join(' ')),
                summaries: v.nodes.map((n) => n.failureSummary || ''),
              }));
            }""",
            AXE_TAGS,
        )
    )


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} accessibility violation(s)"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for target, summary in zip(violation["targets"], violation["summaries"], strict=True):
            detail = " ".join(summary.split())
            lines.append(f"      {target}" + (f" — {detail[:300]}" if detail else ""))
    return "\n".join(lines)


def page_problems(page: Any, console: ConsoleLog, *, status: int | None = 200) -> list[str]:
    """Everything wrong with the page just loaded: one h1, a title that names the page, working
    JavaScript, a CSP never violated, no script errors, no serious or critical WCAG 2.2 AA
    violations. `status` is the page's own HTTP status, which the console reports as an error."""
    where = page.url
    problems: list[str] = []
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{where}: {headings} h1 headings, not one")
    title = page.title()
    if title.removeprefix("Error: ").split(" – ")[0] in {"", "govdx"}:
        problems.append(f"{where}: the page title {title!r} does not say what the page is")
    scripting = page.evaluate(
        """() => ({
          frontend: document.body.classList.contains('govuk-frontend-supported'),
          htmx: typeof window.htmx !== 'undefined',
        })"""
    )
    if not scripting["frontend"]:
        problems.append(f"{where}: GOV.UK Frontend did not start (no govuk-frontend-supported)")
    if not scripting["htmx"]:
        problems.append(f"{where}: htmx did not load (window.htmx is undefined)")
    violations = blocking(axe_violations(page))
    if violations:
        problems.append(describe_violations(where, violations))
    problems += [f"{where}: {m}" for m in console.csp_violations()]
    if status is not None:
        problems += [f"{where}: {m}" for m in console.errors(status=status)]
    return problems


def visit(page: Any, path: str) -> int:
    """Open `path` and answer the HTTP status of the page."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    return int(response.status)


def url_shape(href: str) -> str:
    """/org/people/48/change/?next=x -> /org/people/N/change/?next: one visit per kind of page."""
    parts = urlsplit(href)
    keys = ",".join(sorted(parse_qs(parts.query, keep_blank_values=True)))
    path = re.sub(r"\d+", "N", parts.path)
    # Products and release cycles are named, not numbered: /estate/products/SLUG/CYCLE/.
    path = re.sub(r"^/estate/products/[^/]+/(?:[^/]+/)?", _product_shape, path)
    return path + (f"?{keys}" if keys else "")


def _product_shape(match: re.Match[str]) -> str:
    depth = match.group(0).rstrip("/").count("/")
    return "/estate/products/SLUG/" if depth == 3 else "/estate/products/SLUG/CYCLE/"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)
