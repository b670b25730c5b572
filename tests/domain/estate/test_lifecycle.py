"""Support lifecycles: reading endoflife.date's products and judging a release cycle on a day."""

from __future__ import annotations

import copy
import datetime
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import GovdxError, Invalid
from govdx.domain.estate.lifecycle import (
    Cycle,
    LifecycleDataError,
    LifecycleStatus,
    Product,
    cycle_status,
    end_of_life_date,
    ends_within,
    is_end_of_life,
    parse_products,
    parse_products_json,
    supplement_product,
)

D = datetime.date


@pytest.fixture(scope="session")
def products_file() -> Path:
    """The offline copy of /api/v1/products/full in the shared data (`shared/data` beside the
    repository, or the folder GOVDX_SHARED_DATA names); missing data fails the test."""
    configured = os.environ.get("GOVDX_SHARED_DATA")
    data = Path(configured) if configured else Path(__file__).parents[3].parent / "shared" / "data"
    path = data / "endoflife" / "products-full.json"
    if not path.is_file():
        pytest.fail(
            f"The endoflife.date data is not at {path}: lay shared/data beside the repository, "
            "or set GOVDX_SHARED_DATA to the shared data folder."
        )
    return path


@pytest.fixture(scope="session")
def real_products(products_file: Path) -> dict[str, Product]:
    return {product.slug: product for product in parse_products_json(products_file.read_bytes())}


def release(name: str = "1.0", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "codename": None,
        "label": name,
        "releaseDate": "2020-01-01",
        "isLts": False,
        "ltsFrom": None,
        "isEol": False,
        "eolFrom": None,
        "isMaintained": True,
        "latest": None,
        "custom": None,
        **fields,
    }


def document(*releases: dict[str, Any], **product: Any) -> dict[str, Any]:
    return {
        "schema_version": "1.2.1",
        "generated_at": "2026-08-22T08:52:34+00:00",
        "total": 1,
        "result": [
            {
                "name": "widget",
                "aliases": ["gadget"],
                "label": "Widget",
                "category": "app",
                "tags": ["app"],
                "versionCommand": None,
                "identifiers": [{"type": "purl", "id": "pkg:generic/widget"}],
                "labels": {"eoas": None, "discontinued": None, "eol": "Security", "eoes": None},
                "links": {
                    "icon": None,
                    "html": "https://endoflife.date/widget",
                    "releasePolicy": None,
                },
                "releases": list(releases) or [release()],
                **product,
            }
        ],
    }


# Reading ---------------------------------------------------------------------------------


def test_a_product_keeps_its_fields_and_its_cycles_in_file_order():
    (product,) = parse_products(
        document(
            release(
                "2.0",
                codename="Kestrel",
                label="2.0 (LTS)",
                isLts=True,
                latest={"name": "2.0.7", "date": "2024-05-01", "link": None},
            ),
            release("1.0"),
        )
    )
    assert (product.slug, product.label, product.category) == ("widget", "Widget", "app")
    assert product.tags == ("app",) and product.aliases == ("gadget",)
    assert product.identifiers == (("purl", "pkg:generic/widget"),)
    assert product.link == "https://endoflife.date/widget"
    assert product.cycle_names == ("2.0", "1.0")
    newest = product.cycle("2.0")
    assert newest == Cycle(
        product="widget",
        name="2.0",
        label="2.0 (LTS)",
        codename="Kestrel",
        release_date=D(2020, 1, 1),
        lts=True,
        eol=False,
        latest="2.0.7",
        latest_date=D(2024, 5, 1),
    )
    assert product.cycle("3.0") is None


def test_a_phase_is_its_date_where_given_else_the_yes_or_no_else_unknown():
    (product,) = parse_products(
        document(
            release(
                "dated",
                isEoas=True,
                eoasFrom="2021-02-03",
                isEol=False,
                eolFrom="2030-01-01",
                isEoes=False,
                eoesFrom="2033-01-01",
                isDiscontinued=True,
                discontinuedFrom="2022-01-01",
            ),
            release("flags", isEoas=True, eoasFrom=None, isEol=True, isEoes=False, eoesFrom=None),
            release("unknown-eoes", isEoes=None, eoesFrom=None),
            release("no-columns"),
        )
    )
    dated, flags, unknown_eoes, no_columns = product.cycles
    assert (dated.eoas, dated.eol, dated.eoes, dated.discontinued) == (
        D(2021, 2, 3),
        D(2030, 1, 1),
        D(2033, 1, 1),
        D(2022, 1, 1),
    )
    assert (flags.eoas, flags.eol, flags.eoes, flags.discontinued) == (True, True, False, None)
    assert unknown_eoes.eoes is None
    assert (no_columns.eoas, no_columns.eoes, no_columns.discontinued) == (None, None, None)


def test_an_upcoming_lts_counts_as_lts_and_missing_optional_keys_are_unknown():
    bare = {"name": "7"}
    (product,) = parse_products(document(release("26", isLts=False, ltsFrom="2026-10-28"), bare))
    upcoming, minimal = product.cycles
    assert upcoming.lts
    assert minimal == Cycle(product="widget", name="7")
    assert minimal.label == "7"
    assert minimal.eol is None


def test_unknown_keys_are_ignored_so_a_newer_minor_schema_still_reads():
    raw = document(release(isFuture=True, somethingNew={"x": 1}), brandNew=[1, 2])
    raw["schema_version"] = "1.9.0"
    assert parse_products(raw)[0].cycle_names == ("1.0",)


def test_json_text_and_bytes_are_both_read():
    text = json.dumps(document())
    assert parse_products_json(text) == parse_products_json(text.encode())


def malformed(change) -> dict[str, Any]:
    raw = document(release("1.0"), release("2.0"))
    raw["total"] = 1
    change(raw)
    return raw


def _set_release(key: str, value: object):
    def change(raw: dict[str, Any]) -> None:
        raw["result"][0]["releases"][1][key] = value

    return change


def _set_product(key: str, value: object):
    def change(raw: dict[str, Any]) -> None:
        raw["result"][0][key] = value

    return change


def _drop_release(key: str):
    def change(raw: dict[str, Any]) -> None:
        del raw["result"][0]["releases"][1][key]

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _set_release("eolFrom", "soon"),
            "result[0].releases[1]: \"eolFrom\" is not a date: 'soon'",
        ),
        (
            _set_release("eoasFrom", "2024-02-30"),
            "result[0].releases[1]: \"eoasFrom\" is not a date: '2024-02-30'",
        ),
        (
            _set_release("releaseDate", 20200101),
            'result[0].releases[1]: "releaseDate" is not a date: 20200101',
        ),
        (
            _set_release("isEol", "yes"),
            "result[0].releases[1]: \"isEol\" is not true or false: 'yes'",
        ),
        (_set_release("isEoes", 0), 'result[0].releases[1]: "isEoes" is not true or false: 0'),
        (_set_release("codename", 7), 'result[0].releases[1]: "codename" is not text: 7'),
        (_set_release("latest", "2.0.1"), "result[0].releases[1].latest is not an object: '2.0.1'"),
        (
            _set_release("latest", {"name": "2.0.1", "date": "May"}),
            "result[0].releases[1].latest: \"date\" is not a date: 'May'",
        ),
        (_drop_release("name"), 'result[0].releases[1]: "name" is missing'),
        (_set_release("name", "  "), 'result[0].releases[1]: "name" is empty'),
        (_set_release("name", "1.0"), 'result[0].releases[1]: release cycle "1.0" appears twice'),
        (_set_product("releases", None), 'result[0]: "releases" is missing'),
        (
            _set_product("releases", {"1.0": {}}),
            "result[0]: \"releases\" is not a list: {'1.0': {}}",
        ),
        (_set_product("tags", ["app", 3]), 'result[0]: "tags[1]" is not text: 3'),
        (
            _set_product("identifiers", [{"type": "purl"}]),
            'result[0].identifiers[0]: "id" is missing',
        ),
        (_set_product("links", "https://x"), "result[0].links is not an object: 'https://x'"),
        (_set_product("name", None), 'result[0]: "name" is missing'),
    ],
)
def test_a_malformed_document_is_refused_naming_the_place(change, message):
    with pytest.raises(LifecycleDataError) as refused:
        parse_products(malformed(change))
    assert str(refused.value) == message
    assert isinstance(refused.value, GovdxError)


def test_a_release_that_is_not_an_object_is_refused():
    raw = document(release(), "2.0")  # type: ignore[arg-type]  # a malformed release on purpose
    with pytest.raises(
        LifecycleDataError, match=r"^result\[0\]\.releases\[1\] is not an object: '2\.0'$"
    ):
        parse_products(raw)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ([], r"^The lifecycle data is not an object: \[\]$"),
        ({"products": []}, r'has no "result"'),
        ({"result": {}}, r'^"result" is not a list: \{\}$'),
        ({"schema_version": "2.0.0", "result": []}, r"knows schema version 1"),
        ({"total": 3, "result": []}, r'"total" says 3 products but "result" holds 0'),
    ],
)
def test_an_envelope_not_in_the_api_shape_is_refused(raw, says):
    with pytest.raises(LifecycleDataError, match=says):
        parse_products(raw)


def test_a_product_listed_twice_is_refused():
    raw = document()
    raw["result"].append(copy.deepcopy(raw["result"][0]))
    raw["total"] = 2
    with pytest.raises(LifecycleDataError, match=r'^result\[1\]: product "widget" appears twice$'):
        parse_products(raw)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{", "is not JSON"),
        ("[1, 2]", "is not a JSON object: it starts with"),
        (b"\xff", "is not JSON"),
    ],
)
def test_text_that_is_not_a_json_object_is_refused(text, says):
    with pytest.raises(LifecycleDataError, match=says):
        parse_products_json(text)


# The offline copy ------------------------------------------------------------------------


def test_the_whole_offline_file_reads_in_well_under_a_second(products_file):
    content = products_file.read_bytes()
    started = time.perf_counter()
    products = parse_products_json(content)
    elapsed = time.perf_counter() - started
    assert len(products) == 464
    assert sum(len(product.cycles) for product in products) == 8351
    assert elapsed < 0.5


def test_the_readme_validated_releases_read_as_the_readme_says(real_products):
    server = real_products["windows-server"].cycle("2012-r2")
    assert server is not None
    assert (server.eol, server.eoes, server.eoas) == (
        D(2023, 10, 10),
        D(2026, 10, 13),
        D(2018, 10, 9),
    )
    assert server.lts
    log4j = real_products["log4j"].cycle("2")
    assert log4j is not None and log4j.eol is False
    assert cycle_status(log4j, D(2030, 1, 1)) is LifecycleStatus.SUPPORTED
    assert not is_end_of_life(log4j, D(2030, 1, 1))
    for slug, cycle in [
        ("mssqlserver", "12.0-sp3"),
        ("oracle-jdk", "8"),
        ("office", "2016"),
        ("ubuntu", "20.04"),
        ("nodejs", "20"),
        ("tomcat", "8.5"),
    ]:
        assert real_products[slug].cycle(cycle) is not None, (slug, cycle)


def test_windows_server_2012_r2_moves_through_its_phases(real_products):
    server = real_products["windows-server"].cycle("2012-r2")
    assert server is not None
    assert cycle_status(server, D(2018, 10, 8)) is LifecycleStatus.SUPPORTED
    assert cycle_status(server, D(2018, 10, 9)) is LifecycleStatus.SECURITY_ONLY
    assert cycle_status(server, D(2023, 10, 10)) is LifecycleStatus.EXTENDED_SUPPORT
    assert cycle_status(server, D(2026, 10, 12)) is LifecycleStatus.EXTENDED_SUPPORT
    assert cycle_status(server, D(2026, 10, 13)) is LifecycleStatus.END_OF_LIFE
    assert not is_end_of_life(server, D(2023, 10, 9))
    assert is_end_of_life(server, D(2023, 10, 10))
    assert end_of_life_date(server) == D(2023, 10, 10)


def test_nodejs_20_has_open_ended_commercial_support_after_end_of_life(real_products):
    node = real_products["nodejs"].cycle("20")
    assert node is not None and node.eoes is False
    assert cycle_status(node, D(2026, 5, 1)) is LifecycleStatus.EXTENDED_SUPPORT
    assert is_end_of_life(node, D(2026, 5, 1))


# Judging a cycle -------------------------------------------------------------------------

DAY = D(2025, 6, 1)


@pytest.mark.parametrize(
    ("phases", "status"),
    [
        ({}, LifecycleStatus.UNKNOWN),
        ({"eoas": True}, LifecycleStatus.UNKNOWN),
        ({"eol": False}, LifecycleStatus.SUPPORTED),
        ({"eol": D(2025, 6, 2)}, LifecycleStatus.SUPPORTED),
        ({"eol": D(2025, 6, 2), "eoas": D(2025, 6, 2)}, LifecycleStatus.SUPPORTED),
        ({"eol": D(2025, 6, 2), "eoas": DAY}, LifecycleStatus.SECURITY_ONLY),
        ({"eol": False, "eoas": True}, LifecycleStatus.SECURITY_ONLY),
        ({"eol": False, "eoas": False}, LifecycleStatus.SUPPORTED),
        ({"eol": DAY}, LifecycleStatus.END_OF_LIFE),
        ({"eol": True}, LifecycleStatus.END_OF_LIFE),
        ({"eol": True, "eoes": True}, LifecycleStatus.END_OF_LIFE),
        ({"eol": True, "eoes": None}, LifecycleStatus.END_OF_LIFE),
        ({"eol": True, "eoes": False}, LifecycleStatus.EXTENDED_SUPPORT),
        ({"eol": DAY, "eoes": D(2025, 6, 2)}, LifecycleStatus.EXTENDED_SUPPORT),
        ({"eol": DAY, "eoes": DAY}, LifecycleStatus.END_OF_LIFE),
        ({"eol": D(2025, 6, 2), "eoes": False}, LifecycleStatus.SUPPORTED),
    ],
)
def test_a_cycle_status_follows_its_phases_on_the_day(phases, status):
    assert cycle_status(Cycle("widget", "1", **phases), DAY) is status


@pytest.mark.parametrize(
    ("eol", "ended"),
    [(True, True), (False, False), (None, False), (DAY, True), (D(2025, 6, 2), False)],
)
def test_end_of_life_is_on_or_before_the_day_and_ignores_extended_support(eol, ended):
    assert is_end_of_life(Cycle("widget", "1", eol=eol, eoes=D(2030, 1, 1)), DAY) is ended


def test_the_end_of_life_date_is_only_a_date():
    assert end_of_life_date(Cycle("widget", "1", eol=DAY)) == DAY
    assert end_of_life_date(Cycle("widget", "1", eol=True)) is None
    assert end_of_life_date(Cycle("widget", "1", eol=False)) is None
    assert end_of_life_date(Cycle("widget", "1")) is None


def test_ends_within_counts_from_the_day_after_to_the_last_day_inclusive():
    ending = Cycle("widget", "1", eol=D(2025, 7, 1))
    assert ends_within(ending, DAY, 30)
    assert not ends_within(ending, DAY, 29)
    assert not ends_within(ending, D(2025, 7, 1), 30)  # already ended, not ending
    assert not ends_within(Cycle("widget", "1", eol=True), DAY, 3650)
    assert not ends_within(Cycle("widget", "1", eol=False), DAY, 3650)
    with pytest.raises(Invalid, match="0 or more"):
        ends_within(ending, DAY, -1)


# Supplements -----------------------------------------------------------------------------


def test_a_supplement_is_built_from_a_persons_cycles_and_judged_like_any_product():
    product = supplement_product(
        "case-manager",
        " Case Manager ",
        [Cycle("", "4", eol=D(2024, 3, 31)), Cycle("", "5", eol=False)],
    )
    assert product.label == "Case Manager"
    assert product.cycle_names == ("4", "5")
    old = product.cycle("4")
    assert old is not None and old.product == "case-manager"
    assert cycle_status(old, DAY) is LifecycleStatus.END_OF_LIFE


@pytest.mark.parametrize(
    ("slug", "label", "cycles", "field"),
    [
        ("Case Manager", "Case Manager", [Cycle("", "1")], "slug"),
        ("case-manager", " ", [Cycle("", "1")], "label"),
        ("case-manager", "Case Manager", [], "cycles"),
    ],
)
def test_a_supplement_without_a_slug_label_or_cycle_is_refused(slug, label, cycles, field):
    with pytest.raises(Invalid) as refused:
        supplement_product(slug, label, cycles)
    assert field in refused.value.field_errors


@pytest.mark.parametrize(
    ("cycle", "field"),
    [
        (Cycle("", "1", release_date=D(2024, 1, 1), eoas=D(2023, 12, 31)), "eoas"),
        (Cycle("", "1", eoas=D(2025, 1, 1), eol=D(2024, 6, 30), eoes=D(2026, 1, 1)), "eol"),
        (Cycle("", "1", release_date=D(2024, 1, 1), eoas=True, eol=D(2023, 1, 1)), "eol"),
        (Cycle("", "1", eol=D(2025, 1, 1), eoes=D(2024, 1, 1)), "eoes"),
    ],
)
def test_a_supplement_whose_phases_are_out_of_order_is_refused_naming_the_phase(cycle, field):
    with pytest.raises(Invalid) as refused:
        supplement_product("case-manager", "Case Manager", [cycle])
    assert list(refused.value.field_errors) == [field]
    assert "Release cycle 1:" in refused.value.message


def test_a_supplement_with_phases_on_one_day_or_given_as_yes_or_no_is_in_order():
    same_day = Cycle("", "1", release_date=D(2024, 1, 1), eoas=D(2024, 1, 1), eol=D(2024, 1, 1))
    flags = Cycle("", "2", release_date=D(2024, 1, 1), eoas=True, eol=False, eoes=False)
    assert supplement_product("case-manager", "Case Manager", [same_day, flags]).cycle_names == (
        "1",
        "2",
    )


def test_a_product_refuses_a_cycle_twice_or_another_products_cycle():
    with pytest.raises(Invalid, match="twice"):
        Product("widget", "Widget", cycles=(Cycle("widget", "1"), Cycle("widget", "1")))
    with pytest.raises(Invalid, match="belongs to gadget"):
        Product("widget", "Widget", cycles=(Cycle("gadget", "1"),))


# Properties ------------------------------------------------------------------------------

ORDER = [
    LifecycleStatus.SUPPORTED,
    LifecycleStatus.SECURITY_ONLY,
    LifecycleStatus.EXTENDED_SUPPORT,
    LifecycleStatus.END_OF_LIFE,
]
days = st.dates(D(2000, 1, 1), D(2040, 12, 31))
milestones = st.one_of(st.none(), st.booleans(), days)


@given(milestones, milestones, milestones, days, days)
def test_a_status_never_moves_backwards_as_the_day_moves_on(eoas, eol, eoes, first, second):
    earlier, later = sorted((first, second))
    cycle = Cycle("widget", "1", eoas=eoas, eol=eol, eoes=eoes)
    before, after = cycle_status(cycle, earlier), cycle_status(cycle, later)
    if eol is None:
        assert before is after is LifecycleStatus.UNKNOWN
    else:
        assert ORDER.index(before) <= ORDER.index(after)


@given(milestones, milestones, days, days)
def test_once_end_of_life_a_cycle_without_extended_support_stays_so(eoas, eol, first, second):
    earlier, later = sorted((first, second))
    cycle = Cycle("widget", "1", eoas=eoas, eol=eol)
    if cycle_status(cycle, earlier) is LifecycleStatus.END_OF_LIFE:
        assert cycle_status(cycle, later) is LifecycleStatus.END_OF_LIFE


@given(milestones, milestones, milestones, days)
def test_end_of_life_is_exactly_the_two_statuses_after_it(eoas, eol, eoes, day):
    cycle = Cycle("widget", "1", eoas=eoas, eol=eol, eoes=eoes)
    assert is_end_of_life(cycle, day) == (
        cycle_status(cycle, day) in (LifecycleStatus.END_OF_LIFE, LifecycleStatus.EXTENDED_SUPPORT)
    )


# --- support phases, for the timeline ------------------------------------------------------------


def _phases(**milestones: object) -> list[tuple[str, object, object]]:
    from govdx.domain.estate.lifecycle import Cycle, support_phases

    cycle = Cycle(product="p", name="1", **milestones)  # type: ignore[arg-type]
    return [(str(p.status), p.start, p.end) for p in support_phases(cycle)]


def test_support_phases_run_from_release_through_each_published_date() -> None:
    day = datetime.date
    assert _phases(
        release_date=day(2019, 1, 1), eoas=day(2021, 1, 1), eol=day(2023, 1, 1),
        eoes=day(2026, 1, 1),
    ) == [
        ("supported", day(2019, 1, 1), day(2021, 1, 1)),
        ("security_only", day(2021, 1, 1), day(2023, 1, 1)),
        ("extended_support", day(2023, 1, 1), day(2026, 1, 1)),
        ("end_of_life", day(2026, 1, 1), None),
    ]  # fmt: skip


def test_extended_support_offered_with_no_end_runs_on_and_a_boolean_end_draws_nothing() -> None:
    day = datetime.date
    assert _phases(release_date=day(2020, 1, 1), eol=day(2024, 1, 1), eoes=False) == [
        ("supported", day(2020, 1, 1), day(2024, 1, 1)),
        ("extended_support", day(2024, 1, 1), None),
    ]
    # end of life known only as "yes": no security-only phase and no dated end
    assert _phases(release_date=day(2020, 1, 1), eoas=day(2022, 1, 1), eol=True) == [
        ("supported", day(2020, 1, 1), day(2022, 1, 1)),
    ]
    assert _phases() == []
