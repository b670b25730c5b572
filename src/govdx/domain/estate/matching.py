"""Matching what an inventory reports to an endoflife.date product and release cycle.

Method, in this order; the first that answers decides:

1. package URL (purl spec, github.com/package-url/purl-spec): type, namespace and name are
   compared, case ignored, with the products' purl identifiers; version, qualifiers and
   subpath are ignored. The release cycle comes from the purl's version, else the reported
   one.
2. CPE (NIST IR 7695, the 2.3 formatted string `cpe:2.3:a:vendor:product:version:...` or the
   2.2 URI `cpe:/a:vendor:product:version`): vendor and product compared with the products'
   CPE identifiers; the cycle from the CPE's version, else the reported one.
3. a person's mapping (`Mapping`), so a decision made once holds for every later import.
4. the curated rules of `govdx.domain.estate.matching_rules`.

An identifier that names two products is used only if the version picks out one of them.
The release cycle from a version is the product cycle whose name is the longest dotted
prefix of it (`cycle_by_prefix`). A cycle is only ever one the product's data has: where a
method's cycle is missing, the match has no cycle and a note saying why.

There is no loose matching: a name no method recognises gets None, and `suggest` lists
candidates by shared words (difflib's ratio breaking ties) for a person to choose from, to
be kept as a mapping. No false end of life is the aim: a redistributable, a hotfix, a client
library or a management tool is never counted as the product it serves.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote

from govdx.domain.errors import Invalid
from govdx.domain.estate.lifecycle import Product
from govdx.domain.estate.matching_rules import (
    RULES,
    Rule,
    SoftwareRole,
    cycle_by_prefix,
    normalise_name,
)
from govdx.domain.estate.observations import SoftwareFacts

__all__ = [
    "Mapping",
    "Match",
    "MatchMethod",
    "Matcher",
    "SoftwareRole",
    "Suggestion",
    "cycle_by_prefix",
    "parse_cpe",
    "parse_purl",
]


class MatchMethod(StrEnum):
    PURL = "purl"
    CPE = "cpe"
    RULE = "rule"
    MAPPING = "mapping"


@dataclass(frozen=True)
class Match:
    """A product and, where known, its release cycle; `rule` says what matched ("purl
    pkg:deb/ubuntu/python3.12", "rule mssqlserver: ...") and `note` anything a person should
    know, such as why the cycle is missing."""

    product: str
    cycle: str | None
    method: MatchMethod
    rule: str
    note: str = ""


@dataclass(frozen=True)
class Mapping:
    """A person's decision: software called `name` is `product`, release cycle `cycle`.

    `name` and `publisher` are compared case-insensitively with runs of spaces made one;
    `publisher` None means any publisher and `version` None every version. With `cycle` None
    the cycle comes from each reported version. Where several mappings fit, one with a version
    beats one without, then one with a publisher; between equals the later one wins.
    """

    name: str
    publisher: str | None
    version: str | None
    product: str
    cycle: str | None


@dataclass(frozen=True)
class Suggestion:
    """A candidate product for a person to consider; `score` runs from 0 to 1."""

    product: str
    label: str
    score: float


PurlKey = tuple[str, str, str]
CpeKey = tuple[str, str]


def parse_purl(text: str) -> tuple[PurlKey, str | None] | None:
    """((type, namespace, name), version) of a package URL, lower-cased and percent-decoded,
    or None when `text` is not one. PyPI names are normalised ("_" and "." read as "-")."""
    text = text.strip()
    if text[:4].lower() != "pkg:":
        return None
    rest = text[4:].lstrip("/").split("#", 1)[0].split("?", 1)[0].rstrip("/")
    version: str | None = None
    at = rest.rfind("@")
    if at > rest.rfind("/"):
        rest, version = rest[:at], unquote(rest[at + 1 :]) or None
    segments = [unquote(segment) for segment in rest.split("/") if segment]
    if len(segments) < 2:
        return None
    kind, name = segments[0].lower(), segments[-1].lower()
    if kind == "pypi":
        name = re.sub(r"[-_.]+", "-", name)
    return (kind, "/".join(segments[1:-1]).lower(), name), version


def parse_cpe(text: str) -> tuple[CpeKey, str | None] | None:
    """((vendor, product), version) of a CPE 2.3 formatted string or CPE 2.2 URI, lower-cased,
    or None when `text` is not one. "*" and "-" versions count as none."""
    text = text.strip()
    lowered = text.lower()
    if lowered.startswith("cpe:2.3:"):
        fields = [re.sub(r"\\(.)", r"\1", f) for f in re.split(r"(?<!\\):", text[8:])]
    elif lowered.startswith("cpe:/"):
        fields = [unquote(f) for f in text[5:].split(":")]
    else:
        return None
    if len(fields) < 3 or not fields[1] or not fields[2]:
        return None
    version = fields[3] if len(fields) > 3 and fields[3] not in ("", "*", "-") else None
    return (fields[1].lower(), fields[2].lower()), version


class Matcher:
    """Matches `SoftwareFacts` to products (see the module for the method).

    `products` are the endoflife.date products and any supplements; a later product with the
    same slug replaces an earlier one. Building one indexes the identifiers once; `match`
    remembers its answers, so calling it again for the same facts costs a lookup.
    """

    def __init__(
        self,
        products: Iterable[Product],
        mappings: Iterable[Mapping] = (),
        *,
        rules: Sequence[Rule] = RULES,
    ) -> None:
        self._products: dict[str, Product] = {product.slug: product for product in products}
        self._purls: dict[PurlKey, list[tuple[str, str]]] = {}
        self._cpes: dict[CpeKey, list[tuple[str, str]]] = {}
        for product in self._products.values():
            for kind, identifier in product.identifiers:
                if kind == "purl" and (purl := parse_purl(identifier)) is not None:
                    self._purls.setdefault(purl[0], []).append((product.slug, identifier))
                elif kind == "cpe" and (cpe := parse_cpe(identifier)) is not None:
                    self._cpes.setdefault(cpe[0], []).append((product.slug, identifier))
        self._mappings: dict[str, list[Mapping]] = {}
        for mapping in mappings:
            self._mappings.setdefault(_key(mapping.name), []).append(mapping)
        self._rules = tuple(rule for rule in rules if rule.product in self._products)
        # For `suggest`, built on first use: each product, its words, and its label's words
        # in the form difflib compares.
        self._tokens: list[tuple[Product, frozenset[str], str]] | None = None
        self._remembered = functools.lru_cache(maxsize=65536)(self._match)

    def match(
        self, facts: SoftwareFacts, role: SoftwareRole | str = SoftwareRole.SOFTWARE
    ) -> Match | None:
        """The product and release cycle `facts` stand for, or None when no method knows.

        `role` says what the name is: "software" (an installed program), "os" (a device's OS
        name and version) or "hypervisor"; the curated rules for operating systems apply to
        the last two only. Identifiers and mappings apply whatever the role.
        """
        try:
            chosen = SoftwareRole(role)
        except ValueError:
            roles = ", ".join(r.value for r in SoftwareRole)
            raise Invalid(f"{role!r} is not something to match; use one of {roles}.") from None
        return self._remembered(facts, chosen)

    def _match(self, facts: SoftwareFacts, role: SoftwareRole) -> Match | None:
        if facts.purl and (found := self._by_purl(facts, role)) is not None:
            return found
        if facts.cpe and (found := self._by_cpe(facts, role)) is not None:
            return found
        if not facts.name or not facts.name.strip():
            return None
        return self._by_mapping(facts) or self._by_rule(facts, role)

    def _by_purl(self, facts: SoftwareFacts, role: SoftwareRole) -> Match | None:
        parsed = parse_purl(facts.purl or "")
        if parsed is None:
            return None
        key, version = parsed
        candidates = self._purls.get(key, [])
        return self._by_identifier(candidates, version, facts, role, MatchMethod.PURL)

    def _by_cpe(self, facts: SoftwareFacts, role: SoftwareRole) -> Match | None:
        parsed = parse_cpe(facts.cpe or "")
        if parsed is None:
            return None
        key, version = parsed
        candidates = self._cpes.get(key, [])
        return self._by_identifier(candidates, version, facts, role, MatchMethod.CPE)

    def _by_identifier(
        self,
        candidates: list[tuple[str, str]],
        version: str | None,
        facts: SoftwareFacts,
        role: SoftwareRole,
        method: MatchMethod,
    ) -> Match | None:
        if not candidates:
            return None
        version = version or facts.version
        if len({slug for slug, _ in candidates}) > 1:
            # An identifier two products share counts only where the version picks one out.
            candidates = [
                (slug, identifier)
                for slug, identifier in candidates
                if cycle_by_prefix(version, self._products[slug]) is not None
            ]
            if len({slug for slug, _ in candidates}) != 1:
                return None
        slug, identifier = candidates[0]
        product = self._products[slug]
        shown = f"{method.value} {identifier}"
        cycle = cycle_by_prefix(version, product)
        if cycle is not None:
            return Match(slug, cycle, method, shown)
        # The version is not in the cycles' style (a CPE's "2014" for SQL Server 2014): a
        # curated rule for the same product may still read the cycle from the name.
        by_rule = self._by_rule(facts, role)
        if by_rule is not None and by_rule.product == slug and by_rule.cycle is not None:
            note = f"release cycle by {by_rule.rule}"
            return Match(slug, by_rule.cycle, method, shown, note)
        return Match(slug, None, method, shown, _why_no_cycle(version, product))

    def _by_mapping(self, facts: SoftwareFacts) -> Match | None:
        publisher = _key(facts.publisher) if facts.publisher else None
        version = facts.version.strip() if facts.version else None
        chosen: Mapping | None = None
        chosen_rank = -1
        for mapping in self._mappings.get(_key(facts.name), ()):
            if mapping.publisher is not None and _key(mapping.publisher) != publisher:
                continue
            if mapping.version is not None and mapping.version.strip() != version:
                continue
            rank = 2 * (mapping.version is not None) + (mapping.publisher is not None)
            if rank >= chosen_rank:
                chosen, chosen_rank = mapping, rank
        if chosen is None:
            return None
        shown = f"mapping '{chosen.name}'" + (
            f" version {chosen.version}" if chosen.version is not None else " (every version)"
        )
        product = self._products.get(chosen.product)
        if product is None:
            return Match(
                chosen.product,
                chosen.cycle,
                MatchMethod.MAPPING,
                shown,
                f"{chosen.product} is not in the lifecycle data",
            )
        if chosen.cycle is not None:
            if product.cycle(chosen.cycle) is not None:
                return Match(product.slug, chosen.cycle, MatchMethod.MAPPING, shown)
            note = f"the mapping's release cycle {chosen.cycle} is not in the {product.label} data"
            return Match(product.slug, None, MatchMethod.MAPPING, shown, note)
        cycle = cycle_by_prefix(facts.version, product)
        note = "release cycle from the version" if cycle else _why_no_cycle(facts.version, product)
        return Match(product.slug, cycle, MatchMethod.MAPPING, shown, note)

    def _by_rule(self, facts: SoftwareFacts, role: SoftwareRole) -> Match | None:
        if not facts.name:
            return None
        name = normalise_name(facts.name)
        for rule in self._rules:
            if role not in rule.roles:
                continue
            found = rule.pattern.fullmatch(name)
            if found is None:
                continue
            if rule.publisher and facts.publisher and not rule.publisher.search(facts.publisher):
                continue
            product = self._products[rule.product]
            choice = rule.cycle(found, facts.version, product)
            cycle, note = choice.cycle, choice.note
            if cycle is not None and product.cycle(cycle) is None:
                missing = (
                    f"the rule gives release cycle {cycle}, which the {product.label} data lacks"
                )
                cycle, note = None, f"{note}; {missing}" if note else missing
            return Match(product.slug, cycle, MatchMethod.RULE, rule.describe, note)
        return None

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        """Up to `limit` products a person might mean by `name`, best first: the share of the
        product's words (label, slug, aliases) found in the name, with difflib's similarity
        of name and label counting a quarter. Only products sharing a word are listed.
        Suggestions only: `match` never uses them."""
        words = _words(name)
        if not words or limit <= 0:
            return []
        if self._tokens is None:
            self._tokens = [
                (
                    product,
                    _words(" ".join([product.label, *product.slug.split("-"), *product.aliases])),
                    " ".join(sorted(_words(product.label))),
                )
                for product in self._products.values()
            ]
        plain = " ".join(sorted(words))
        scored: list[Suggestion] = []
        for product, tokens, label in self._tokens:
            shared = words & tokens
            if not shared or not tokens:
                continue
            likeness = difflib.SequenceMatcher(None, plain, label).ratio()
            score = 0.75 * len(shared) / len(tokens) + 0.25 * likeness
            scored.append(Suggestion(product.slug, product.label, round(score, 3)))
        scored.sort(key=lambda s: (-s.score, s.label))
        return scored[:limit]


_IGNORED_WORDS = frozenset(
    {"the", "and", "for", "of", "a", "an", "edition", "version", "update", "bit", "x64", "x86"}
)


def _words(text: str) -> frozenset[str]:
    """The words of a name that say what it is: lower case, without numbers and filler."""
    return frozenset(
        word
        for word in re.findall(r"[a-z][a-z0-9+#]*", normalise_name(text).casefold())
        if word not in _IGNORED_WORDS
    )


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _why_no_cycle(version: str | None, product: Product) -> str:
    if not version:
        return "no version was reported, so the release cycle is unknown"
    return f"version {version} is in none of the {product.label} release cycles"
