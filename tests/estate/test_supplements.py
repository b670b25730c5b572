"""Products endoflife.date lacks, added by people (supplements): added with their release cycles
on the pages and through the API, matched and judged like any product once a name is mapped to
them, refused where endoflife.date has the product or its cycles, kept with their history, and
left alone by a lifecycle-data load. Only estate managers and administrators write them."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govdx import cli
from govdx.core.services import api_token_create
from govdx.domain.errors import Invalid
from govdx.domain.governance.access import Role
from govdx.estate import importers, selectors, services
from govdx.estate.models import Mapping, Product, ReleaseCycle, Software
from tests.estate.conftest import day_text
from tests.estate.support import lifecycle_subset, write_csv

pytestmark = pytest.mark.django_db

PRODUCTS = ("windows", "python")
HEAD = ["Host Name", "Serial", "OS", "OS Version", "Application", "Vendor", "Version",
        "Last Seen", "Department"]  # fmt: skip
SUITE = "CaseWorks Case Manager"
"""Software no rule knows, installed on two devices: the supplement is for it."""
ENDED = datetime.date(2024, 3, 31)


def words(response: Any) -> str:
    """A page as words: each tag a space, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def bearer(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="script")
    return {"Authorization": f"Bearer {key}"}


def cycle_form(**changes: str) -> dict[str, str]:
    """The release cycle form as a person fills it in: cycle 4, released 2019, active support
    ended with no date known, end of life on ENDED, extended support not known."""
    return {
        "name": "4",
        "label": "",
        "release_date": "2019-04-01",
        "eoas_answer": "yes",
        "eoas": "",
        "eol_answer": "date",
        "eol": ENDED.isoformat(),
        "eoes_answer": "unknown",
        "eoes": "",
        **changes,
    }


@pytest.fixture
def lifecycle_file(tmp_path: Path) -> Path:
    return lifecycle_subset(tmp_path, PRODUCTS)


@pytest.fixture
def lifecycle(lifecycle_file: Path) -> Any:
    return services.lifecycle_data_load(path=lifecycle_file, user=None)


@pytest.fixture
def manager(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ESTATE_MANAGER, username="esme", first_name="Esme", last_name="Ng")


@pytest.fixture
def inventory(lifecycle: Any, org: dict[str, Any], tmp_path: Path) -> Any:
    """Two Finance PCs running the suite, version 4.2, imported as a user would."""
    seen = day_text(timezone.localdate())
    windows = ["Microsoft Windows 10 Enterprise", "10.0.19045.3803"]
    path = write_csv(
        tmp_path / "discovery.csv",
        [HEAD,
         ["FIN-PC1", "S1", *windows, SUITE, "CaseWorks Ltd", "4.2.1", seen, "Finance"],
         ["FIN-PC2", "S2", *windows, SUITE, "CaseWorks Ltd", "4.2.1", seen, "Finance"]],
    )  # fmt: skip
    return importers.import_inventory(path, source_name="Discovery", observed=timezone.localdate())


@pytest.fixture
def case_manager(lifecycle: Any, manager: Any) -> Product:
    """A supplement with one release cycle past its end of life."""
    product = services.supplement_create(slug="case-manager", label="Case Manager", user=manager)
    services.supplement_cycle_create(
        product=product,
        data={"name": "4", "release_date": datetime.date(2019, 4, 1), "eoas": True,
              "eol": ENDED, "eoes": None},
        user=manager,
    )  # fmt: skip
    return product


# Adding one, and what it changes


def test_a_supplement_and_its_cycle_added_on_the_pages_make_mapped_installations_end_of_life(
    client_for: Callable[[Any], Client],
    manager: Any,
    inventory: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    client = client_for(manager)
    products = client.get("/estate/products/")
    assert "Add a product endoflife.date lacks" in words(products)
    assert client.get("/estate/supplements/add/").status_code == 200

    added = client.post(
        "/estate/supplements/add/",
        {"slug": "case-manager", "label": "Case Manager", "category": "app",
         "link": "https://caseworks.example/support"},
    )  # fmt: skip

    product = Product.objects.get(slug="case-manager")
    assert added.status_code == 302 and added["Location"] == "/estate/products/case-manager/"
    assert product.is_supplement
    page = client.get(added["Location"])
    assert "Lifecycle from Added by a person" in words(page)
    assert "/estate/supplements/case-manager/cycles/add/" in page.content.decode()
    assert "/estate/supplements/case-manager/change/" in page.content.decode()
    assert "/estate/supplements/case-manager/delete/" in page.content.decode()

    # every version of the suite's name is the supplement, its cycle taken from the version
    services.mapping_create(name=SUITE, product=product, cycle=None, user=manager)
    suite = Software.objects.get(name=SUITE)
    assert (suite.product, suite.cycle) == (product, None)  # no release cycle yet
    form_page = client.get("/estate/supplements/case-manager/cycles/add/")
    assert form_page.status_code == 200
    assert form_page.content.decode().count("<h1") == 1
    # each phase's date is shown beside its radios, never revealed by script (see the template)
    assert 'id="conditional-id_eol"' in form_page.content.decode()
    assert "aria-controls" not in form_page.content.decode()

    cycle_added = client.post("/estate/supplements/case-manager/cycles/add/", cycle_form())

    cycle = ReleaseCycle.objects.get(product=product)
    assert cycle_added.status_code == 302, words(cycle_added)
    assert cycle_added["Location"] == "/estate/products/case-manager/4/"
    assert (cycle.eoas_date, cycle.eoas_flag, cycle.eol_date, cycle.eoes_flag) == (
        None, True, ENDED, None,
    )  # fmt: skip
    suite.refresh_from_db()
    assert suite.cycle == cycle  # matched again at once
    today = timezone.localdate()
    assert selectors.cycle_status(cycle, today) == "end_of_life"
    cycle_page = words(client.get(cycle_added["Location"]))
    assert "End of life (end of security support) 2024-03-31" in cycle_page
    assert "End of active support Ended (no date published)" in cycle_page
    assert "Today: end of life" in cycle_page
    counts = {c.status: c for c in selectors.lifecycle_status_counts(today)}
    assert counts["end_of_life"].installations >= 2

    status = cli.main(["estate", "lifecycle", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert {"product": "case-manager", "cycle": "4", "eol": "2024-03-31", "devices": 2,
            "installations": 2} in report["end_of_life"]  # fmt: skip
    assert SUITE not in {row["name"] for row in report["unmatched_top"]}


def test_a_supplement_and_its_cycles_are_kept_through_the_api(manager: Any, inventory: Any) -> None:
    headers = bearer(manager)
    api = Client(headers=headers)

    created = api.post(
        "/api/products",
        {"slug": "case-manager", "label": "Case Manager", "category": "app"},
        content_type="application/json",
    )
    cycles = [
        api.post(
            "/api/products/case-manager/cycles",
            body,
            content_type="application/json",
        )
        for body in (
            {"name": "4", "release_date": "2019-04-01", "eoas": True, "eol": "2024-03-31",
             "eoes": None},
            {"name": "5", "release_date": "2024-01-15", "eoas": "2026-01-31", "eol": False},
        )
    ]  # fmt: skip

    assert created.status_code == 201, created.content
    assert created.json()["is_supplement"] is True
    assert [c.status_code for c in cycles] == [201, 201], [c.content for c in cycles]
    assert cycles[0].json()["status"] == "end_of_life"
    read = api.get("/api/products/case-manager").json()
    assert {c["name"]: (c["eoas"], c["eol"], c["eoes"]) for c in read["cycles"]} == {
        "4": (True, "2024-03-31", None),
        "5": ("2026-01-31", False, None),
    }

    mapped = api.post(
        "/api/estate/mappings",
        {"name": SUITE, "product": "case-manager"},
        content_type="application/json",
    )
    assert (mapped.json()["installations"], mapped.json()["devices"]) == (2, 2)
    assert Software.objects.get(name=SUITE).cycle.name == "4"
    report = api.get("/api/estate/lifecycle").json()
    assert ("case-manager", "4") in {(e["product"], e["cycle"]) for e in report["end_of_life"]}

    five = ReleaseCycle.objects.get(product__slug="case-manager", name="5")
    changed = api.patch(
        "/api/products/case-manager/cycles/5",
        {"version": five.version, "eol": "2028-01-31", "eoes": False},
        content_type="application/json",
    )
    stale = api.patch(
        "/api/products/case-manager/cycles/5",
        {"version": five.version, "eol": None},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["eol"], changed.json()["eoes"]) == ("2028-01-31", False)
    assert changed.json()["eoas"] == "2026-01-31"  # what was not sent stays
    assert stale.status_code == 409

    product = Product.objects.get(slug="case-manager")
    renamed = api.patch(
        "/api/products/case-manager",
        {"version": product.version, "label": "CaseWorks Case Manager"},
        content_type="application/json",
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["label"] == "CaseWorks Case Manager"
    assert api.delete("/api/products/case-manager/cycles/5").json() == {"deleted": True}
    assert list(product.cycles.values_list("name", flat=True)) == ["4"]


# What is refused


def test_a_slug_endoflife_date_has_is_refused_naming_it_and_pointing_to_a_mapping(
    client_for: Callable[[Any], Client], manager: Any, lifecycle: Any
) -> None:
    with pytest.raises(Invalid) as refused:
        services.supplement_create(slug="python", label="My Python", user=manager)
    page = client_for(manager).post(
        "/estate/supplements/add/", {"slug": "python", "label": "My Python"}
    )
    api = Client(headers=bearer(manager)).post(
        "/api/products", {"slug": "python", "label": "My Python"}, content_type="application/json"
    )

    assert "endoflife.date already has python, “Python”" in refused.value.message
    assert "Map the names" in refused.value.message
    assert list(refused.value.field_errors) == ["slug"]
    assert page.status_code == 422
    summary = words(page).split("There is a problem", 1)[1]
    assert "Short name: endoflife.date has python (“Python”): map names to it instead." in summary
    assert api.status_code == 422 and "slug" in api.json()["errors"]
    python = Product.objects.get(slug="python")
    assert not python.is_supplement and python.label == "Python"
    assert not Product.objects.filter(is_supplement=True).exists()


def test_a_slug_added_already_or_not_a_short_name_is_refused(
    case_manager: Product, manager: Any
) -> None:
    with pytest.raises(Invalid, match="added already"):
        services.supplement_create(slug="case-manager", label="Again", user=manager)
    for slug in ("Case Manager", "case.manager"):
        with pytest.raises(Invalid) as refused:
            services.supplement_create(slug=slug, label="Case Manager", user=manager)
        assert "slug" in refused.value.field_errors


def test_a_release_cycle_of_an_endoflife_date_product_is_refused(
    client_for: Callable[[Any], Client], manager: Any, lifecycle: Any
) -> None:
    python = Product.objects.get(slug="python")
    cycles = python.cycles.count()
    three_eight = python.cycles.get(name="3.8")
    api = Client(headers=bearer(manager))

    with pytest.raises(Invalid) as refused:
        services.supplement_cycle_create(product=python, data={"name": "99"}, user=manager)
    posted = api.post(
        "/api/products/python/cycles", {"name": "99"}, content_type="application/json"
    )
    patched = api.patch(
        "/api/products/python/cycles/3.8",
        {"version": three_eight.version, "eol": False},
        content_type="application/json",
    )
    deleted = api.delete("/api/products/python/cycles/3.8")
    renamed = api.patch(
        "/api/products/python",
        {"version": python.version, "label": "Snake"},
        content_type="application/json",
    )
    page = client_for(manager).post("/estate/supplements/python/cycles/add/", cycle_form())

    assert "its cycles come from the lifecycle data" in refused.value.message
    assert posted.status_code == 422
    assert "its cycles come from the lifecycle data" in posted.json()["detail"]
    assert (patched.status_code, deleted.status_code, renamed.status_code) == (422, 422, 422)
    assert page.status_code == 404  # no such page for a product from endoflife.date
    assert python.cycles.count() == cycles
    three_eight.refresh_from_db()
    assert three_eight.eol_date is not None
    product_page = client_for(manager).get("/estate/products/python/").content.decode()
    assert "/estate/supplements/" not in product_page


def test_phase_dates_out_of_order_are_refused_naming_the_phase(
    client_for: Callable[[Any], Client], case_manager: Product, manager: Any
) -> None:
    client = client_for(manager)
    api = Client(headers=bearer(manager))

    page = client.post(
        "/estate/supplements/case-manager/cycles/add/",
        cycle_form(name="5", eoas_answer="date", eoas="2027-06-30", eol="2026-12-31"),
    )
    no_date = client.post(
        "/estate/supplements/case-manager/cycles/add/", cycle_form(name="5", eol="")
    )
    posted = api.post(
        "/api/products/case-manager/cycles",
        {"name": "5", "release_date": "2024-01-15", "eol": "2023-12-31"},
        content_type="application/json",
    )
    four = ReleaseCycle.objects.get(product=case_manager, name="4")
    patched = api.patch(
        "/api/products/case-manager/cycles/4",
        {"version": four.version, "eoes": "2020-01-01"},
        content_type="application/json",
    )

    assert page.status_code == 422
    summary = words(page).split("There is a problem", 1)[1]
    assert (
        "Date of end of life: End of life, 2026-12-31, is before end of active support, "
        "2027-06-30: give a date on or after it." in summary
    )
    assert 'aria-invalid="true" aria-describedby="id_eol-error" id="id_eol"' in (
        page.content.decode()
    )
    assert no_date.status_code == 422
    assert "Enter the date of end of life, or choose another answer." in words(no_date)
    assert posted.status_code == 422 and list(posted.json()["errors"]) == ["eol"]
    assert "is before release, 2024-01-15" in posted.json()["errors"]["eol"][0]
    assert patched.status_code == 422 and list(patched.json()["errors"]) == ["eoes"]
    assert list(case_manager.cycles.values_list("name", flat=True)) == ["4"]
    four.refresh_from_db()
    assert four.eoes_date is None


def test_a_supplement_or_cycle_that_software_runs_is_not_deleted(
    client_for: Callable[[Any], Client], case_manager: Product, manager: Any, inventory: Any
) -> None:
    services.mapping_create(name=SUITE, product=case_manager, cycle=None, user=manager)
    client = client_for(manager)
    api = Client(headers=bearer(manager))

    page = client.post("/estate/supplements/case-manager/delete/")
    cycle_page = client.post("/estate/supplements/case-manager/cycles/4/delete/")
    through_api = api.delete("/api/products/case-manager")

    assert page.status_code == 422
    assert "cannot be deleted while 1 mapping and 1 software name point at it" in words(page)
    assert cycle_page.status_code == 422
    assert through_api.status_code == 422
    assert ReleaseCycle.objects.filter(product=case_manager).count() == 1
    assert Mapping.objects.filter(product=case_manager).exists()

    Mapping.objects.all().delete()
    services.software_rematch()
    assert client.post("/estate/supplements/case-manager/cycles/4/delete/").status_code == 302
    gone = client.post("/estate/supplements/case-manager/delete/")
    assert gone.status_code == 302 and gone["Location"] == "/estate/products/"
    assert not Product.objects.filter(slug="case-manager").exists()


# Who may


WRITES = [
    ("get", "/estate/supplements/add/", None),
    ("post", "/estate/supplements/add/", {"slug": "other", "label": "Other"}),
    ("get", "/estate/supplements/case-manager/change/", None),
    ("post", "/estate/supplements/case-manager/change/", {"slug": "case-manager",
                                                         "label": "Renamed"}),
    ("post", "/estate/supplements/case-manager/delete/", {}),
    ("get", "/estate/supplements/case-manager/cycles/add/", None),
    ("post", "/estate/supplements/case-manager/cycles/add/", cycle_form(name="5")),
    ("post", "/estate/supplements/case-manager/cycles/4/change/", cycle_form(eol_answer="no")),
    ("post", "/estate/supplements/case-manager/cycles/4/delete/", {}),
    ("post", "/api/products", {"slug": "other", "label": "Other"}),
    ("patch", "/api/products/case-manager", {"version": 1, "label": "Renamed"}),
    ("delete", "/api/products/case-manager", None),
    ("post", "/api/products/case-manager/cycles", {"name": "5"}),
    ("patch", "/api/products/case-manager/cycles/4", {"version": 1, "eol": False}),
    ("delete", "/api/products/case-manager/cycles/4", None),
]  # fmt: skip


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DEPARTMENT_LEAD])
def test_a_viewer_and_a_department_lead_may_read_supplements_but_not_write_them(
    client_for: Callable[[Any], Client],
    user_in_scope: Callable[..., Any],
    case_manager: Product,
    role: Role,
) -> None:
    user = user_in_scope(role)
    page_client, api_client = client_for(user), Client(headers=bearer(user))
    history = (Product.history.count(), ReleaseCycle.history.count())

    for method, path, data in WRITES:
        client = api_client if path.startswith("/api/") else page_client
        if path.startswith("/api/") and data is not None:
            response = getattr(client, method)(path, data, content_type="application/json")
        elif data is not None:
            response = getattr(client, method)(path, data)
        else:
            response = getattr(client, method)(path)
        assert response.status_code == 403, (role, method, path, response.status_code)

    assert (Product.history.count(), ReleaseCycle.history.count()) == history
    assert list(Product.objects.filter(is_supplement=True).values_list("slug", "label")) == [
        ("case-manager", "Case Manager")
    ]
    assert list(case_manager.cycles.values_list("name", "eol_date")) == [("4", ENDED)]
    product_page = page_client.get("/estate/products/case-manager/")
    assert product_page.status_code == 200
    assert "Added by a person" in words(product_page)
    assert "/estate/supplements/" not in product_page.content.decode()
    assert "/estate/supplements/" not in page_client.get("/estate/products/").content.decode()
    assert api_client.get("/api/products/case-manager").json()["cycles"][0]["eol"] == "2024-03-31"


def test_an_administrator_may_write_supplements(
    client_for: Callable[[Any], Client], make_user: Callable[..., Any], lifecycle: Any
) -> None:
    client = client_for(make_user(Role.ADMINISTRATOR))

    added = client.post("/estate/supplements/add/", {"slug": "ledger", "label": "Ledger"})
    cycle = client.post("/estate/supplements/ledger/cycles/add/", cycle_form(name="1"))

    assert (added.status_code, cycle.status_code) == (302, 302)


# History, and a lifecycle-data load


def test_changes_to_a_supplement_and_its_cycles_keep_their_history(
    client_for: Callable[[Any], Client], case_manager: Product, manager: Any
) -> None:
    client = client_for(manager)
    four = ReleaseCycle.objects.get(product=case_manager, name="4")

    renamed = client.post(
        "/estate/supplements/case-manager/change/",
        {"slug": "case-manager", "label": "Case Manager Pro", "category": "", "link": "",
         "version": case_manager.version},
    )  # fmt: skip
    changed = client.post(
        "/estate/supplements/case-manager/cycles/4/change/",
        cycle_form(eol="2024-06-30", version=str(four.version)),
    )
    stale = client.post(
        "/estate/supplements/case-manager/cycles/4/change/",
        cycle_form(eol="2025-01-01", version=str(four.version)),
    )

    assert (renamed.status_code, changed.status_code, stale.status_code) == (302, 302, 409)
    product_history = words(client.get("/estate/products/case-manager/")).split("History", 1)[1]
    assert "Esme Ng Changed Label: was Case Manager → now Case Manager Pro" in product_history
    assert "Esme Ng Created (added by a person: endoflife.date lacks it)" in product_history
    cycle_history = words(client.get("/estate/products/case-manager/4/")).split("History", 1)[1]
    assert "Esme Ng Changed End of life: was 2024-03-31 → now 2024-06-30" in cycle_history
    assert "Esme Ng Created (added by a person)" in cycle_history
    four.refresh_from_db()
    assert four.eol_date == datetime.date(2024, 6, 30)
    change_page = client.get("/estate/supplements/case-manager/cycles/4/change/").content.decode()
    assert 'name="eoas_answer" type="radio" value="yes" checked>' in change_page
    assert 'name="eol_answer" type="radio" value="date" checked' in change_page
    assert 'name="eol" value="2024-06-30"' in change_page


def test_a_lifecycle_data_load_leaves_a_supplement_untouched(
    case_manager: Product, lifecycle_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even when endoflife.date comes to list a product of the same name, the one people added
    keeps its own name and dates until they delete it."""
    document = json.loads(lifecycle_file.read_text())
    document["result"].append(
        {"name": "case-manager", "label": "Case Manager (endoflife.date)", "category": "app",
         "releases": [{"name": "4", "eolFrom": "2030-01-01", "isEol": False},
                      {"name": "6", "eolFrom": "2031-01-01", "isEol": False}]}
    )  # fmt: skip
    document["total"] = len(document["result"])
    later = tmp_path / "later.json"
    later.write_text(json.dumps(document))
    before = list(ReleaseCycle.objects.filter(product=case_manager).values())
    history = (Product.history.count(), ReleaseCycle.history.count())

    for path in (lifecycle_file, later):
        assert cli.main(["estate", "lifecycle-data", "load", str(path)]) == 0
    capsys.readouterr()

    product = Product.objects.get(slug="case-manager")
    assert (product.label, product.is_supplement, product.version) == ("Case Manager", True, 1)
    assert list(ReleaseCycle.objects.filter(product=product).values()) == before
    assert (Product.history.count(), ReleaseCycle.history.count()) == history
