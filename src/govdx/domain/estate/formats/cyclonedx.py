"""CycloneDX SBOMs (JSON or XML, specification 1.2 to 1.6) as observations of one device.

The device is what `metadata.component` describes: its name is the host name, unless it is an
operating system (as in an OBOM made by cdxgen, whose metadata.component is the operating
system itself), when the host name comes from a property (`hostname`, `computer_name`, in any
namespace such as `cdx:device:hostname`) or else from the caller. Serial number, asset tag,
manufacturer and model come from properties of the metadata or of its component
(`serialNumber`, `hardware_serial`, `asset_tag`, `hardware_vendor`, `hardware_model`...), and a
`device` component's manufacturer or supplier is taken as its maker. The first operating-system
component (metadata.component, else in `components`) gives the device's operating system and
version, and is reported as software too.

Every component of type application, library, framework, operating-system, firmware or
device-driver, nested ones included, is one piece of software: its name, version, package URL
and CPE as written; its publisher from `publisher`, else `supplier.name`, `manufacturer.name`,
`author` or the first of `authors`. `metadata.timestamp` is the day the device was seen.

XML is parsed with defusedxml and any DTD is refused, so entity expansion ("billion laughs")
and external entities never run; an SBOM has no use for either.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl, InputSource, Locator

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]  # ships no types
from defusedxml.expatreader import create_parser  # type: ignore[import-untyped]

from govdx.domain.tabular import ImportProblems, Problem
from govdx.domain.tabular.parsers import normalise_label

from ..observations import DeviceFacts, Observation, SoftwareFacts
from .values import load_json, refuse, seen_in, text

SOFTWARE_TYPES = frozenset(
    {"application", "library", "framework", "operating-system", "firmware", "device-driver"}
)
_OPERATING_SYSTEM = "operating-system"
_NAMESPACE = "http://cyclonedx.org/schema/bom/"
_SPEC_VERSION = re.compile(r"1\.([2-9]|\d{2,})")
_SPEC_HELP = "govdx reads CycloneDX 1.2 to 1.6"

# Property names (the part after the last colon, normalised) that describe the device.
_HOSTNAME = ("hostname", "computername", "devicename")
_SERIAL = ("serialnumber", "serial", "hardwareserial")
_ASSET_TAG = ("assettag",)
_MANUFACTURER = ("hardwarevendor", "hardwaremanufacturer", "manufacturer")
_MODEL = ("hardwaremodel", "model")


@dataclass(frozen=True)
class _Component:
    """A component as either encoding writes it; `place` names where it is in the file."""

    place: str
    type: str
    name: str
    version: str | None = None
    publisher: str | None = None
    maker: str | None = None  # manufacturer, else supplier: for a device
    purl: str | None = None
    cpe: str | None = None
    properties: dict[str, str] = field(default_factory=dict)

    def software(self) -> SoftwareFacts:
        return SoftwareFacts(self.name, self.publisher, self.version, self.purl, self.cpe)


@dataclass(frozen=True)
class _Bom:
    metadata_place: str
    device: _Component | None
    components: list[_Component]  # every component, nested ones after their parent
    properties: dict[str, str]  # the metadata's own
    timestamp: object
    timestamp_place: str


def read_cyclonedx(
    data: bytes, *, name: str, hostname: str | None, observed: datetime.date | None
) -> Iterator[Observation]:
    """The device first (placed at metadata.component, with its operating system as software
    when that is what metadata.component is), then each piece of software.

    Raises ImportProblems, before anything is emitted, for a file that is not a CycloneDX SBOM,
    whose components lack a name or type, or that does not say which device it describes and
    `hostname` does not either.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    bom = _bom_from_xml(data, name) if head.startswith(b"<") else _bom_from_json(data, name)
    device = _device_facts(bom, name=name, hostname=hostname, observed=observed)
    last_seen_problems = seen_in(bom.timestamp, bom.timestamp_place)[1]
    first = bom.device
    yield Observation(
        first.place if first else bom.metadata_place,
        device,
        first.software() if first and first.type == _OPERATING_SYSTEM else None,
        problems=last_seen_problems,
    )
    for component in bom.components:
        if component.type in SOFTWARE_TYPES:
            yield Observation(component.place, device, component.software())


def _device_facts(
    bom: _Bom, *, name: str, hostname: str | None, observed: datetime.date | None
) -> DeviceFacts:
    component = bom.device
    properties = {**bom.properties, **(component.properties if component else {})}

    def find(keys: tuple[str, ...]) -> str | None:
        return next((properties[key] for key in keys if key in properties), None)

    is_system = component is not None and component.type == _OPERATING_SYSTEM
    system = (
        component
        if is_system
        else next((c for c in bom.components if c.type == _OPERATING_SYSTEM), None)
    )
    is_device = component is not None and component.type == "device"
    device = DeviceFacts(
        hostname=find(_HOSTNAME) or (component.name if component and not is_system else None),
        serial=find(_SERIAL),
        asset_tag=find(_ASSET_TAG),
        manufacturer=find(_MANUFACTURER) or (component.maker if is_device and component else None),
        model=find(_MODEL),
        os_name=system.name if system else None,
        os_version=system.version if system else None,
        last_seen=seen_in(bom.timestamp, bom.timestamp_place)[0] or observed,
    )
    if device.identified:
        return device
    if hostname:
        return replace(device, hostname=hostname)
    what = "the operating system" if is_system else "missing"
    raise refuse(
        f"{name} does not say which device it describes: its metadata.component is {what} and "
        "no property gives a host name or serial number; give the host name when importing it",
        element=component.place if component else bom.metadata_place,
    )


def _check_spec_version(version: str | None, name: str, element: str) -> None:
    if version is None or not _SPEC_VERSION.fullmatch(version):
        shown = f"\u201c{version}\u201d" if version else "missing"
        raise refuse(f"{name}: the CycloneDX version is {shown}; {_SPEC_HELP}", element=element)


# --- JSON ----------------------------------------------------------------------------------


def _bom_from_json(data: bytes, name: str) -> _Bom:
    document = load_json(data, name)
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        raise refuse(f'{name} is not a CycloneDX SBOM: it needs "bomFormat": "CycloneDX"')
    _check_spec_version(text(document.get("specVersion")), name, "specVersion")
    problems: list[Problem] = []
    metadata = document.get("metadata", {})
    if not isinstance(metadata, dict):
        problems.append(Problem(None, None, "metadata is not an object", element="metadata"))
        metadata = {}
    device = None
    if "component" in metadata:
        found = _json_components(metadata["component"], "metadata.component", problems)
        device = found[0] if found else None
    components: list[_Component] = []
    listed = document.get("components", [])
    if isinstance(listed, list):
        for index, value in enumerate(listed):
            components.extend(_json_components(value, f"components[{index}]", problems))
    else:
        problems.append(Problem(None, None, "components is not a list", element="components"))
    if problems:
        raise ImportProblems(problems)
    return _Bom(
        "metadata",
        device,
        components,
        _json_properties(metadata.get("properties")),
        metadata.get("timestamp"),
        "metadata.timestamp",
    )


def _json_components(value: object, place: str, problems: list[Problem]) -> list[_Component]:
    """The component at `place` then those nested in it; problems for a missing name or type."""
    if not isinstance(value, dict):
        problems.append(Problem(None, None, "a component must be an object", element=place))
        return []
    kind, name = text(value.get("type")), text(value.get("name"))
    if kind is None:
        problems.append(Problem(None, None, "this component has no type", element=place))
    if name is None:
        problems.append(Problem(None, None, "this component has no name", element=place))
    found = []
    if kind is not None and name is not None:
        authors = value.get("authors")
        first_author = authors[0] if isinstance(authors, list) and authors else None
        maker = _json_name(value.get("manufacturer")) or _json_name(value.get("supplier"))
        found.append(
            _Component(
                place=place,
                type=kind,
                name=name,
                version=text(value.get("version")),
                publisher=text(value.get("publisher"))
                or maker
                or text(value.get("author"))
                or _json_name(first_author),
                maker=maker,
                purl=text(value.get("purl")),
                cpe=text(value.get("cpe")),
                properties=_json_properties(value.get("properties")),
            )
        )
    nested = value.get("components", [])
    if isinstance(nested, list):
        for index, child in enumerate(nested):
            found.extend(_json_components(child, f"{place}.components[{index}]", problems))
    return found


def _json_name(value: object) -> str | None:
    return text(value.get("name")) if isinstance(value, dict) else None


def _json_properties(value: object) -> dict[str, str]:
    properties: dict[str, str] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            key, found = text(item.get("name")), text(item.get("value"))
            if key and found:
                properties.setdefault(_property_key(key), found)
    return properties


def _property_key(name: str) -> str:
    """`cdx:device:serialNumber` and `serial_number` are both "serialnumber"."""
    return normalise_label(name.rsplit(":", 1)[-1])


# --- XML -----------------------------------------------------------------------------------


@dataclass
class _Element:
    namespace: str
    name: str
    attributes: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return text("".join(self.text_parts))

    def all(self, name: str) -> list[_Element]:
        """The children called `name` in this element's namespace."""
        return [c for c in self.children if c.name == name and c.namespace == self.namespace]

    def first(self, name: str) -> _Element | None:
        found = self.all(name)
        return found[0] if found else None

    def child_text(self, name: str) -> str | None:
        child = self.first(name)
        return child.text if child else None


class _TreeBuilder(ContentHandler):
    """A small element tree that, unlike ElementTree's, keeps each element's line."""

    def __init__(self) -> None:
        super().__init__()
        self.root: _Element | None = None
        self._open: list[_Element] = []
        self._where: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self._where = locator

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        namespace, local = name
        element = _Element(
            namespace or "",
            local,
            {key[1]: value for key, value in attrs.items()},
            (self._where.getLineNumber() or 0) if self._where else 0,
        )
        if self._open:
            self._open[-1].children.append(element)
        else:
            self.root = element
        self._open.append(element)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self._open.pop()

    def characters(self, content: str) -> None:
        if self._open:
            self._open[-1].text_parts.append(content)


def _parse_xml(data: bytes, name: str) -> _Element:
    builder = _TreeBuilder()
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(builder)
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except DefusedXmlException:
        raise refuse(
            f"{name} declares a document type or entities, which are refused: they can expand "
            "without limit or read other files, and an SBOM needs neither; export it again "
            "without a DOCTYPE"
        ) from None
    except SAXParseException as error:
        raise refuse(
            f"{name} is not well-formed XML: {error.getMessage()}",
            element=f"line {error.getLineNumber()}",
        ) from None
    if builder.root is None:  # pragma: no cover - expat refuses a document with no element
        raise refuse(f"{name} holds no XML element")
    return builder.root


def _bom_from_xml(data: bytes, name: str) -> _Bom:
    root = _parse_xml(data, name)
    if root.name != "bom" or not root.namespace.startswith(_NAMESPACE):
        raise refuse(
            f"{name} is not a CycloneDX SBOM: its root element should be <bom> in the "
            f"{_NAMESPACE}\u2026 namespace",
            element=f"line {root.line}",
        )
    _check_spec_version(root.namespace.removeprefix(_NAMESPACE), name, f"line {root.line}")
    problems: list[Problem] = []
    metadata = root.first("metadata")
    device = None
    if metadata is not None and (element := metadata.first("component")) is not None:
        found = _xml_components(element, "bom/metadata/component", problems)
        device = found[0] if found else None
    components: list[_Component] = []
    if (listed := root.first("components")) is not None:
        for index, element in enumerate(listed.all("component"), start=1):
            components.extend(
                _xml_components(element, f"bom/components/component[{index}]", problems)
            )
    if problems:
        raise ImportProblems(problems)
    timestamp = metadata.first("timestamp") if metadata is not None else None
    return _Bom(
        f"bom/metadata (line {metadata.line})" if metadata is not None else "bom/metadata",
        device,
        components,
        _xml_properties(metadata),
        timestamp.text if timestamp is not None else None,
        f"bom/metadata/timestamp (line {timestamp.line})" if timestamp is not None else "",
    )


def _xml_components(element: _Element, path: str, problems: list[Problem]) -> list[_Component]:
    place = f"{path} (line {element.line})"
    kind, name = text(element.attributes.get("type")), element.child_text("name")
    if kind is None:
        problems.append(Problem(None, None, "this component has no type", element=place))
    if name is None:
        problems.append(Problem(None, None, "this component has no name", element=place))
    found = []
    if kind is not None and name is not None:
        maker = _xml_name(element.first("manufacturer")) or _xml_name(element.first("supplier"))
        authors = element.first("authors")
        first_author = authors.first("author") if authors is not None else None
        found.append(
            _Component(
                place=place,
                type=kind,
                name=name,
                version=element.child_text("version"),
                publisher=element.child_text("publisher")
                or maker
                or element.child_text("author")
                or _xml_name(first_author),
                maker=maker,
                purl=element.child_text("purl"),
                cpe=element.child_text("cpe"),
                properties=_xml_properties(element),
            )
        )
    if (nested := element.first("components")) is not None:
        for index, child in enumerate(nested.all("component"), start=1):
            found.extend(_xml_components(child, f"{path}/components/component[{index}]", problems))
    return found


def _xml_name(element: _Element | None) -> str | None:
    return element.child_text("name") if element is not None else None


def _xml_properties(element: _Element | None) -> dict[str, str]:
    properties: dict[str, str] = {}
    listed = element.first("properties") if element is not None else None
    for item in listed.all("property") if listed is not None else []:
        key, value = text(item.attributes.get("name")), item.text
        if key and value:
            properties.setdefault(_property_key(key), value)
    return properties
