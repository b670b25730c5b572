"""Support lifecycles: products, their release cycles and where a cycle stands on a day.

Source: endoflife.date (MIT licence), read from its API v1 document `/api/v1/products/full`
(schema 1.2.x): `{schema_version, generated_at, total, result: [product...]}`, each product
with its `releases`. Each support phase of a release comes as a pair, `isX` (true or false on
the day the document was built) and `xFrom` (the date, or null when the source gave only a
yes or no). `parse_products` keeps the date where there is one and the yes or no otherwise,
so a cycle can be judged on any day (`Milestone`):

- `eoas` end of active support, after which only security fixes come;
- `eol` end of life, the end of security support;
- `eoes` end of extended support, a vendor's paid support after end of life; `False` (the
  source's `eoes: false`) means extended support is on offer with no end date announced;
- `discontinued` no longer sold (hardware).

Unknown keys are ignored, so that a newer schema minor version still reads; a key that is
there with the wrong type raises `LifecycleDataError` naming the place, as
`result[12].releases[3]: "eolFrom" is not a date: 'soon'`.

Products endoflife.date lacks are built by hand with `supplement_product`.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from govdx.domain.errors import GovdxError, Invalid

Milestone = datetime.date | bool | None
"""A support phase's end: the date; or, where the source gave no date, True (already over)
or False (not over); None when the source says nothing."""


class LifecycleDataError(GovdxError):
    """The lifecycle document is not in the endoflife.date API v1 shape; the message names
    the place (`result[12].releases[3]`) and what is wrong there."""


@dataclass(frozen=True)
class Cycle:
    """One release cycle of a product ("3.8", "12.0-sp3", "10-22h2-e").

    `label` is how endoflife.date shows it ("2014 'Hekaton' SP3"); it defaults to the name.
    `lts` is true for a long-term-support line, now or from a later date (an "upcoming LTS").
    `latest` is the newest version in the cycle and `latest_date` the day it came out.
    """

    product: str
    name: str
    label: str = ""
    codename: str | None = None
    release_date: datetime.date | None = None
    lts: bool = False
    eoas: Milestone = None
    eol: Milestone = None
    eoes: Milestone = None
    discontinued: Milestone = None
    latest: str | None = None
    latest_date: datetime.date | None = None

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name)


@dataclass(frozen=True)
class Product:
    """A product and its release cycles, newest first as endoflife.date lists them.

    `slug` is endoflife.date's `name` ("mssqlserver"); `identifiers` are (type, id) pairs, the
    type one of "purl", "cpe" and "repology"; `link` is the product's page.
    """

    slug: str
    label: str
    category: str = ""
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    cycles: tuple[Cycle, ...] = ()
    link: str | None = None
    _by_name: dict[str, Cycle] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cycles", tuple(self.cycles))
        by_name: dict[str, Cycle] = {}
        for cycle in self.cycles:
            if cycle.product != self.slug:
                raise Invalid(
                    f"Release cycle {cycle.name} belongs to {cycle.product}, not {self.slug}."
                )
            if cycle.name in by_name:
                raise Invalid(f"{self.slug} lists release cycle {cycle.name} twice.")
            by_name[cycle.name] = cycle
        object.__setattr__(self, "_by_name", by_name)

    def cycle(self, name: str) -> Cycle | None:
        """The release cycle called `name`, or None."""
        return self._by_name.get(name)

    @property
    def cycle_names(self) -> tuple[str, ...]:
        return tuple(self._by_name)


class LifecycleStatus(StrEnum):
    SUPPORTED = "supported"
    SECURITY_ONLY = "security_only"
    EXTENDED_SUPPORT = "extended_support"
    END_OF_LIFE = "end_of_life"
    UNKNOWN = "unknown"


def reached(milestone: Milestone, on: datetime.date) -> bool:
    """Whether the phase has ended by `on`: its date is on or before `on`, or the source says
    it is over without a date."""
    if isinstance(milestone, bool):
        return milestone
    return milestone is not None and milestone <= on


def cycle_status(cycle: Cycle, on: datetime.date) -> LifecycleStatus:
    """Where `cycle` stands on `on`.

    - no end-of-life information at all: unknown;
    - end of life reached (`is_end_of_life`): extended support while paid extended support is
      not over (its date after `on`, or `False`: offered with no end announced), otherwise
      end of life;
    - before end of life: security only once active support has ended, otherwise supported.

    The statuses only move forward in that order as `on` moves on.
    """
    if cycle.eol is None:
        return LifecycleStatus.UNKNOWN
    if reached(cycle.eol, on):
        if cycle.eoes is False or (isinstance(cycle.eoes, datetime.date) and cycle.eoes > on):
            return LifecycleStatus.EXTENDED_SUPPORT
        return LifecycleStatus.END_OF_LIFE
    if reached(cycle.eoas, on):
        return LifecycleStatus.SECURITY_ONLY
    return LifecycleStatus.SUPPORTED


def is_end_of_life(cycle: Cycle, on: datetime.date) -> bool:
    """A cycle is end of life when its end-of-life date is on or before `on` (extended support
    ignored here); one the source marks end of life without a date counts too."""
    return reached(cycle.eol, on)


def end_of_life_date(cycle: Cycle) -> datetime.date | None:
    """The end-of-life date, or None when the source gives no date."""
    return None if isinstance(cycle.eol, bool) else cycle.eol


def ends_within(cycle: Cycle, on: datetime.date, days: int) -> bool:
    """Whether the end-of-life date falls after `on` and no later than `days` days on."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise Invalid(
            f"The number of days must be a whole number of 0 or more; {days!r} was given."
        )
    end = end_of_life_date(cycle)
    return end is not None and on < end <= on + datetime.timedelta(days=days)


_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")

PHASE_ORDER = (
    ("release_date", "release"),
    ("eoas", "end of active support"),
    ("eol", "end of life"),
    ("eoes", "end of extended support"),
)
"""A release cycle's phases in the order they come, each with its name in words."""


def phase_order_problems(cycle: Cycle) -> dict[str, list[str]]:
    """Where the dates of a cycle's phases are out of order, by phase ("eol": [...]).

    Release, end of active support, end of life and end of extended support come in that
    order, each on or after the one before; a phase given only as a yes or no, or not at all,
    is not compared. A phase is checked against the latest date before it in that order.
    """
    problems: dict[str, list[str]] = {}
    latest: tuple[str, datetime.date] | None = None
    for key, words in PHASE_ORDER:
        value = getattr(cycle, key)
        if isinstance(value, bool) or not isinstance(value, datetime.date):
            continue
        if latest is not None and value < latest[1]:
            problems[key] = [
                f"{words.capitalize()}, {value.isoformat()}, is before {latest[0]}, "
                f"{latest[1].isoformat()}: give a date on or after it."
            ]
        elif latest is None or value > latest[1]:
            latest = (words, value)
    return problems


def supplement_product(
    slug: str,
    label: str,
    cycles: Iterable[Cycle],
    *,
    category: str = "supplement",
    link: str | None = None,
) -> Product:
    """A product endoflife.date lacks, from a person's own release cycles and dates.

    Each cycle is built as `Cycle(slug, "2.1", eol=datetime.date(2027, 3, 31))`, with
    `eol=True` for "ended, date unknown" and `eol=False` for "supported, no end announced";
    its `product` is set to `slug` here. The dates of each cycle's phases must come in order
    (`phase_order_problems`). A supplement is matched and judged like any other product; pass
    it to `Matcher` after the endoflife.date products.
    """
    problems: dict[str, list[str]] = {}
    summary: list[str] = []
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        problems["slug"] = [
            "Give the product a short name of lower-case letters, digits, dots, dashes and "
            f"underscores, such as “case-manager”; {slug!r} was given."
        ]
    if not isinstance(label, str) or not label.strip():
        problems["label"] = ["Give the product a name to show, such as “Case Manager”."]
    cycle_list = list(cycles)
    if not cycle_list:
        problems["cycles"] = ["Give the product at least one release cycle."]
    if problems:
        raise Invalid(" ".join(m for messages in problems.values() for m in messages), problems)
    for cycle in cycle_list:
        for key, messages in phase_order_problems(cycle).items():
            problems.setdefault(key, []).extend(messages)
            summary.extend(f"Release cycle {cycle.name}: {message}" for message in messages)
    if problems:
        raise Invalid(" ".join(summary), problems)
    return Product(
        slug=slug,
        label=label.strip(),
        category=category,
        tags=(category,),
        cycles=tuple(dataclasses.replace(cycle, product=slug) for cycle in cycle_list),
        link=link,
    )


def parse_products_json(text: str | bytes) -> list[Product]:
    """`parse_products` of a JSON text, as the API or the offline copy holds it."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise LifecycleDataError(f"The lifecycle data is not JSON: {error}") from None
    if not isinstance(document, Mapping):
        raise LifecycleDataError(
            f"The lifecycle data is not a JSON object: it starts with {_show(document)}"
        )
    return parse_products(document)


def parse_products(document: Mapping[str, Any]) -> list[Product]:
    """The products of an `/api/v1/products/full` document, in its order; raises
    `LifecycleDataError` at the first value that is not in the API's shape."""
    if not isinstance(document, Mapping):
        raise LifecycleDataError(f"The lifecycle data is not an object: {_show(document)}")
    version = document.get("schema_version")
    if version is not None and not (isinstance(version, str) and version.startswith("1.")):
        raise LifecycleDataError(
            f'"schema_version" is {_show(version)}; this reader knows schema version 1.'
        )
    if "result" not in document:
        raise LifecycleDataError(
            'The lifecycle data has no "result": it is not an endoflife.date '
            "/api/v1/products/full document."
        )
    result = document["result"]
    if not isinstance(result, list):
        raise LifecycleDataError(f'"result" is not a list: {_show(result)}')
    total = document.get("total")
    if total is not None and total != len(result):
        raise LifecycleDataError(
            f'"total" says {_show(total)} products but "result" holds {len(result)}; the '
            "document is cut short or altered."
        )
    products: list[Product] = []
    seen: set[str] = set()
    for index, raw in enumerate(result):
        place = f"result[{index}]"
        product = _product(raw, place)
        if product.slug in seen:
            raise LifecycleDataError(f'{place}: product "{product.slug}" appears twice')
        seen.add(product.slug)
        products.append(product)
    return products


def _product(raw: object, place: str) -> Product:
    obj = _object(raw, place)
    slug = _name(obj, place)
    identifiers: list[tuple[str, str]] = []
    for index, item in enumerate(_list(obj, "identifiers", place)):
        where = f"{place}.identifiers[{index}]"
        identifier = _object(item, where)
        identifiers.append(
            (_required_text(identifier, "type", where), _required_text(identifier, "id", where))
        )
    links = obj.get("links")
    link: str | None = None
    if links is not None:
        link = _text(_object(links, f"{place}.links"), "html", f"{place}.links")
    cycles: list[Cycle] = []
    names: set[str] = set()
    for index, item in enumerate(_list(obj, "releases", place, required=True)):
        cycle = _cycle(item, slug, f"{place}.releases[{index}]")
        if cycle.name in names:
            raise LifecycleDataError(
                f'{place}.releases[{index}]: release cycle "{cycle.name}" appears twice'
            )
        names.add(cycle.name)
        cycles.append(cycle)
    return Product(
        slug=slug,
        label=_text(obj, "label", place) or slug,
        category=_text(obj, "category", place) or "",
        tags=_texts(obj, "tags", place),
        aliases=_texts(obj, "aliases", place),
        identifiers=tuple(identifiers),
        cycles=tuple(cycles),
        link=link,
    )


def _cycle(raw: object, slug: str, place: str) -> Cycle:
    obj = _object(raw, place)
    latest_name: str | None = None
    latest_date: datetime.date | None = None
    latest = obj.get("latest")
    if latest is not None:
        where = f"{place}.latest"
        latest_obj = _object(latest, where)
        latest_name = _text(latest_obj, "name", where)
        latest_date = _date(latest_obj, "date", where)
    lts_from = _date(obj, "ltsFrom", place)
    return Cycle(
        product=slug,
        name=_name(obj, place),
        label=_text(obj, "label", place) or "",
        codename=_text(obj, "codename", place),
        release_date=_date(obj, "releaseDate", place),
        lts=bool(_flag(obj, "isLts", place)) or lts_from is not None,
        eoas=_milestone(obj, "eoas", place),
        eol=_milestone(obj, "eol", place),
        eoes=_milestone(obj, "eoes", place),
        discontinued=_milestone(obj, "discontinued", place),
        latest=latest_name,
        latest_date=latest_date,
    )


def _milestone(obj: Mapping[str, Any], phase: str, place: str) -> Milestone:
    """`xFrom` when it holds a date, else `isX` (true, false or null), else None."""
    key = phase[0].upper() + phase[1:]
    end = _date(obj, f"{phase}From", place)
    flag = _flag(obj, f"is{key}", place)
    return end if end is not None else flag


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(obj: Mapping[str, Any], key: str, place: str) -> datetime.date | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise LifecycleDataError(f'{place}: "{key}" is not a date: {_show(value)}')


def _flag(obj: Mapping[str, Any], key: str, place: str) -> bool | None:
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise LifecycleDataError(f'{place}: "{key}" is not true or false: {_show(value)}')


def _text(obj: Mapping[str, Any], key: str, place: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise LifecycleDataError(f'{place}: "{key}" is not text: {_show(value)}')


def _required_text(obj: Mapping[str, Any], key: str, place: str) -> str:
    value = _text(obj, key, place)
    if value is None:
        raise LifecycleDataError(f'{place}: "{key}" is missing')
    return value


def _name(obj: Mapping[str, Any], place: str) -> str:
    name = _required_text(obj, "name", place)
    if not name.strip():
        raise LifecycleDataError(f'{place}: "name" is empty')
    return name


def _texts(obj: Mapping[str, Any], key: str, place: str) -> tuple[str, ...]:
    values = _list(obj, key, place)
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise LifecycleDataError(f'{place}: "{key}[{index}]" is not text: {_show(value)}')
    return tuple(values)


def _list(obj: Mapping[str, Any], key: str, place: str, *, required: bool = False) -> Sequence[Any]:
    value = obj.get(key)
    if value is None:
        if required:
            raise LifecycleDataError(f'{place}: "{key}" is missing')
        return ()
    if not isinstance(value, list):
        raise LifecycleDataError(f'{place}: "{key}" is not a list: {_show(value)}')
    return value


def _object(value: object, place: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise LifecycleDataError(f"{place} is not an object: {_show(value)}")
    return value


def _show(value: object) -> str:
    """The value as the message shows it, cut short if long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class SupportPhase:
    """A stretch of a cycle's life in one status, from `start` to `end` (None: onwards)."""

    status: LifecycleStatus
    start: datetime.date
    end: datetime.date | None


def support_phases(cycle: Cycle) -> list[SupportPhase]:
    """The cycle's support phases between its published dates, for a timeline: active support
    from release; security fixes only from the end of active support, unless the cycle reached
    end of life then; extended support from end of life to its own end, or onwards when it is
    offered with no end announced (`eoes` False); end of life after that. Phases whose start
    is not published as a date are left out."""
    release = cycle.release_date
    eoas, eol, eoes = (_day(cycle.eoas), _day(cycle.eol), _day(cycle.eoes))
    phases: list[SupportPhase] = []
    if release is not None:
        phases.append(SupportPhase(LifecycleStatus.SUPPORTED, release, eoas or eol))
    if eoas is not None and cycle.eol is not True:
        phases.append(SupportPhase(LifecycleStatus.SECURITY_ONLY, eoas, eol))
    if eol is not None:
        if eoes is not None:
            phases.append(SupportPhase(LifecycleStatus.EXTENDED_SUPPORT, eol, eoes))
            phases.append(SupportPhase(LifecycleStatus.END_OF_LIFE, eoes, None))
        elif cycle.eoes is False:
            phases.append(SupportPhase(LifecycleStatus.EXTENDED_SUPPORT, eol, None))
        else:
            phases.append(SupportPhase(LifecycleStatus.END_OF_LIFE, eol, None))
    return phases


def _day(milestone: Milestone) -> datetime.date | None:
    return milestone if isinstance(milestone, datetime.date) else None
