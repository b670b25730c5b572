"""Every write to the estate that is not a file import: lifecycle data, matching decisions,
applications, supplier returns and settings. Validated, in one transaction, with who did it."""

from __future__ import annotations

import datetime
import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Mapping as Data
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils.dateparse import parse_datetime

from govdx.core.permissions import SYSTEM, Action, require
from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid, NotFound
from govdx.domain.estate import lifecycle
from govdx.estate import selectors
from govdx.estate.choices import LifecycleSource
from govdx.estate.models import (
    Application,
    Device,
    EstateRisk,
    LifecycleDataset,
    Mapping,
    Product,
    ReleaseCycle,
    Software,
)

LIFECYCLE_URL = "https://endoflife.date/api/v1/products/full"
"""The endoflife.date API v1 document `govdx estate lifecycle-data update` fetches."""

FETCH_TIMEOUT_SECONDS = 120
LARGEST_DOCUMENT = 64 * 1024 * 1024


class LoadedDataset:
    """A dataset with how the software matched after it: what the command line reports."""

    def __init__(self, dataset: LifecycleDataset, matched: int, unmatched: int) -> None:
        self.dataset = dataset
        self.software_matched = matched
        self.software_unmatched = unmatched

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dataset, name)


def lifecycle_data_load(*, path: Path, user: Any) -> LoadedDataset:
    """Load an endoflife.date `/api/v1/products/full` document from a file."""
    if not path.is_file():
        raise NotFound(f"There is no file at {path}.")
    return _load(path.read_bytes(), name=path.name, source=LifecycleSource.FILE, user=user)


def lifecycle_data_update(*, url: str | None, user: Any) -> LoadedDataset:
    """Fetch the live `/api/v1/products/full` document and load it."""
    address = url or getattr(settings, "GOVDX_LIFECYCLE_URL", None) or LIFECYCLE_URL
    if not address.startswith(("https://", "http://")):
        raise Invalid(f"{address!r} is not a web address: give one starting https://.")
    request = urllib.request.Request(  # noqa: S310  # the scheme is checked above
        address, headers={"Accept": "application/json", "User-Agent": "govdx"}
    )
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310  # checked above
            body = response.read(LARGEST_DOCUMENT + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise Invalid(
            f"Could not fetch lifecycle data from {address}: {reason}. The data loaded before "
            "stays in use; where there is no network, load a file with "
            "`govdx estate lifecycle-data load FILE`."
        ) from error
    if len(body) > LARGEST_DOCUMENT:
        raise Invalid(f"{address} sent more than {LARGEST_DOCUMENT // (1024 * 1024)} MiB.")
    return _load(body, name=address, source=LifecycleSource.API, user=user)


def _load(body: bytes, *, name: str, source: str, user: Any) -> LoadedDataset:
    actor = user or SYSTEM
    require(actor, Action.ADD, LifecycleDataset)
    products = lifecycle.parse_products_json(body)
    envelope = json.loads(body)
    generated = parse_datetime(str(envelope.get("generated_at") or "")) or None
    with transaction.atomic():
        cycle_count = _store_products(products)
        dataset = LifecycleDataset.objects.create(
            source=source,
            name=name[:300],
            sha256=hashlib.sha256(body).hexdigest(),
            schema_version=str(envelope.get("schema_version") or "")[:20],
            generated_at=generated,
            products=len(products),
            cycles=cycle_count,
        )
        matched, unmatched = software_rematch()
    return LoadedDataset(dataset, matched, unmatched)


def _phase_columns(value: datetime.date | bool | None) -> tuple[datetime.date | None, bool | None]:
    if isinstance(value, bool) or value is None:
        return None, value
    return value, None


CYCLE_FIELDS = (
    "label",
    "codename",
    "position",
    "release_date",
    "lts",
    "eoas_date",
    "eoas_flag",
    "eol_date",
    "eol_flag",
    "eoes_date",
    "eoes_flag",
    "latest",
    "latest_date",
)


def _store_products(products: list[lifecycle.Product]) -> int:
    """Create or update every product and cycle the document holds; supplements people added
    are left alone, and cycles the document no longer holds are kept (software may run them)."""
    known = {p.slug: p for p in Product.objects.all()}
    new_products, changed_products = [], []
    for item in products:
        values = {
            "label": item.label[:200],
            "category": (item.category or "")[:50],
            "aliases": list(item.aliases),
            "identifiers": [list(pair) for pair in item.identifiers],
            "link": (item.link or "")[:200],
        }
        product = known.get(item.slug)
        if product is None:
            new_products.append(Product(slug=item.slug, **values))
        elif not product.is_supplement and any(getattr(product, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(product, key, value)
            changed_products.append(product)
    Product.objects.bulk_create(new_products, batch_size=500)
    Product.objects.bulk_update(
        changed_products, ["label", "category", "aliases", "identifiers", "link"], batch_size=500
    )
    ids = dict(Product.objects.values_list("slug", "id"))
    supplements = set(Product.objects.filter(is_supplement=True).values_list("slug", flat=True))
    existing = {(c.product_id, c.name): c for c in ReleaseCycle.objects.all()}
    new_cycles, changed_cycles = [], []
    count = 0
    for item in products:
        if item.slug in supplements:
            continue
        for position, cycle in enumerate(item.cycles):
            count += 1
            eoas, eoas_flag = _phase_columns(cycle.eoas)
            eol, eol_flag = _phase_columns(cycle.eol)
            eoes, eoes_flag = _phase_columns(cycle.eoes)
            values = {
                "label": (cycle.label or "")[:200],
                "codename": (cycle.codename or "")[:200],
                "position": position,
                "release_date": cycle.release_date,
                "lts": bool(cycle.lts),
                "eoas_date": eoas,
                "eoas_flag": eoas_flag,
                "eol_date": eol,
                "eol_flag": eol_flag,
                "eoes_date": eoes,
                "eoes_flag": eoes_flag,
                "latest": (cycle.latest or "")[:100],
                "latest_date": cycle.latest_date,
            }
            stored = existing.get((ids[item.slug], cycle.name))
            if stored is None:
                new_cycles.append(
                    ReleaseCycle(product_id=ids[item.slug], name=cycle.name, **values)
                )
            elif any(getattr(stored, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(stored, key, value)
                changed_cycles.append(stored)
    ReleaseCycle.objects.bulk_create(new_cycles, batch_size=1000)
    ReleaseCycle.objects.bulk_update(changed_cycles, list(CYCLE_FIELDS), batch_size=1000)
    return count


def software_rematch() -> tuple[int, int]:
    """Match every distinct software again (after lifecycle data or a mapping changed);
    returns (matched to a cycle, not)."""
    matcher = selectors.matcher()
    ids = selectors.LifecycleIds()
    changed = []
    matched = unmatched = 0
    fields = ["product_id", "cycle_id", "match_method", "match_rule", "match_note"]
    for software in Software.objects.all().iterator(chunk_size=5000):
        before = [getattr(software, name) for name in fields]
        role = "os" if software.role == "os" else "software"
        selectors.apply_match(software, matcher.match(selectors.facts_of(software), role=role), ids)
        if [getattr(software, name) for name in fields] != before:
            changed.append(software)
        if software.cycle_id is not None:
            matched += 1
        else:
            unmatched += 1
    Software.objects.bulk_update(
        changed, ["product", "cycle", "match_method", "match_rule", "match_note"], batch_size=2000
    )
    return matched, unmatched


@transaction.atomic
def mapping_create(
    *,
    name: str,
    publisher: str = "",
    version: str = "",
    product: Product,
    cycle: ReleaseCycle | None,
    note: str = "",
    user: Any,
) -> Mapping:
    """A person maps a raw name (and version, when given) to a product and cycle once, for
    every installation of it; the software it names is matched again at once."""
    name = " ".join(name.split())
    if not name:
        raise Invalid("Give the name to map, as the inventory writes it.")
    if cycle is not None and cycle.product_id != product.pk:
        raise Invalid(
            f"{cycle} is not a release cycle of {product}.",
            {"cycle": ["Choose a cycle of the product."]},
        )
    if Mapping.objects.filter(
        name__iexact=name, publisher__iexact=publisher, version=version
    ).exists():
        raise Invalid(
            f"“{name} {version}”".replace(" ”", "”")
            + " is mapped already: change that mapping instead."
        )
    mapping = record_create(
        model=Mapping,
        data={
            "name": name,
            "publisher": publisher.strip(),
            "version": version.strip(),
            "product": product,
            "cycle": cycle,
            "note": note,
        },
        user=user,
        reason="mapped by a person",
    )
    software_rematch()
    return mapping


# --- risks from the estate (`govdx estate sync-risks`) -------------------------------------------

ESTATE_REGISTER = "Technology estate risk register"
SYNC_REASON = "synchronised from the estate"
SERVER_KINDS = ("server", "hypervisor", "virtual_machine", "cloud_instance", "storage")
SYNCED_FIELDS = (
    "title",
    "cause",
    "event",
    "consequence",
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "status",
    "department_id",
    "supplier_id",
)


def estate_risks_sync(*, as_of: datetime.date, user: Any) -> dict[str, list[str]]:
    """One technology risk per end-of-life release cycle still installed, judged by the risk
    module against the appetite. A sync writes a field only while it still holds what the last
    sync wrote, so what a person changed (owner, scores, actions, acceptance, status) stays; it
    closes the risk when the last installation goes, and opens it again if one comes back."""
    from govdx.risk.models import Risk

    actor = user or SYSTEM
    require(actor, Action.ADD, Risk)
    outcome: dict[str, list[str]] = {"created": [], "updated": [], "closed": [], "unchanged": []}
    with transaction.atomic():
        report = selectors.lifecycle_report(as_of=as_of, within_days=0)
        exposed = {e.cycle.pk: e for e in report.end_of_life if e.devices > 0}
        register = category = None
        for cycle_id, exposure in exposed.items():
            if register is None:
                register, category = _estate_register(actor), _technology_category(actor)
            values, evidence, owner = _risk_values(exposure, as_of)
            key = _sync_one(exposure.cycle, values, evidence, owner, register, category, actor)
            outcome[key].append(EstateRisk.objects.get(cycle_id=cycle_id).risk.reference)
        for estate_risk in EstateRisk.objects.exclude(cycle_id__in=list(exposed)).select_related(
            "risk", "cycle__product"
        ):
            risk = estate_risk.risk
            written = estate_risk.written
            if risk.status == "open" and written.get("status") == "open":
                _write(
                    estate_risk,
                    {"status": "closed"},
                    actor,
                    reason=f"{SYNC_REASON}: the last installation went",
                )
                outcome["closed"].append(risk.reference)
            else:
                outcome["unchanged"].append(risk.reference)
    return {key: sorted(references) for key, references in outcome.items()}


def _estate_register(actor: Any) -> Any:
    from govdx.risk.models import Register
    from govdx.risk.services import register_create

    register = Register.objects.filter(name=ESTATE_REGISTER).first()
    if register is None:
        corporate = Register.objects.filter(kind="corporate", parent__isnull=True).first()
        register = register_create(
            data={
                "name": ESTATE_REGISTER,
                "kind": "corporate",
                "parent": corporate,
                "description": "Risks govdx keeps from the estate: software and hardware "
                "past the end of their support lifecycle.",
            },
            user=actor,
            reason=SYNC_REASON,
        )
    return register


def _technology_category(actor: Any) -> Any:
    from govdx.risk.models import RiskCategory
    from govdx.risk.services import categories_load

    category = RiskCategory.objects.filter(key="technology").first()
    if category is None and not RiskCategory.objects.exists():
        categories_load(user=actor)
        category = RiskCategory.objects.filter(key="technology").first()
    if category is None:
        raise Invalid(
            "There is no risk category “technology” to put estate risks in: add it under "
            "Risk, Categories (key “technology”), then synchronise again."
        )
    return category


def _risk_values(
    exposure: selectors.CycleExposure, as_of: datetime.date
) -> tuple[dict[str, Any], dict[str, Any], Any]:
    from govdx.domain.estate.risks import judge_exposure
    from govdx.estate.models import Application

    cycle = exposure.cycle
    devices = selectors.devices_running(cycle.pk)
    applications = list(
        Application.objects.filter(Q(devices__in=devices) | Q(software__cycle=cycle))
        .distinct()
        .select_related("owner")
    )
    eol = cycle.eol_date
    days_past = (as_of - eol).days if eol else None
    servers = devices.filter(kind__in=SERVER_KINDS).count()
    score = judge_exposure(
        devices=exposure.devices,
        days_past_eol=days_past,
        criticalities=[a.criticality for a in applications],
        servers=servers,
    )
    departments = set(devices.order_by().values_list("department_id", flat=True).distinct()[:2])
    suppliers = set(devices.order_by().values_list("supplier_id", flat=True).distinct()[:2])
    sources = sorted(
        set(
            selectors.current_installations(devices)
            .filter(software__cycle=cycle)
            .values_list("source__name", flat=True)
            .distinct()
        )
        | set(
            devices.filter(os_software__cycle=cycle)
            .values_list("observations__source__name", flat=True)
            .distinct()
        )
        - {None}
    )
    seen = devices.aggregate(first=Min("first_seen"), last=Max("last_seen"))
    ended = f"on {eol:%-d %B %Y}" if eol else "(no date published)"
    names = ", ".join(a.name for a in applications[:5]) or "no application linked yet"
    device_word = "device" if exposure.devices == 1 else "devices"
    values = {
        "title": f"{cycle} past end of life on {exposure.devices} {device_word}"[:300],
        "cause": f"{cycle} reached its end of life {ended} and still runs on "
        f"{exposure.devices} {device_word} ({exposure.installations} installations), "
        f"reported by {', '.join(sources) or 'no source'}.",
        "event": "A vulnerability in it is found and used, or it fails, with no fix from its "
        "maker.",
        "consequence": f"Services that depend on it are disrupted or data is exposed; "
        f"applications affected: {names}.",
        "inherent_likelihood": score.likelihood,
        "inherent_impact": score.impact,
        "current_likelihood": score.likelihood,
        "current_impact": score.impact,
        "status": "open",
        "department_id": departments.pop() if len(departments) == 1 else None,
        "supplier_id": suppliers.pop() if len(suppliers) == 1 else None,
    }
    evidence = {
        "product": cycle.product.slug,
        "cycle": cycle.name,
        "eol": eol.isoformat() if eol else cycle.eol_flag,
        "as_of": as_of.isoformat(),
        "devices": exposure.devices,
        "servers": servers,
        "installations": exposure.installations,
        "applications": [a.name for a in applications],
        "sources": sources,
        "first_seen": seen["first"].isoformat() if seen["first"] else None,
        "last_seen": seen["last"].isoformat() if seen["last"] else None,
        "likelihood": score.likelihood_reason,
        "impact": score.impact_reason,
    }
    ranked = sorted(
        applications, key=lambda a: ["critical", "high", "medium", "low"].index(a.criticality)
    )
    owner = next((a.owner for a in ranked if a.owner is not None), None)
    return values, evidence, owner


def _sync_one(
    cycle: ReleaseCycle,
    values: dict[str, Any],
    evidence: dict[str, Any],
    owner: Any,
    register: Any,
    category: Any,
    actor: Any,
) -> str:
    from govdx.risk.services import risk_create, risk_link_add

    estate_risk = EstateRisk.objects.filter(cycle=cycle).select_related("risk").first()
    if estate_risk is None:
        reference = _reference(cycle)
        data = {key.removesuffix("_id"): value for key, value in values.items()}
        data["department"] = _instance("org.Department", values["department_id"])
        data["supplier"] = _instance("org.Supplier", values["supplier_id"])
        risk = risk_create(
            data={
                **data,
                "reference": reference,
                "register": register,
                "category": category,
                "owner": owner,
                "identified_on": datetime.date.fromisoformat(evidence["as_of"]),
                "kind": "threat",
            },
            user=actor,
            reason=SYNC_REASON,
        )
        EstateRisk.objects.create(cycle=cycle, risk=risk, written=values, evidence=evidence)
        risk_link_add(
            risk=risk, target=cycle, user=actor, note="the release cycle past its end of life"
        )
        _link_applications(risk, evidence, actor)
        return "created"
    risk = estate_risk.risk
    changes = {
        key: value
        for key, value in values.items()
        if getattr(risk, key) == estate_risk.written.get(key) and getattr(risk, key) != value
    }
    if risk.status == "closed" and estate_risk.written.get("status") == "closed":
        changes["status"] = "open"
    estate_risk.evidence = evidence
    if not changes:
        estate_risk.save(update_fields=["evidence", "synced_at"])
        _link_applications(risk, evidence, actor)
        return "unchanged"
    _write(estate_risk, changes, actor, reason=SYNC_REASON)
    _link_applications(risk, evidence, actor)
    return "updated"


def _write(estate_risk: EstateRisk, changes: dict[str, Any], actor: Any, *, reason: str) -> None:
    from govdx.risk.services import risk_update

    data = {}
    for key, value in changes.items():
        if key.endswith("_id"):
            data[key.removesuffix("_id")] = _instance(
                "org.Department" if key == "department_id" else "org.Supplier", value
            )
        else:
            data[key] = value
    risk_update(
        instance=estate_risk.risk, data=data, user=actor, expected_version=None, reason=reason
    )
    estate_risk.written = {**estate_risk.written, **changes}
    estate_risk.save(update_fields=["written", "evidence", "synced_at"])


def _link_applications(risk: Any, evidence: dict[str, Any], actor: Any) -> None:
    from django.contrib.contenttypes.models import ContentType

    from govdx.estate.models import Application
    from govdx.risk.models import RiskLink
    from govdx.risk.services import risk_link_add

    kind = ContentType.objects.get_for_model(Application)
    linked = set(
        RiskLink.objects.filter(risk=risk, target_type=kind).values_list("target_id", flat=True)
    )
    for application in Application.objects.filter(name__in=evidence["applications"]).exclude(
        pk__in=linked
    ):
        risk_link_add(risk=risk, target=application, user=actor, note="runs on the affected estate")


def _reference(cycle: ReleaseCycle) -> str:
    from govdx.risk.models import Risk

    base = f"EOL-{cycle.product.slug}-{cycle.name}".upper()[:36]
    reference, n = base, 1
    while Risk.objects.filter(reference__iexact=reference).exists():
        n += 1
        reference = f"{base}-{n}"
    return reference


def _instance(label: str, pk: int | None) -> Any:
    from django.apps import apps

    return apps.get_model(label).objects.get(pk=pk) if pk is not None else None


# --- applications and devices -------------------------------------------------------------


def _split_links(data: Data[str, Any]) -> tuple[dict[str, Any], Any, Any]:
    values = dict(data)
    return values, values.pop("devices", None), values.pop("software", None)


@transaction.atomic
def application_create(*, data: Data[str, Any], user: Any, reason: str = "") -> Application:
    """Create a business application with the devices and software it runs on."""
    values, devices, software = _split_links(data)
    application = record_create(model=Application, data=values, user=user, reason=reason)
    if devices is not None:
        application.devices.set(devices)
    if software is not None:
        application.software.set(software)
    return application


@transaction.atomic
def application_update(
    *,
    instance: Application,
    data: Data[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Application:
    """Change an application; `devices` and `software`, when given, replace its links (the
    record's history keeps the change of its fields)."""
    values, devices, software = _split_links(data)
    application = record_update(
        instance=instance, data=values, user=user, expected_version=expected_version, reason=reason
    )
    if devices is not None:
        application.devices.set(devices)
    if software is not None:
        application.software.set(software)
    return application


def application_delete(*, instance: Application, user: Any) -> None:
    record_delete(instance=instance, user=user)


DEVICE_FIELDS_PEOPLE_SET = (
    "kind",
    "department",
    "supplier",
    "location",
    "purchase_date",
    "warranty_end",
)
"""What a person sets on a device; the rest comes from the sources that report it."""


def device_update(
    *,
    instance: Device,
    data: Data[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Device:
    """Change what a person sets on a device: its kind, department, operating supplier,
    location and dates. What sources report (names, serial, operating system) is theirs."""
    reported = sorted(set(data) - set(DEVICE_FIELDS_PEOPLE_SET))
    if reported:
        raise Invalid(
            f"{', '.join(reported)}: these come from the sources that report the device; "
            "correct them at the source and import again.",
            {name: ["Set by the sources that report the device."] for name in reported},
        )
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def device_delete(*, instance: Device, user: Any) -> None:
    """Delete a device (decommissioned); its installations and observations go with it. A
    source that reports it again brings it back."""
    record_delete(instance=instance, user=user)


# --- supplements: products endoflife.date lacks, added by people ---------------------------------

SUPPLEMENT_FIELDS = ("slug", "label", "category", "link")
PHASES = ("eoas", "eol", "eoes")
"""A release cycle's support phases, each a date, a yes or no without a date, or unknown."""
SUPPLEMENT_CYCLE_FIELDS = ("name", "label", "release_date", *PHASES)


def _require_supplement(product: Product, *, cycles: bool = False) -> None:
    """Refuse a person's change to a product endoflife.date has: a load would undo it."""
    if product.is_supplement:
        return
    if cycles:
        raise Invalid(
            f"{product} ({product.slug}) comes from endoflife.date: its cycles come from the "
            "lifecycle data (`govdx estate lifecycle-data`), not from people. Add a product "
            "endoflife.date lacks to keep release cycles of your own."
        )
    raise Invalid(
        f"{product} ({product.slug}) comes from endoflife.date: it is kept as the lifecycle "
        "data has it, and neither changed nor deleted here."
    )


def _unknown_fields(data: Data[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise Invalid(
            f"{', '.join(unknown)}: not something a person sets here; give only "
            f"{', '.join(allowed)}.",
            {name: ["Not known here."] for name in unknown},
        )


def _supplement_checked(
    *, slug: str, label: str, category: str, link: str, cycles: list[lifecycle.Cycle]
) -> None:
    """The domain's checks of a supplement (`lifecycle.supplement_product`). Its release cycles
    are added one at a time after it, so one with none yet passes here."""
    try:
        lifecycle.supplement_product(
            slug, label, cycles, category=category or "supplement", link=link or None
        )
    except Invalid as error:
        if "cycles" not in error.field_errors:
            raise
        problems = {name: m for name, m in error.field_errors.items() if name != "cycles"}
        if problems:
            message = " ".join(m for messages in problems.values() for m in messages)
            raise Invalid(message, problems) from None
    if "." in slug:
        raise Invalid(
            f"{slug!r}: a dot cannot be part of the product's address in govdx; use a dash.",
            {"slug": ["Use lower-case letters, digits, dashes and underscores, no dots."]},
        )


def _refuse_taken_slug(slug: str, *, instance: Product | None = None) -> None:
    taken = Product.objects.filter(slug=slug)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    found = taken.first()
    if found is None:
        return
    if not found.is_supplement:
        raise Invalid(
            f"endoflife.date already has {slug}, “{found.label}”: its lifecycle is loaded from "
            "there. Map the names your inventories use to it (Unmatched names, then Map) "
            "instead of adding it.",
            {"slug": [f"endoflife.date has {slug} (“{found.label}”): map names to it instead."]},
        )
    raise Invalid(
        f"{slug} was added already, as “{found.label}”: change that one, or choose another "
        "short name.",
        {"slug": [f"Added already, as “{found.label}”."]},
    )


def _refuse_while_in_use(instance: Product | ReleaseCycle, software: Any, mappings: Any) -> None:
    """A lifecycle still matched to software, or named by a mapping, stays: deleting it would
    leave that software without a lifecycle, or delete the mapping with it."""
    named = software.count()
    mapped = mappings.count()
    if not named and not mapped:
        return
    users = []
    if mapped:
        users.append(f"{mapped} mapping{'s' if mapped != 1 else ''}")
    if named:
        users.append(f"{named} software name{'s' if named != 1 else ''}")
    raise Invalid(
        f"{instance} cannot be deleted while {' and '.join(users)} point at it: what runs it "
        "would be left without a lifecycle. Change its dates instead, or keep it."
    )


@transaction.atomic
def supplement_create(
    *, slug: str, label: str, category: str = "", link: str = "", user: Any
) -> Product:
    """Add a product endoflife.date lacks (a supplement); its release cycles are added after
    it with `supplement_cycle_create`. A lifecycle-data load leaves it alone. A product
    endoflife.date has is refused: a mapping to it is what a person makes instead."""
    require(user, Action.ADD, Product)
    values = {
        "slug": slug.strip(),
        "label": " ".join(label.split()),
        "category": category.strip(),
        "link": link.strip(),
    }
    _supplement_checked(**values, cycles=[])
    _refuse_taken_slug(values["slug"])
    product = record_create(
        model=Product,
        data={**values, "is_supplement": True},
        user=user,
        reason="added by a person: endoflife.date lacks it",
    )
    software_rematch()
    return product


@transaction.atomic
def supplement_update(
    *, instance: Product, data: Data[str, Any], user: Any, expected_version: int | None
) -> Product:
    """Change a supplement's short name, name, category or link."""
    require(user, Action.CHANGE, instance)
    _require_supplement(instance)
    _unknown_fields(data, SUPPLEMENT_FIELDS)
    values = {name: getattr(instance, name) for name in SUPPLEMENT_FIELDS}
    values.update({name: str(value or "") for name, value in data.items()})
    values = {
        "slug": values["slug"].strip(),
        "label": " ".join(values["label"].split()),
        "category": values["category"].strip(),
        "link": values["link"].strip(),
    }
    cycles = [selectors.domain_cycle(c, values["slug"]) for c in instance.cycles.all()]
    _supplement_checked(**values, cycles=cycles)
    _refuse_taken_slug(values["slug"], instance=instance)
    product = record_update(
        instance=instance, data=values, user=user, expected_version=expected_version
    )
    software_rematch()
    return product


@transaction.atomic
def supplement_delete(*, instance: Product, user: Any) -> None:
    """Delete a supplement with its release cycles; refused while software is matched to it or
    a mapping names it."""
    require(user, Action.DELETE, instance)
    _require_supplement(instance)
    _refuse_while_in_use(
        instance,
        Software.objects.filter(product=instance),
        Mapping.objects.filter(product=instance),
    )
    record_delete(instance=instance, user=user)
    software_rematch()


def _supplement_cycle_values(
    product: Product, data: Data[str, Any], instance: ReleaseCycle | None
) -> dict[str, Any]:
    """The stored columns of a supplement's release cycle from `data` (name, label,
    release_date and each phase as a date, True, False or None) over what `instance` holds."""
    _unknown_fields(data, SUPPLEMENT_CYCLE_FIELDS)
    current: dict[str, Any] = {"name": "", "label": "", "release_date": None}
    current.update(dict.fromkeys(PHASES))
    if instance is not None:
        view = selectors.domain_cycle(instance, product.slug)
        current = {
            "name": instance.name,
            "label": instance.label,
            "release_date": instance.release_date,
            **{phase: getattr(view, phase) for phase in PHASES},
        }
    current.update(data)
    problems: dict[str, list[str]] = {}
    name = " ".join(str(current["name"] or "").split())
    namesakes = product.cycles.filter(name=name)
    if instance is not None:
        namesakes = namesakes.exclude(pk=instance.pk)
    if not name:
        problems["name"] = ["Give the release cycle its name, such as “4” or “2024.1”."]
    elif "/" in name or len(name) > 100:
        problems["name"] = ["Use up to 100 characters, with no slash."]
    elif namesakes.exists():
        problems["name"] = [f"{product} has a release cycle {name} already."]
    release = current["release_date"]
    if release is not None and not isinstance(release, datetime.date):
        problems["release_date"] = ["Give a date, or nothing when it is not known."]
    for phase in PHASES:
        value = current[phase]
        if value is not None and not isinstance(value, (bool, datetime.date)):
            problems[phase] = ["Give a date, yes (true), no (false) or nothing (unknown)."]
    if problems:
        raise Invalid(" ".join(m for messages in problems.values() for m in messages), problems)
    label = " ".join(str(current["label"] or "").split())
    cycle = lifecycle.Cycle(
        product=product.slug,
        name=name,
        label=label,
        release_date=release,
        **{phase: current[phase] for phase in PHASES},
    )
    _supplement_checked(
        slug=product.slug,
        label=product.label,
        category=product.category,
        link=product.link,
        cycles=[cycle],
    )
    values: dict[str, Any] = {"name": name, "label": label[:200], "release_date": release}
    for phase in PHASES:
        values[f"{phase}_date"], values[f"{phase}_flag"] = _phase_columns(current[phase])
    return values


@transaction.atomic
def supplement_cycle_create(*, product: Product, data: Data[str, Any], user: Any) -> ReleaseCycle:
    """Add a release cycle to a supplement: its name, release date and each support phase (end
    of active support, end of life, end of extended support) as a date, a yes or no without a
    date, or unknown, the dates in that order. Software is matched again at once."""
    require(user, Action.ADD, ReleaseCycle)
    _require_supplement(product, cycles=True)
    cycle = record_create(
        model=ReleaseCycle,
        data={"product": product, **_supplement_cycle_values(product, data, None)},
        user=user,
        reason="added by a person",
    )
    software_rematch()
    return cycle


@transaction.atomic
def supplement_cycle_update(
    *, instance: ReleaseCycle, data: Data[str, Any], user: Any, expected_version: int | None
) -> ReleaseCycle:
    """Change a supplement's release cycle: what `data` gives replaces what it holds."""
    require(user, Action.CHANGE, instance)
    product = instance.product
    _require_supplement(product, cycles=True)
    cycle = record_update(
        instance=instance,
        data=_supplement_cycle_values(product, data, instance),
        user=user,
        expected_version=expected_version,
    )
    software_rematch()
    return cycle


@transaction.atomic
def supplement_cycle_delete(*, instance: ReleaseCycle, user: Any) -> None:
    """Delete a supplement's release cycle; refused while software is matched to it or a
    mapping names it."""
    require(user, Action.DELETE, instance)
    _require_supplement(instance.product, cycles=True)
    _refuse_while_in_use(
        instance, Software.objects.filter(cycle=instance), Mapping.objects.filter(cycle=instance)
    )
    record_delete(instance=instance, user=user)
    software_rematch()
