"""The demo council, loaded once for every test in this package.

Loading the whole demo takes many seconds, so the tests that read it share one load: the
package-scoped `demo` fixture loads it inside a transaction that is rolled back when the last
test of the package has run. Each test still runs in its own savepoint (the `db` fixture), so
a test may change the demo and the next one sees it as loaded. A parallel run sends the whole
package to one worker (see tests/conftest.py), so it loads the demo once too.

Tests that need a database without the demo, or two loads to compare, live elsewhere (the
command-line tests load the demo from scratch through `govdx init --demo`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from govdx.demo.generator import DEMO_SEED, load_demo


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """What `load_demo` returned: how many of each record the demo holds, per module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo(seed=DEMO_SEED)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
