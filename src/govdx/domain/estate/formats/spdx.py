"""SPDX 2.2 and 2.3 JSON documents as observations of one "device".

An SPDX document lists the packages in one thing. What stands for the device:

- the package the document describes (`documentDescribes`, or a DESCRIBES relationship from
  the document) when there is exactly one and its purpose is CONTAINER or DEVICE: for a
  container image (as syft writes it) the image is the device, named by the image's name;
- otherwise the document's own `name`, and every package, described ones included, is
  software on it.

Each other package is one piece of software: its name and `versionInfo` as written; its
publisher from `supplier`, else `originator`, without the "Organization:" or "Person:" label
and a trailing "(email)"; its package URL from a PACKAGE-MANAGER purl reference and its CPE
from a SECURITY cpe23Type reference. The first OPERATING-SYSTEM package gives the device's
operating system. `creationInfo.created` is the day the device was seen. Tag-value SPDX and
SPDX 3 are not read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from govdx.domain.tabular import ImportProblems, Problem

from ..observations import DeviceFacts, Observation, SoftwareFacts
from .values import load_json, refuse, seen_in, text

_DEVICE_PURPOSES = frozenset({"CONTAINER", "DEVICE"})
_PARTY = re.compile(r"(?:Organization|Person|Tool)\s*:\s*(.*)", re.IGNORECASE | re.DOTALL)
_CONTACT = re.compile(r"\s*\(([^()]*@[^()]*)?\)\s*$")  # "(jane@example.com)" or "()"


@dataclass(frozen=True)
class _Package:
    place: str
    spdx_id: str
    purpose: str | None
    software: SoftwareFacts


def read_spdx(data: bytes, *, name: str, observed: datetime.date | None) -> Iterator[Observation]:
    """The device first (placed at its package or at `name`), then each package as software.

    Raises ImportProblems, before anything is emitted, for a file that is not SPDX 2 JSON or
    whose document or packages lack a required name or SPDXID.
    """
    document = load_json(data, name)
    if not isinstance(document, dict) or "spdxVersion" not in document:
        raise refuse(f'{name} is not an SPDX document: it needs "spdxVersion" at the top')
    version = text(document.get("spdxVersion"))
    if version not in {"SPDX-2.2", "SPDX-2.3"}:
        raise refuse(
            f"{name} is {version or 'of no SPDX version'}; govdx reads SPDX 2.2 and 2.3 JSON",
            element="spdxVersion",
        )
    problems: list[Problem] = []
    document_name = text(document.get("name"))
    if document_name is None:
        problems.append(Problem(None, None, "the document has no name", element="name"))
    packages = _packages(document.get("packages", []), problems)
    if problems or document_name is None:
        raise ImportProblems(problems)
    described = _described(document)
    candidates = [package for package in packages if package.spdx_id in described]
    device_package = (
        candidates[0]
        if len(candidates) == 1 and candidates[0].purpose in _DEVICE_PURPOSES
        else None
    )
    system = next((p for p in packages if p.purpose == "OPERATING-SYSTEM"), None)
    created = document.get("creationInfo", {})
    created = created.get("created") if isinstance(created, dict) else None
    # The creation time is the document's metadata, not an inventory fact: one that cannot be
    # read (syft's golden files say "redacted") leaves the day seen to the caller's `observed`.
    last_seen, _ = seen_in(created, "creationInfo.created")
    device = DeviceFacts(
        hostname=device_package.software.name if device_package else document_name,
        os_name=system.software.name if system else None,
        os_version=system.software.version if system else None,
        last_seen=last_seen or observed,
    )
    yield Observation(device_package.place if device_package else "name", device)
    for package in packages:
        if package is not device_package:
            yield Observation(package.place, device, package.software)


def _packages(listed: object, problems: list[Problem]) -> list[_Package]:
    if not isinstance(listed, list):
        problems.append(Problem(None, None, "packages is not a list", element="packages"))
        return []
    packages = []
    for index, value in enumerate(listed):
        place = f"packages[{index}]"
        if not isinstance(value, dict):
            problems.append(Problem(None, None, "a package must be an object", element=place))
            continue
        name, spdx_id = text(value.get("name")), text(value.get("SPDXID"))
        if name is None:
            problems.append(Problem(None, None, "this package has no name", element=place))
        if spdx_id is None:
            problems.append(Problem(None, None, "this package has no SPDXID", element=place))
        if name is None or spdx_id is None:
            continue
        software = SoftwareFacts(
            name=name,
            publisher=_party(value.get("supplier")) or _party(value.get("originator")),
            version=text(value.get("versionInfo")),
            purl=_reference(value, "PACKAGE-MANAGER", "purl"),
            cpe=_reference(value, "SECURITY", "cpe23Type"),
        )
        purpose = text(value.get("primaryPackagePurpose"))
        packages.append(_Package(place, spdx_id, purpose.upper() if purpose else None, software))
    return packages


def _described(document: dict[str, Any]) -> set[str]:
    """The SPDXIDs the document says it describes, by either of SPDX's two ways of saying it."""
    own = text(document.get("SPDXID")) or "SPDXRef-DOCUMENT"
    listed = document.get("documentDescribes", [])
    described = {text(item) for item in listed} if isinstance(listed, list) else set()
    relationships = document.get("relationships", [])
    for relationship in relationships if isinstance(relationships, list) else []:
        if not isinstance(relationship, dict):
            continue
        kind = text(relationship.get("relationshipType"))
        subject = text(relationship.get("spdxElementId"))
        related = text(relationship.get("relatedSpdxElement"))
        if kind == "DESCRIBES" and subject == own:
            described.add(related)
        elif kind == "DESCRIBED_BY" and related == own:
            described.add(subject)
    return {item for item in described if item}


def _party(value: object) -> str | None:
    """ "Organization: Example Ltd (contact@example.com)" gives "Example Ltd"."""
    written = text(value)
    if written is None:
        return None
    if match := _PARTY.fullmatch(written):
        written = match[1]
    return text(_CONTACT.sub("", written))


def _reference(package: dict[str, Any], category: str, kind: str) -> str | None:
    """The first external reference of this category and type ("PACKAGE_MANAGER", as SPDX 2.2
    writes it, counts as "PACKAGE-MANAGER")."""
    references = package.get("externalRefs", [])
    for reference in references if isinstance(references, list) else []:
        if not isinstance(reference, dict):
            continue
        found = (text(reference.get("referenceCategory")) or "").replace("_", "-").upper()
        if found == category and text(reference.get("referenceType")) == kind:
            return text(reference.get("referenceLocator"))
    return None
