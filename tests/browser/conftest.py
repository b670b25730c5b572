"""The browser tests' ground: the real govdx, started as a user starts it, and one Chromium.

`live_server_url` runs `govdx init --demo` into a temporary folder and `govdx serve` on a free
port, as an administrator would; the tests reach it over HTTP only, so they never touch the ORM
and need no `db` fixture. One Chromium (Debian's) serves the session, with a fresh context per
test. Each demo user signs in once through the real form; later contexts start from that
session's cookies. `make test-browser` runs two workers, each with its own govdx and Chromium,
so what one test changes in its demo is never seen by the other worker's tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    TIMEOUT_MS,
    ConsoleLog,
    serve_axe,
    sign_in,
)

SERVER_START_SECONDS = 60
_server_log: list[Path] = []  # the running server's log, shown under a failing test


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed and _server_log and item.get_closest_marker("browser"):
        report.sections.append(("govdx server log (last lines)", _log_tail(_server_log[0])))
    return report


def _govdx_command() -> list[str]:
    script = Path(sys.executable).with_name("govdx")
    return [str(script)] if script.exists() else [sys.executable, "-m", "govdx"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url(data_dir: Path) -> str:
    """A fresh SQLite file in the run's folder, whatever DATABASE_URL says.

    The tests change records and rely on the demo as `init --demo` loads it, so they never
    load it into the developer's database or a PostgreSQL server (`make test-postgres` exports
    DATABASE_URL). GOVDX_BROWSER_DATABASE_URL may name another SQLite file on purpose.
    """
    chosen = os.environ.get("GOVDX_BROWSER_DATABASE_URL", "")
    if chosen.startswith("sqlite:"):
        return chosen
    return f"sqlite:///{data_dir / 'govdx.sqlite3'}"


def _log_tail(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-6000:]
    except OSError:
        return "(no server log)"


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"`govdx serve` exited with status {process.returncode} before answering."
                f"\n--- server log ---\n{_log_tail(log_path)}"
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.2)
    raise RuntimeError(
        f"govdx did not answer 200 at {url}/healthz within {SERVER_START_SECONDS}s "
        f"(last: {last}).\n--- server log ---\n{_log_tail(log_path)}"
    )


def _check_pages_render(url: str, log_path: Path) -> None:
    """/healthz renders no template: make sure a real page does (static files, templates)."""
    try:
        with urllib.request.urlopen(f"{url}/sign-in/", timeout=10) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(
            f"govdx answers /healthz but /sign-in/ answers HTTP {status}."
            f"\n--- server log ---\n{_log_tail(log_path)}"
        )


@pytest.fixture(scope="session")
def live_server_url() -> Iterator[str]:
    """The address of a real `govdx serve` holding the Northshire demo, for the whole session."""
    data_dir = Path(tempfile.mkdtemp(prefix="govdx-browser-"))
    env = {
        **os.environ,
        "GOVDX_DATA_DIR": str(data_dir),
        "DATABASE_URL": _database_url(data_dir),
        "GOVDX_HTTPS": "0",
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    govdx = _govdx_command()
    init = subprocess.run(  # noqa: S603
        [*govdx, "init", "--demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if init.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.fail(
            f"`govdx init --demo` failed with status {init.returncode}:\n"
            f"{init.stdout}\n{init.stderr}",
            pytrace=False,
        )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [*govdx, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    _server_log[:] = [log_path]
    try:
        try:
            _wait_until_healthy(url, process, log_path)
            _check_pages_render(url, log_path)
        except RuntimeError as error:
            pytest.fail(str(error), pytrace=False)
        yield url
    finally:
        _server_log.clear()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if os.environ.get("GOVDX_BROWSER_KEEP"):
            sys.stderr.write(f"\ngovdx browser run kept in {data_dir}\n")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session: Debian's, as Playwright's download cannot run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install Debian's (`apt-get install -y chromium`) "
            "or set GOVDX_CHROMIUM to its path.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The playwright package is missing: pip install -e '.[test]'.", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def console() -> ConsoleLog:
    """The console of every page the test opens."""
    return ConsoleLog()


@pytest.fixture
def new_context(
    browser: Any, live_server_url: str, console: ConsoleLog
) -> Iterator[Callable[..., Any]]:
    """`new_context(**options)`: a fresh browser context, closed when the test ends."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", console.attach)
        serve_axe(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    """A page in a fresh context, signed out."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def _signed_in_states(browser: Any, live_server_url: str) -> dict[str, Any]:
    return {}


@pytest.fixture
def page_as(
    new_context: Callable[..., Any],
    browser: Any,
    live_server_url: str,
    _signed_in_states: dict[str, Any],
) -> Callable[[str], Any]:
    """`page_as("lead")`: a page in a fresh context, signed in as that demo user.

    Each user signs in through the form once per session; later contexts reuse the cookies.
    A test that signs out must sign in with `sign_in` itself, so as not to end the shared session.
    """

    def make(username: str) -> Any:
        if username not in _signed_in_states:
            context = browser.new_context(base_url=live_server_url)
            context.set_default_timeout(TIMEOUT_MS)
            try:
                first = context.new_page()
                sign_in(first, username)
                assert "/sign-in/" not in first.url, f"{username} could not sign in"
                _signed_in_states[username] = context.storage_state()
            finally:
                context.close()
        return new_context(storage_state=_signed_in_states[username]).new_page()

    return make


@pytest.fixture
def no_js_page(new_context: Callable[..., Any]) -> Any:
    """A page in a fresh context with JavaScript turned off, signed out."""
    return new_context(java_script_enabled=False).new_page()
